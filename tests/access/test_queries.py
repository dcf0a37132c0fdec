"""The target: the access check adds at most 2 queries to any page, whatever the depth of the
management chain (a 6-level chain here; `benchmarks/access.py` times it at scale)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.accounts.models import Person

from .counting import access_queries
from .helpers import World, build_world, signed_in
from .test_matrix import RULES, request, url_of, walk

pytestmark = pytest.mark.django_db

KINDS = ["manager_up_chain", "raiser", "receiving_holder", "business_manager", "administrator",
         "neighbour_staff", "colleague_same_agency"]  # fmt: skip


@pytest.fixture(scope="module")
def routes() -> list[Any]:
    return [r for r in walk() if not r.is_admin and RULES[r.name or ""].kind != "public"]


def test_the_chain_is_six_levels_deep() -> None:
    world = build_world(chain_depth=6)
    person: Person | None = world["raising_holder"]
    levels = 0
    while person is not None and person.line_manager is not None:
        person = person.line_manager
        levels += 1
    assert levels == 6
    assert person == world["manager_up_chain"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_access_check_adds_at_most_two_queries_to_any_page(
    kind: str, routes: list[Any]
) -> None:
    world = build_world(chain_depth=6)
    client = signed_in(world[kind])
    client.get(reverse("web:case-list"))  # the session is warm, as on any later page
    over = []
    counted = 0
    for route in routes:
        url = url_of(route, world)
        with access_queries() as tally:
            request(client, "GET", url)
        counted += len(tally.queries)
        if len(tally.queries) > 2:
            over.append(f"{url}: {len(tally.queries)}\n  " + "\n  ".join(tally.queries))
    assert not over, "\n".join(over)
    assert counted > len(routes) / 2  # the counting sees the rules' queries at all


def _case_page_queries(world: World, viewer: Person) -> tuple[int, int]:
    client = signed_in(viewer)
    client.get(reverse("web:case-list"))
    url = reverse("web:case-detail", args=[world.case.reference])
    with CaptureQueriesContext(connection) as everything, access_queries() as tally:
        response = client.get(url)
    assert response.status_code == 200
    return len(everything.captured_queries), len(tally.queries)


def test_the_case_page_costs_the_same_at_every_depth_of_the_chain() -> None:
    world = build_world(chain_depth=6)
    counts = set()
    person: Person | None = world["raising_holder"].line_manager
    while person is not None:  # each of the six managers above the holder
        counts.add(_case_page_queries(world, person))
        person = person.line_manager
    assert len(counts) == 1, counts
    (total, checking) = counts.pop()
    assert 1 <= checking <= 2  # the case read through the rules, and the person's roles
    assert total <= 12

"""The partnership's list of cases for its staff: filters, sorting, pages, finding a case."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.cases.models import Case
from tests.access.helpers import signed_in
from tests.factories import (
    RAISED_AT,
    AgencyFactory,
    ClosedCaseFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("web:partnership-cases")


def _references(html: str) -> list[str]:
    if "<table" not in html:
        return []
    table = html[html.index("<table") : html.index("</table>")]
    return re.findall(r'href="/cases/(ACC-\d{4}-\d{5})/"', table)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    first = OpenCaseFactory(theme="Thresholds")
    home, version = first.partnership, first.policy_version
    police = AgencyFactory(home_partnership=home, name="Constabulary")
    police.serves.add(home)
    second = OpenCaseFactory(
        partnership=home, policy_version=version, receiving_agency=police, urgent=True,
        reason="Risk tonight", now=RAISED_AT + timedelta(days=3), theme="Communication",
    )  # fmt: skip
    closed = ClosedCaseFactory(partnership=home, policy_version=version)
    elsewhere = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=home, role="business_manager").person
    return {"first": first, "second": second, "closed": closed, "elsewhere": elsewhere,
            "manager": manager, "police": police, "home": home}  # fmt: skip


def test_the_business_manager_sees_every_case_of_the_partnership(world: dict[str, Any]) -> None:
    response = signed_in(world["manager"]).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Partnership cases – Accord</title>" in html
    assert sorted(_references(html)) == sorted(
        world[name].reference for name in ("first", "second", "closed")
    )
    assert "3 cases." in html
    assert 'class="govuk-service-navigation__link" href="/cases/partnership/" aria-current' in html


@pytest.mark.parametrize("role", ["business_manager", "independent_chair", "administrator"])
def test_oversight_staff_open_it(world: dict[str, Any], role: str) -> None:
    person = PartnershipRoleFactory(partnership=world["home"], role=role).person
    assert len(_references(signed_in(person).get(URL).content.decode())) == 3


def test_panel_members_see_the_list_of_the_cases_they_may_decide(world: dict[str, Any]) -> None:
    panel = PartnershipRoleFactory(partnership=world["home"], role="panel_member").person
    response = signed_in(panel).get(URL)
    assert response.status_code == 200
    assert world["first"].reference in response.content.decode()


def test_everyone_else_is_refused(world: dict[str, Any]) -> None:
    lead = PersonFactory(agency=world["police"], is_safeguarding_lead=True)
    for person in (lead, world["first"].raised_by, PersonFactory()):
        response = signed_in(person).get(URL)
        assert response.status_code == 403
        assert world["first"].reference not in response.content.decode()
        assert signed_in(person).post(URL).status_code == 403


def test_a_post_is_not_allowed(world: dict[str, Any]) -> None:
    assert signed_in(world["manager"]).post(URL).status_code == 405


def test_the_filters_narrow_the_list(world: dict[str, Any]) -> None:
    client = signed_in(world["manager"])
    police = world["police"].pk

    def listed(query: dict[str, str]) -> set[str]:
        return set(_references(client.get(URL, query).content.decode()))

    assert listed({"status": "closed"}) == {world["closed"].reference}
    assert listed({"status": "active"}) == {world["first"].reference, world["second"].reference}
    assert listed({"agency": str(police)}) == {world["second"].reference}
    assert listed({"urgent": "on"}) == {world["second"].reference}
    assert listed({"theme": "Thresholds"}) == {world["first"].reference}
    assert listed({"overdue": "1", "status": "closed"}) == set()
    assert listed({"overdue": "1"}) == {world["first"].reference, world["second"].reference}
    assert listed({"raised_from": "4/6/2026"}) == {world["second"].reference}
    assert listed({"stage": "1", "raised_to": "2026-06-01"}) == {
        world["first"].reference,
        world["closed"].reference,
    }


def test_the_form_shows_the_filters_applied_and_offers_to_remove_each(
    world: dict[str, Any],
) -> None:
    client = signed_in(world["manager"])
    html = client.get(URL, {"status": "open", "urgent": "1", "raised_from": "2026-06-04"}).content
    page = html.decode()
    assert re.search(r'<button type="submit" class="govuk-button[^"]*"[^>]*>\s*Apply filters', page)
    assert '<option value="open" selected>Open</option>' in page
    assert re.search(r'name="urgent" type="checkbox"\s+checked', page)
    assert 'value="4/6/2026"' in page  # shown the way people type dates
    assert "Selected filters" in page
    assert 'href="?urgent=1&amp;raised_from=2026-06-04"' in page  # without "Open"
    assert '<span class="govuk-visually-hidden">Remove this filter</span> Urgent' in page
    assert "1 case matches the filters." in page
    html = client.get(URL, {"status": "active"}).content.decode()
    assert "2 cases match the filters." in html


def test_the_choices_are_the_partnerships_agencies_stages_and_themes(
    world: dict[str, Any],
) -> None:
    html = signed_in(world["manager"]).get(URL).content.decode()
    agency = html[
        html.index('name="agency"') : html.index("</select>", html.index('name="agency"'))
    ]
    assert "Constabulary" in agency
    assert world["elsewhere"].raising_agency.name not in agency
    stage = html[html.index('name="stage"') : html.index("</select>", html.index('name="stage"'))]
    assert re.findall(r">Stage (\d)<", stage) == ["1", "2", "3", "4"]  # the example policy's
    theme = html[html.index('name="theme"') : html.index("</select>", html.index('name="theme"'))]
    assert "Roles and responsibilities" in theme
    assert 'name="partnership"' not in html  # staff of one partnership do not choose


def test_staff_of_several_partnerships_choose_one(world: dict[str, Any]) -> None:
    other = world["elsewhere"].partnership
    PartnershipRoleFactory(person=world["manager"], partnership=other, role="administrator")
    client = signed_in(world["manager"])
    html = client.get(URL).content.decode()
    assert 'name="partnership"' in html
    assert world["elsewhere"].reference in _references(html)
    only = client.get(URL, {"partnership": str(other.pk)}).content.decode()
    assert _references(only) == [world["elsewhere"].reference]


@pytest.mark.parametrize(
    ("query", "message", "anchor"),
    [
        ({"stage": "two"}, "Choose a stage from the list", "id_stage"),
        ({"stage": "9"}, "Choose a stage from the list", "id_stage"),
        ({"agency": "999999"}, "Choose an agency from the list", "id_agency"),
        ({"status": "lost"}, "Choose a status from the list", "id_status"),
        ({"raised_from": "31/2/2026"}, "Raised from must be a real date, like 27/3/2026",
         "id_raised_from"),
        ({"raised_from": "2/6/2026", "raised_to": "1/6/2026"},
         "Raised to must be the same as or after raised from", "id_raised_to"),
    ],
)  # fmt: skip
def test_a_bad_filter_shows_the_error_summary_not_a_server_error(
    world: dict[str, Any], query: dict[str, str], message: str, anchor: str
) -> None:
    response = signed_in(world["manager"]).get(URL, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Partnership cases – Accord</title>" in html
    assert f'<a href="#{anchor}">{message}</a>' in html
    assert "Correct the filters to see the cases." in html
    assert _references(html) == []


def test_a_bad_sort_is_explained_too(world: dict[str, Any]) -> None:
    html = signed_in(world["manager"]).get(URL, {"sort": "password"}).content.decode()
    assert "<li>Sort the cases by one of the columns</li>" in html


def test_a_bad_filter_the_form_has_no_field_for_is_explained_too(world: dict[str, Any]) -> None:
    # found by tests/access/test_hostile_input.py: a 500 before
    response = signed_in(world["manager"]).get(URL, {"raising_agency": "-1"})
    assert response.status_code == 200
    assert "<li>Choose a raising agency from the list</li>" in response.content.decode()


def test_what_was_typed_wrongly_is_kept(world: dict[str, Any]) -> None:
    html = signed_in(world["manager"]).get(URL, {"raised_to": "next week"}).content.decode()
    assert 'value="next week"' in html


def test_columns_sort_with_links_and_aria_sort(world: dict[str, Any]) -> None:
    client = signed_in(world["manager"])
    html = client.get(URL).content.decode()
    assert re.search(r'aria-sort="descending"><a [^>]*href="\?sort=raised_at">Raised</a>', html)
    assert re.search(r'aria-sort="none"><a [^>]*href="\?sort=reference">Reference</a>', html)
    ascending = client.get(URL, {"sort": "reference", "status": "open"}).content.decode()
    assert re.search(
        r'aria-sort="ascending"><a [^>]*href="\?status=open&amp;sort=-reference">Reference</a>',
        ascending,
    )
    assert _references(ascending) == [world["first"].reference, world["second"].reference]
    descending = client.get(URL, {"sort": "-reference", "status": "open"}).content.decode()
    assert _references(descending) == [world["second"].reference, world["first"].reference]


def test_the_list_is_paginated_keeping_the_filters(world: dict[str, Any]) -> None:
    first = world["first"]
    for _ in range(50):
        OpenCaseFactory(
            partnership=first.partnership, policy_version=first.policy_version,
            raising_agency=first.raising_agency, receiving_agency=first.receiving_agency,
        )  # fmt: skip
    client = signed_in(world["manager"])
    html = client.get(URL, {"status": "open", "sort": "reference"}).content.decode()
    assert len(_references(html)) == 50
    assert 'href="?status=open&amp;sort=reference&amp;page=2"' in html
    two = client.get(URL, {"status": "open", "sort": "reference", "page": "2"}).content.decode()
    assert len(_references(two)) == 2  # 52 open cases
    assert "Page 2 of 2" in two


def test_finding_by_reference_goes_to_the_case(world: dict[str, Any]) -> None:
    reference = world["second"].reference
    response = signed_in(world["manager"]).get(URL, {"reference": f" {reference.lower()}"})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("web:case-detail", args=[reference])


def test_a_reference_not_seen_says_so_without_saying_whether_it_exists(
    world: dict[str, Any],
) -> None:
    client = signed_in(world["manager"])
    for reference in (world["elsewhere"].reference, "ACC-2031-77777"):
        html = client.get(URL, {"reference": reference}).content.decode()
        assert f'<a href="#id_reference">No case {reference} that you can see</a>' in html
        assert len(_references(html)) == 3  # the list is still there


@pytest.mark.parametrize("cases", [2, 30])
def test_the_list_runs_a_fixed_number_of_queries(world: dict[str, Any], cases: int) -> None:
    first = world["first"]
    for _ in range(cases):
        OpenCaseFactory(
            partnership=first.partnership, policy_version=first.policy_version,
            raising_agency=first.raising_agency, receiving_agency=first.receiving_agency,
        )  # fmt: skip
    client = signed_in(world["manager"])
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"status": "open", "overdue": "1", "sort": "next_due"})
    assert response.status_code == 200
    assert len(queries.captured_queries) <= 15
    assert len(_references(response.content.decode())) == cases + 2
    assert Case.objects.count() == cases + 4


def test_a_long_list_says_more_than_and_pages_on(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.web.views import queues

    monkeypatch.setattr(queues, "COUNT_CAP", 2)
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    client = signed_in(world["manager"])
    html = client.get(URL, {"sort": "reference"}).content.decode()
    assert "more than 2 cases." in html
    assert _references(html) == [world["first"].reference, world["second"].reference]
    assert 'href="?sort=reference&amp;page=2" rel="next"' in html
    two = client.get(URL, {"sort": "reference", "page": "2"}).content.decode()
    assert _references(two) == [world["closed"].reference]
    assert 'rel="next"' not in two


def test_a_case_with_an_agency_at_home_here_is_listed_though_raised_elsewhere(
    world: dict[str, Any],
) -> None:
    """Cross-boundary: the neighbouring partnership's case against an agency at home here is on
    this partnership's list (as on its board), and on the neighbour's."""
    neighbour_case = OpenCaseFactory()
    ours = AgencyFactory(home_partnership=world["home"], name="Our Hospital")
    ours.serves.add(neighbour_case.partnership)
    Case.objects.filter(pk=neighbour_case.pk).update(receiving_agency=ours)
    listed = _references(signed_in(world["manager"]).get(URL).content.decode())
    assert neighbour_case.reference in listed
    assert world["elsewhere"].reference not in listed
    theirs = PartnershipRoleFactory(
        partnership=neighbour_case.partnership, role="business_manager"
    ).person
    assert neighbour_case.reference in _references(signed_in(theirs).get(URL).content.decode())

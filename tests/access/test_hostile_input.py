"""No hostile input gets a server error: every URL of the access matrix (but the Django admin's,
for staff only), and every form its pages show, is sent NUL bytes and other control characters,
lone surrogates, over-long text and e-mail addresses, integers to 64 bits and beyond, odd dates
and injection payloads (`hostile.KINDS`, `hostile.REFUSED_KINDS`) in path segments, query
parameters and form fields, and must answer below 500 (a 4xx, or the form again with its errors)
on SQLite and on PostgreSQL alike.

Each URL is asked as one person who may open it (so the page's own checks run, not only the
access rules); the groups are these people. Each example sends, for every page of its group,
a hostile value in each path argument, one to four hostile query parameters, and each form the
page shows (a form on many pages, once) with one to three fields hostile and the rest as the
page gave them. Hypothesis draws a fresh value for every slot. Each request is rolled back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .helpers import World, build_world, server_error, signed_in
from .hostile import HOSTILE, Form, encoded, form_body, forms_in
from .rule_kinds import Rule
from .test_matrix import NO_POST, RULES, Route, url_of, values, walk

pytestmark = pytest.mark.django_db

# The same draws on every run (CI stays deterministic); to look further, run it with, say,
# ACCORD_FUZZ_EXAMPLES=30 ACCORD_FUZZ_EXPLORE=1 (random draws, as many examples as asked).
EXPLORE = bool(os.environ.get("ACCORD_FUZZ_EXPLORE"))
EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "3"))  # per group; each sends to every slot
# Query parameters the views read, besides the names of their pages' forms.
QUERY_NAMES = [
    "page", "q", "agency", "partnership", "stage", "status", "theme", "reference", "sort",
    "raised_from", "raised_to", "overdue", "urgent", "raising_agency", "receiving_agency",
    "journey", "exception", "change", "correct", "next", "reason", "quarter", "year", "period",
]  # fmt: skip
PREFERRED = [
    "raising_holder", "receiving_holder", "administrator", "business_manager",
    "independent_chair", "raiser", "neighbour_staff",
]  # fmt: skip


def asker(rule: Rule) -> str:
    """Who asks for a page: someone it is for."""
    if rule.kind == "public":
        return "anonymous"
    if not rule.allowed:
        return "administrator"
    return next((k for k in PREFERRED if k in rule.allowed), min(rule.allowed))


@dataclass
class Page:
    route: Route
    url: str
    forms: list[Form]
    post: bool


@dataclass
class Tally:
    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    redirects: dict[str, int] = field(default_factory=dict)


def _pages(world: World, client: Client, routes: list[Route]) -> list[Page]:
    """Each route's URL and the forms its page shows; a form on many pages (the header's) is
    kept once, and forms that sign out are left out."""
    pages = []
    seen = {(m, reverse(name), ()) for name in NO_POST for m in ("get", "post")}
    for route in routes:
        url = url_of(route, world)
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        forms = []
        for form in forms_in(html):
            target = urlsplit(urljoin(url, form.action))
            if target.netloc not in {"", "testserver"}:
                continue  # another site's (an organisation's sign-in)
            form.action = target.path if form.action else url
            names = tuple(sorted(f.name for f in form.fields if f.name != "csrfmiddlewaretoken"))
            keys = {(form.method, form.action, names), (form.method, form.action, ())}
            if form.method in {"get", "post"} and not keys & seen:
                seen.add((form.method, form.action, names))
                forms.append(form)
        post = route.name not in NO_POST and RULES[route.name or ""].kind != "public"
        pages.append(Page(route, url, forms, post))
    return pages


GROUPS = sorted({asker(RULES[r.name or ""]) for r in walk() if not r.is_admin})


def _send(client: Client, method: str, url: str, body: bytes, tally: Tally) -> HttpResponse:
    with transaction.atomic():
        if method == "post":
            response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.get(url + ("?" + body.decode() if body else ""))
        transaction.set_rollback(True)
    tally.requests += 1
    tally.by_status[response.status_code] = tally.by_status.get(response.status_code, 0) + 1
    if response.status_code == 302:
        where = "/".join(response.headers["Location"].split("/")[:2])
        tally.redirects[where] = tally.redirects.get(where, 0) + 1
    assert not server_error(url, response.status_code), f"{method.upper()} {url} {body[:300]!r}"
    return response


def _hostile_paths(page: Page, world: World) -> list[int]:
    """The indexes of the page's path segments that are values of the URL's arguments."""
    given = {str(values(world)[k]) for k in page.route.kwargs}
    return [i for i, part in enumerate(page.url.split("/")) if part and part in given]


def _filled(form: Form, data: st.DataObject) -> list[tuple[str, str]]:
    """The form's fields as the page gave them, but one to three of them hostile: the form's
    own check of each field runs, not only its first refusal."""
    named = [i for i, f in enumerate(form.fields) if f.name != "csrfmiddlewaretoken"]
    chosen = data.draw(st.lists(st.sampled_from(named), min_size=1, max_size=3)) if named else []
    return [
        (f.name, data.draw(HOSTILE) if i in chosen else f.value) for i, f in enumerate(form.fields)
    ]


@pytest.mark.parametrize("kind", GROUPS)
def test_hostile_input_gets_no_server_error(kind: str) -> None:
    world = build_world()
    routes = [r for r in walk() if not r.is_admin and asker(RULES[r.name or ""]) == kind]
    client = Client() if kind == "anonymous" else signed_in(world[kind])
    pages = _pages(world, client, routes)
    tally = Tally()

    def value(data: st.DataObject) -> str:
        return data.draw(HOSTILE)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # a failure names its request: no shrinking
        derandomize=not EXPLORE,
    )
    @given(data=st.data())
    def probe(data: st.DataObject) -> None:
        for page in pages:
            parts = page.url.split("/")
            for index in _hostile_paths(page, world):
                hostile = [*parts[:index], encoded(value(data)), *parts[index + 1 :]]
                _send(client, "get", "/".join(hostile), b"", tally)
            names = sorted({*QUERY_NAMES, *(f.name for g in page.forms for f in g.fields)})
            chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4))
            query = form_body([(name, value(data)) for name in chosen])
            _send(client, "get", page.url, query, tally)
            if page.post and not page.forms:  # a page that only answers a POST
                _send(client, "post", page.url, query, tally)
            for form in page.forms:
                if form.method == "post" and not page.post:
                    continue
                pairs = _filled(form, data)
                session = client.cookies.get("sessionid")
                _send(client, form.method, form.action, form_body(pairs), tally)
                if kind != "anonymous" and client.cookies.get("sessionid") != session:
                    signed_in(world[kind], client)  # the form signed out or changed the session

    probe()
    forms = sum(len(p.forms) for p in pages)
    figures = f"{len(pages)} URLs, {forms} forms, {tally.requests} requests"
    print(f"\n{kind}: {figures}, {tally.by_status}, {tally.redirects}")  # noqa: T201  (with -s)
    assert tally.requests >= EXAMPLES * len(pages)

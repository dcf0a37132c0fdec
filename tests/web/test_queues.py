"""The work queues: "needs my action" (the home page), due soon, overdue, raised by me and all
my cases, with their counts in the sub navigation; and finding a case by reference."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.cases import actions
from accord.cases.audit import append_event
from accord.cases.models import AccessLog, Case
from tests.access.helpers import signed_in
from tests.factories import (
    AgencyFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db

QUEUE_URLS = ["web:case-list", "web:cases-due-soon", "web:cases-overdue", "web:cases-raised",
              "web:cases-all"]  # fmt: skip
MAX_QUERIES = 15
WEDNESDAY_MORNING = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _working_hours() -> Iterator[None]:
    """Every test here runs on a working day's morning, so that a deadline due tomorrow is due
    soon (the window opens at 09:00 the working day before) whatever the hour CI runs at."""
    with time_machine.travel(WEDNESDAY_MORNING, tick=True):
        yield


def _fresh_case(**kwargs: object) -> Case:
    """A case raised an hour ago: its first deadline (the response) is due by the next working
    day, so it is due soon today."""
    return OpenCaseFactory(now=timezone.now() - timedelta(hours=1), **kwargs)


def _table_references(html: str) -> list[str]:
    """The references linked from the first table of the page (the queue's)."""
    if "<table" not in html:
        return []
    table = html[html.index("<table") : html.index("</table>")]
    return re.findall(r'href="/cases/(ACC-\d{4}-\d{5})/"', table)


def test_the_home_page_is_needs_my_action_with_counts_in_the_sub_navigation() -> None:
    fresh = _fresh_case()  # waiting for the receiving side
    old = OpenCaseFactory(
        partnership=fresh.partnership,
        policy_version=fresh.policy_version,
        raising_agency=fresh.raising_agency,
        raised_by=fresh.raised_by,
        receiving_agency=fresh.receiving_agency,
    )  # fmt: skip  (raised June 2026: its deadlines have passed)
    html = signed_in(fresh.raised_by).get(reverse("web:case-list")).content.decode()
    assert "<title>Needs my action – Your cases – Accord</title>" in html
    assert '<nav class="moj-sub-navigation" aria-label="Your cases">' in html
    assert re.search(r'href="/cases/" aria-current="page">Needs my action \(1\)</a>', html)
    assert 'href="/cases/due-soon/">Due soon (1)</a>' in html
    assert 'href="/cases/overdue/">Overdue (1)</a>' in html
    assert 'href="/cases/raised-by-me/">Raised by me (2)</a>' in html
    assert 'href="/cases/all/">All my cases (2)</a>' in html
    assert _table_references(html) == [old.reference]  # past a deadline; the fresh one is not
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html


def test_each_queue_lists_its_own_cases() -> None:
    fresh = _fresh_case(urgent=True, reason="Risk tonight")
    person = fresh.raised_by
    old = OpenCaseFactory(
        partnership=fresh.partnership,
        policy_version=fresh.policy_version,
        raising_agency=fresh.raising_agency,
        receiving_agency=fresh.receiving_agency,
        receiving_holder=holder(fresh),
    )  # fmt: skip  (raised by someone else, held by the fresh case's receiver)
    client = signed_in(person)
    due_soon = client.get(reverse("web:cases-due-soon")).content.decode()
    assert _table_references(due_soon) == [fresh.reference]
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in due_soon
    assert '<strong class="govuk-tag govuk-tag--pink">Urgent</strong>' in due_soon
    assert fresh.receiving_agency.name in due_soon  # the other agency
    assert _table_references(client.get(reverse("web:cases-overdue")).content.decode()) == []
    raised = client.get(reverse("web:cases-raised")).content.decode()
    assert _table_references(raised) == [fresh.reference]
    assert old.reference not in client.get(reverse("web:cases-all")).content.decode()
    receiver = signed_in(holder(fresh))
    overdue = receiver.get(reverse("web:cases-overdue")).content.decode()
    assert _table_references(overdue) == [old.reference]
    needs = receiver.get(reverse("web:case-list")).content.decode()
    assert sorted(_table_references(needs)) == sorted([fresh.reference, old.reference])


def test_empty_queues_say_so() -> None:
    client = signed_in(PersonFactory())
    expected = {
        "web:case-list": "No case is waiting for you to act.",
        "web:cases-due-soon": "Nothing you hold or raised is due soon.",
        "web:cases-overdue": "Nothing you hold or raised is overdue.",
        "web:cases-raised": "You have not raised a disagreement.",
        "web:cases-all": "There are no cases for you to see.",
    }
    for name, words in expected.items():
        html = client.get(reverse(name)).content.decode()
        assert words in html
        assert "<table" not in html.split("Your tasks")[0]


def test_needs_my_action_shows_the_persons_open_tasks() -> None:
    case = _fresh_case()
    owner = holder(case)
    now = timezone.now()
    actions.add_task(case=case, actor=case.raised_by, title="Send the strategy minutes",
                     owner=owner, now=now, due_on=now.date() + timedelta(days=3))  # fmt: skip
    actions.add_task(case=case, actor=case.raised_by, title="Someone else's", owner=case.raised_by,
                     now=now)  # fmt: skip
    html = signed_in(owner).get(reverse("web:case-list")).content.decode()
    tasks = html[html.index("Your tasks") :]
    assert "Send the strategy minutes" in tasks
    assert "Someone else" not in tasks
    assert f'href="/cases/{case.reference}/"' in tasks
    theirs = signed_in(case.raised_by).get(reverse("web:case-list")).content.decode()
    assert "Someone else&#x27;s" in theirs[theirs.index("Your tasks") :]
    none = signed_in(PersonFactory()).get(reverse("web:case-list")).content.decode()
    assert "You have no tasks to do." in none


def test_all_my_cases_is_paginated() -> None:
    first = OpenCaseFactory()
    lead = PersonFactory(agency=first.receiving_agency, is_safeguarding_lead=True)
    for _ in range(50):
        OpenCaseFactory(
            partnership=first.partnership, policy_version=first.policy_version,
            raising_agency=first.raising_agency, receiving_agency=first.receiving_agency,
        )  # fmt: skip
    client = signed_in(lead)
    one = client.get(reverse("web:cases-all")).content.decode()
    assert len(_table_references(one)) == 50
    assert "Page 1 of 2" in one
    assert 'href="?page=2" rel="next"' in one
    two = client.get(reverse("web:cases-all") + "?page=2").content.decode()
    assert _table_references(two) == [first.reference]  # the first raised, last
    assert "All my cases (51)" in two


def test_a_post_to_a_queue_is_not_allowed() -> None:
    client = signed_in(PersonFactory())
    for name in QUEUE_URLS:
        assert client.post(reverse(name)).status_code == 405


def test_the_service_navigation_marks_cases_current_on_every_queue() -> None:
    client = signed_in(PersonFactory())
    for name in QUEUE_URLS:
        html = client.get(reverse(name)).content.decode()
        assert 'class="govuk-service-navigation__link" href="/cases/" aria-current="page"' in html
    assert "Partnership cases" not in html  # not partnership staff


def test_partnership_staff_have_a_link_to_the_partnerships_list() -> None:
    manager = PartnershipRoleFactory(role="business_manager").person
    html = signed_in(manager).get(reverse("web:case-list")).content.decode()
    assert f'href="{reverse("web:partnership-cases")}"' in html
    panel = PartnershipRoleFactory(role="panel_member").person
    html = signed_in(panel).get(reverse("web:case-list")).content.decode()
    assert "Partnership cases" not in html


# --- The number of queries ----------------------------------------------------------------


def _with_events(case: Case, extra: int) -> None:
    last = case.events.order_by("sequence").last()
    for n in range(extra):
        last = append_event(
            case=case, previous=last, kind="task_added", actor=case.raised_by,
            at=case.last_event_at, payload={"type": "task_added", "n": n}, summary="Task added",
        )  # fmt: skip


def _queue_world(cases: int, events: int) -> tuple[object, object]:
    """`cases` cases the same person holds on the receiving side, each with `events` events, and
    an open task on each; the person is also a business manager (the referred-case rule)."""
    version = PolicyVersionFactory()
    agency = AgencyFactory(home_partnership=version.partnership)
    person = PersonFactory(agency=agency)
    PartnershipRoleFactory(person=person, partnership=version.partnership)
    for n in range(cases):
        case = OpenCaseFactory(
            partnership=version.partnership, policy_version=version, receiving_agency=agency,
            receiving_holder=person, now=timezone.now() - timedelta(hours=n + 1),
        )  # fmt: skip
        actions.add_task(case=case, actor=case.raised_by, title=f"Task {n}", owner=person,
                         now=later(case, 0))  # fmt: skip
        _with_events(case, events - case.events.count())
    return person, version


@pytest.mark.parametrize(("cases", "events"), [(2, 5), (2, 500), (12, 5)])
def test_each_queue_page_runs_a_fixed_number_of_queries(cases: int, events: int) -> None:
    person, _ = _queue_world(cases, events)
    client = signed_in(person)  # type: ignore[arg-type]
    client.get(reverse("web:case-list"))  # the session is warm, as on any later page
    counted = {}
    for name in QUEUE_URLS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name))
        assert response.status_code == 200
        counted[name] = len(queries.captured_queries)
        assert counted[name] <= MAX_QUERIES, (name, [q["sql"] for q in queries.captured_queries])
    html = client.get(reverse("web:cases-all")).content.decode()
    assert len(_table_references(html)) == cases


def test_the_queries_do_not_grow_with_cases_or_events() -> None:
    counts = []
    for cases, events in ((1, 5), (6, 500)):
        person, _ = _queue_world(cases, events)
        client = signed_in(person)  # type: ignore[arg-type]
        client.get(reverse("web:case-list"))
        per_page = []
        for name in QUEUE_URLS:
            with CaptureQueriesContext(connection) as queries:
                client.get(reverse(name))
            per_page.append(len(queries.captured_queries))
        counts.append(per_page)
    assert counts[0] == counts[1]


# --- Finding a case -----------------------------------------------------------------------


def test_finding_a_case_goes_to_its_page_and_ignores_case_and_spaces() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    response = client.get(reverse("web:case-find"), {"reference": f"  {case.reference.lower()} "})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("web:case-detail", args=[case.reference])
    assert not AccessLog.objects.exists()  # the case page logs the view, when it is opened


def test_a_case_the_person_cannot_see_looks_like_no_case_at_all() -> None:
    hidden = OpenCaseFactory()
    client = signed_in(PersonFactory())
    missing = hidden.reference[:-5] + "99999"
    for reference in (hidden.reference, missing):
        response = client.get(reverse("web:case-find"), {"reference": reference})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Error: Find a case by reference – Accord</title>" in html
        assert f'<a href="#id_reference">No case {reference} that you can see</a>' in html
        assert f'value="{reference}"' in html

    def page(reference: str) -> str:
        html = client.get(reverse("web:case-find"), {"reference": reference}).content.decode()
        html = re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]+"', "", html)
        return html.replace(reference, "X")

    assert page(hidden.reference) == page(missing)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a case reference"),
        ("Zebedee", "Enter a case reference like ACC-2026-00042"),
        ("A" * 40, "Enter a case reference like ACC-2026-00042"),
    ],
)
def test_a_bad_reference_is_explained(typed: str, message: str) -> None:
    response = signed_in(PersonFactory()).get(reverse("web:case-find"), {"reference": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_reference">{message}</a>' in html


def test_the_find_page_without_a_reference_is_the_empty_form() -> None:
    html = signed_in(PersonFactory()).get(reverse("web:case-find")).content.decode()
    assert "<title>Find a case by reference – Accord</title>" in html
    assert "govuk-error-summary" not in html


def test_every_queue_page_has_the_find_box() -> None:
    client = signed_in(PersonFactory())
    for name in QUEUE_URLS:
        html = client.get(reverse(name)).content.decode()
        assert f'action="{reverse("web:case-find")}"' in html
        assert '<label class="govuk-label govuk-label--s" for="find-reference">' in html


def test_a_long_list_is_counted_only_so_far_and_still_pages_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from accord.web.views import queues

    monkeypatch.setattr(queues, "COUNT_CAP", 3)
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    first = OpenCaseFactory()
    lead = PersonFactory(agency=first.receiving_agency, is_safeguarding_lead=True)
    for _ in range(5):
        OpenCaseFactory(
            partnership=first.partnership, policy_version=first.policy_version,
            raising_agency=first.raising_agency, receiving_agency=first.receiving_agency,
        )  # fmt: skip
    client = signed_in(lead)
    one = client.get(reverse("web:cases-all")).content.decode()
    assert "All my cases (more than 3)" in one
    assert len(_table_references(one)) == 2
    assert ">Page 1</p>" in one  # no "of": the count stopped
    assert 'href="?page=2" rel="next"' in one
    three = client.get(reverse("web:cases-all"), {"page": "3"}).content.decode()
    assert _table_references(three)[-1] == first.reference  # the first raised, last
    assert 'rel="next"' not in three
    assert 'href="?page=2" rel="prev"' in three
    beyond = client.get(reverse("web:cases-all"), {"page": "9"}).content.decode()
    assert _table_references(beyond) == []  # past the end of an uncounted list: an empty page
    assert 'href="?page=8" rel="prev"' in beyond

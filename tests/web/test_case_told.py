"""Whoever is told can act (issue 14, item 2), through the pages: the next-level manager alerted
when a Blackburn with Darwen side leaves its deadline unanswered takes the case over for that
side and then holds it and acts; a stage's adviser (Stockport's safeguarding lead) records
advice. Each happy path; each refusal (409 not now, with the engine's words; 403 not this
person, with who may); who is told, in Accord and by e-mail.

Raised Mon 11 Jan 2027 at 10:00: stage 1 due Mon 18 Jan, the next level told of the
non-response at 09:00 on Wed 20 Jan (after 1 working day of grace).
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accord.accounts.models import Person
from accord.cases.models import Case, CaseEvent, Holding
from accord.cases.sweep import tick
from accord.notifications.models import InAppNotification, OutboxMessage
from accord.partnerships.models import RoleAssignment
from tests.access.helpers import signed_in
from tests.factories import holder
from tests.notifications.walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db

RAISED = london("2027-01-11")
TOLD = london("2027-01-20", at=datetime.fromisoformat("2027-01-20T09:30").time())
TAKEN = london("2027-01-20")  # 10:00


def _url(name: str, case: Case, **more: str) -> str:
    return reverse(name, kwargs={"reference": case.reference, **more})


def _seen(html: str) -> str:
    found = re.search(r'name="seen" value="(\d+)"', html)
    assert found, "the form carries the hidden `seen`"
    return found.group(1)


@pytest.fixture
def blackburn() -> tuple[Case, Person, Person]:
    """A Blackburn with Darwen case at stage 1, with the receiving holder and their manager."""
    case = Walker(partnership_for("blackburn-with-darwen.toml")).raise_case(RAISED)
    silent = holder(case, "receiving")
    assert silent.line_manager is not None
    return case, silent, silent.line_manager


def test_the_alerted_manager_takes_over_the_silent_side_then_holds_it_and_acts(
    blackburn: tuple[Case, Person, Person],
) -> None:
    case, silent, manager = blackburn
    with time_machine.travel(TOLD, tick=False):
        tick(now=TOLD)  # the sweep tells the next level of the non-response
    told = InAppNotification.objects.filter(reference=case.reference, kind="non_response")
    assert manager in {row.person for row in told}

    with time_machine.travel(TAKEN, tick=False):
        client = signed_in(manager)  # signed in now: the session's inactivity counts from here
        overview = client.get(_url("web:case-detail", case)).content.decode()
        assert "Take the case over for the receiving side" in overview
        assert "Take the case over for the raising side" not in overview
        page = client.get(_url("web:case-take-over", case, side="receiving"))
        assert page.status_code == 200
        html = page.content.decode()
        assert f"in place of {silent.full_name}" in html
        empty = client.post(
            _url("web:case-take-over", case, side="receiving"), {"seen": _seen(html)}
        )
        assert empty.status_code == 200  # a GOV.UK error summary, nothing written
        assert "Say why you are taking the case over" in empty.content.decode()
        assert not CaseEvent.objects.filter(case=case, kind="taken_over").exists()
        done = client.post(
            _url("web:case-take-over", case, side="receiving"),
            {"seen": _seen(html), "reason": "No reply to three calls"},
            follow=True,
        )
    assert done.status_code == 200
    confirmation = done.content.decode()
    assert f"You hold case {case.reference} for the receiving side now." in confirmation
    assert case.raised_by.full_name in confirmation  # the page claims whom it told

    current = Holding.objects.get(case=case, side="receiving", ended_at__isnull=True)
    assert current.person == manager
    assert current.stage == 1
    assert Holding.objects.get(case=case, person=silent).ended_at == TAKEN
    event = CaseEvent.objects.get(case=case, kind="taken_over")
    assert event.actor == manager
    assert event.payload["reason"] == "No reply to three calls"

    told_now = InAppNotification.objects.filter(
        reference=case.reference, kind="taken_over", created_at=TAKEN
    )
    people = {row.person for row in told_now}
    assert people == {case.raised_by, silent, holder(case, "raising")}
    emails = OutboxMessage.objects.filter(reference=case.reference, key__contains="/taken_over/")
    assert case.raised_by in {m.person for m in emails}
    for message in emails:  # nothing identifying in an e-mail
        assert "Test Child" not in message.subject + message.body
        assert case.subject.name not in message.subject + message.body

    with time_machine.travel(TAKEN, tick=False):
        timeline = client.get(_url("web:case-timeline", case)).content.decode()
        assert "The receiving side taken over at stage 1 by the next level" in timeline
        assert "Reason: <bdi>No reply to three calls</bdi>" in timeline
        respond = client.get(_url("web:case-respond", case))  # they hold it: they can act
        assert respond.status_code == 200
        answered = client.post(
            _url("web:case-respond", case),
            {"seen": _seen(respond.content.decode()), "position": "agree"},
        )
    assert answered.status_code == 302
    assert CaseEvent.objects.filter(case=case, kind="responded", actor=manager).exists()


def test_before_the_non_response_the_manager_is_told_why_not_and_others_who_may(
    blackburn: tuple[Case, Person, Person],
) -> None:
    case, silent, manager = blackburn
    with time_machine.travel(london("2027-01-19"), tick=False):
        early = signed_in(manager).get(_url("web:case-take-over", case, side="receiving"))
        other = signed_in(case.raised_by).get(_url("web:case-take-over", case, side="receiving"))
        wrong_side = signed_in(manager).get(_url("web:case-take-over", case, side="raising"))
        nonsense = signed_in(manager).get(_url("web:case-take-over", case, side="third"))
    assert early.status_code == 409
    assert "only once its deadline has passed unanswered" in early.content.decode()
    assert other.status_code == 403
    assert "only the line manager of the receiving side" in other.content.decode().lower()
    assert wrong_side.status_code == 403  # not the raising side's next level
    assert nonsense.status_code == 404
    assert holder(case, "receiving") == silent


def test_a_forged_take_over_by_a_holder_is_refused_and_writes_nothing(
    blackburn: tuple[Case, Person, Person],
) -> None:
    case, silent, _ = blackburn
    with time_machine.travel(TAKEN, tick=False):
        page = signed_in(holder(case, "raising")).post(
            _url("web:case-take-over", case, side="receiving"),
            {"seen": "1", "reason": "Forged"},
        )
    assert page.status_code == 403
    assert holder(case, "receiving") == silent
    assert not CaseEvent.objects.filter(case=case, kind="taken_over").exists()


@pytest.fixture
def stockport() -> tuple[Case, Person]:
    """A Stockport case at stage 1, whose advisers are the safeguarding leads, with one."""
    case = Walker(partnership_for("stockport.toml")).raise_case(RAISED)
    assignment = RoleAssignment.objects.filter(
        partnership=case.partnership, role_key="safeguarding_lead"
    ).first()
    assert assignment is not None
    return case, assignment.person


def test_an_adviser_records_advice_and_the_holders_are_told(
    stockport: tuple[Case, Person],
) -> None:
    case, adviser = stockport
    at = london("2027-01-12")
    with time_machine.travel(at, tick=False):
        client: Client = signed_in(adviser)
        overview = client.get(_url("web:case-detail", case)).content.decode()
        assert "Record advice" in overview
        html = client.get(_url("web:case-advice", case)).content.decode()
        blank = client.post(_url("web:case-advice", case), {"seen": _seen(html), "advice": " "})
        assert "Enter your advice" in blank.content.decode()
        long = client.post(
            _url("web:case-advice", case), {"seen": _seen(html), "advice": "x" * 5001}
        )
        assert "5000 characters or fewer" in long.content.decode()
        done = client.post(
            _url("web:case-advice", case),
            {"seen": _seen(html), "advice": "Ask for a strategy discussion."},
            follow=True,
        )
    text = done.content.decode()
    assert f"Your advice is recorded on case {case.reference}." in text
    assert "Advice: <bdi>Ask for a strategy discussion.</bdi>" in text  # on the timeline
    event = CaseEvent.objects.get(case=case, kind="advised")
    assert event.actor == adviser
    told = InAppNotification.objects.filter(reference=case.reference, kind="advised")
    assert {row.person for row in told} == {holder(case, "raising"), holder(case, "receiving")}
    assert OutboxMessage.objects.filter(reference=case.reference, key__contains="/advised/")


def test_only_the_stages_advisers_are_offered_advice(stockport: tuple[Case, Person]) -> None:
    case, _ = stockport
    with time_machine.travel(london("2027-01-12"), tick=False):
        page = signed_in(holder(case, "raising")).get(_url("web:case-advice", case))
        overview = signed_in(holder(case, "raising")).get(_url("web:case-detail", case))
    assert page.status_code == 403
    assert "Only the advisers the procedure names at this stage" in page.content.decode()
    assert "Record advice" not in overview.content.decode()

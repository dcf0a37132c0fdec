"""The case's other actions through the API, each the web's own declared action: answering the
procedure's questions, tasks, meetings (recorded, planned, then held, moved or cancelled),
advice, taking a side over, the panel and the debrief; with the pages' form messages and
refusals, and the people the procedure says are told, told."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from accord.accounts.models import Person
from accord.api.models import ApiWrite
from accord.cases.models import Case, CaseEvent, Debrief, Holding, Meeting, PanelMember, Task
from accord.cases.sweep import tick
from accord.notifications.models import InAppNotification
from tests.factories import (
    RAISED_AT,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    holder,
)
from tests.notifications.walking import london
from tests.web.test_case_ending import panel_world
from tests.web.test_case_told import TAKEN, TOLD, blackburn, stockport  # noqa: F401 - fixtures

from .helpers import Api, api_as, problem_of

pytestmark = pytest.mark.django_db
NOW = RAISED_AT + timedelta(hours=2)


def read(api: Api, case: Case) -> dict[str, Any]:
    response = api.get(f"/api/v1/cases/{case.reference}/")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def told(case: Case, at: datetime) -> set[Person]:
    """Who was told in Accord of what happened to `case` at `at`."""
    rows = InAppNotification.objects.filter(reference=case.reference, created_at=at)
    return {row.person for row in rows.select_related("person")}


@pytest.fixture
def at_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.usefixtures("at_now")
def test_a_holder_answers_a_question_and_an_unknown_one_is_refused() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    url = f"/api/v1/cases/{case.reference}/set-fact/"
    seen = read(api, case)["seen"]
    problem = problem_of(api.post(url, {"seen": seen, "fact": "no_such", "value": True}), 422)
    assert problem["errors"] == [{"field": "fact", "detail": "Choose one of the questions listed"}]
    problem_of(api.post(url, {"seen": seen, "fact": "cp_plan", "value": "perhaps"}), 422)
    outsider = api_as(PersonFactory(agency=case.receiving_agency))
    problem_of(outsider.post(url, {"seen": seen, "fact": "cp_plan", "value": True}), 404)
    response = api.post(url, {"seen": seen, "fact": "cp_plan", "value": True})
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.facts == {"cp_plan": True}
    stale = api.post(url, {"seen": seen, "fact": "cp_plan", "value": False})
    assert problem_of(stale, 409)["type"].endswith("#problem-stale")
    assert ApiWrite.objects.filter(case=case, operation="set_fact").count() == 1


@pytest.mark.usefixtures("at_now")
def test_a_task_is_added_its_owner_told_then_marked_done_once() -> None:
    case = OpenCaseFactory()
    raising = holder(case, "raising")
    owner = holder(case)
    api = api_as(raising)
    url = f"/api/v1/cases/{case.reference}/tasks/"
    seen = read(api, case)["seen"]
    task = {
        "seen": seen,
        "title": "Share the assessment",
        "owner": owner.pk,
        "due_on": "2026-06-08",
    }
    past = problem_of(api.post(url, {**task, "due_on": "2026-05-01"}), 422)
    assert [e["field"] for e in past["errors"]] == ["due_on"]
    stranger = PersonFactory(agency=case.receiving_agency)  # does not see the case
    unknown = problem_of(api.post(url, {**task, "owner": stranger.pk}), 422)
    assert unknown["errors"] == [
        {"field": "owner", "detail": "Choose who will do the task from the list"}
    ]
    response = api.post(url, task)
    assert response.status_code == 200, response.content
    (listed,) = response.json()["tasks"]
    added = Task.objects.get(case=case)
    assert listed["id"] == added.pk
    assert (listed["owner"]["id"], listed["due_on"], listed["done_at"]) == (
        owner.pk,
        "2026-06-08",
        None,
    )
    assert "Share the assessment" not in response.content.decode()  # its words stay on the page
    assert owner in told(case, NOW)  # the owner is told at once, as from the page
    done_url = listed["actions"][0]["href"]
    assert done_url == f"/api/v1/cases/{case.reference}/tasks/{added.pk}/complete/"

    colleague = api_as(PersonFactory(agency=case.raising_agency))
    problem_of(colleague.post(done_url, {"seen": response.json()["seen"]}), 404)
    missing = f"/api/v1/cases/{case.reference}/tasks/{added.pk + 1000}/complete/"
    gone = problem_of(api.post(missing, {"seen": response.json()["seen"]}), 404)
    assert gone["type"].endswith("#problem-not-found")
    assert "no such task, planned meeting or side" in gone["detail"]
    assert read(api_as(case.raised_by), case)["tasks"][0]["actions"] == [
        {"action": "complete_task", "words": "Mark the task as done", "href": done_url}
    ]  # the raiser holds the raising side: they may
    completed = api_as(owner).post(done_url, {"seen": response.json()["seen"]})
    assert completed.status_code == 200, completed.content
    (after,) = completed.json()["tasks"]
    assert after["done_at"]
    assert after["actions"] == []
    again = api_as(owner).post(done_url, {"seen": completed.json()["seen"]})
    assert "already done" in problem_of(again, 409)["detail"]


def test_a_meeting_is_planned_its_invited_told_moved_then_recorded_as_held() -> None:
    case = OpenCaseFactory()
    raising, receiving = holder(case, "raising"), holder(case)
    chair = raising
    api = api_as(raising)
    url = f"/api/v1/cases/{case.reference}/planned-meetings/"
    plan = {
        "starts_on": "2026-06-03", "starts_time": "2:30pm", "chair": chair.pk,
        "place": "Room 2", "attendees": [receiving.pk],
    }  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        seen = read(api, case)["seen"]
        early = problem_of(api.post(url, {**plan, "seen": seen, "starts_on": "2026-05-31"}), 422)
        assert [e["field"] for e in early["errors"]] == ["starts_time"]
        nobody = problem_of(api.post(url, {**plan, "seen": seen, "attendees": []}), 422)
        assert [e["field"] for e in nobody["errors"]] == ["attendees"]
        response = api.post(url, {**plan, "seen": seen})
        assert response.status_code == 200, response.content
        (planned,) = response.json()["planned_meetings"]
        meeting = Meeting.objects.get(case=case, planned=True)
        assert planned["id"] == meeting.pk
        assert planned["starts_at"] == "2026-06-03T14:30:00+01:00"
        assert receiving in told(case, NOW)  # everyone invited is told at once
        hrefs = [a["href"] for a in planned["actions"]]
        base = f"/api/v1/cases/{case.reference}/planned-meetings/{meeting.pk}"
        assert hrefs == [f"{base}/move/", f"{base}/cancel/"]  # not yet held: not "held"
        moved = api.post(
            f"{base}/move/",
            {"seen": response.json()["seen"], "starts_on": "2026-06-03", "starts_time": "16:00",
             "place": "Room 3"},
        )  # fmt: skip
        assert moved.status_code == 200, moved.content
        assert moved.json()["planned_meetings"][0]["starts_at"] == "2026-06-03T16:00:00+01:00"
        too_soon = api.post(f"{base}/held/", _held(moved.json()["seen"], chair, "2026-06-01"))
        assert problem_of(too_soon, 422)["errors"]
    after = datetime(2026, 6, 3, 18, 0, tzinfo=NOW.tzinfo)
    with time_machine.travel(after, tick=False):
        seen = read(api, case)["seen"]
        assert [a["href"] for a in read(api, case)["planned_meetings"][0]["actions"]] == [
            f"{base}/held/"
        ]
        problem_of(api.post(f"{base}/move/", {"seen": seen, **plan}), 422)
        held = api.post(f"{base}/held/", _held(seen, chair, "2026-06-03", [receiving.pk]))
        assert held.status_code == 200, held.content
        assert held.json()["planned_meetings"] == []
        meeting.refresh_from_db()
        assert not meeting.planned
        assert meeting.minutes == "Agreed a joint visit."
        problem_of(api.post(f"{base}/cancel/", {"seen": held.json()["seen"], "reason": "x"}), 404)


def _held(seen: int, chair: Person, on: str, attendees: list[int] | None = None) -> dict[str, Any]:
    return {
        "seen": seen, "held_on": on, "held_time": "16:00", "chair": chair.pk,
        "attendees": attendees or [], "minutes": "Agreed a joint visit.",
    }  # fmt: skip


@pytest.mark.usefixtures("at_now")
def test_a_meeting_held_is_recorded_and_a_planned_one_cancelled_with_a_reason() -> None:
    case = OpenCaseFactory()
    raising, receiving = holder(case, "raising"), holder(case)
    api = api_as(receiving)
    url = f"/api/v1/cases/{case.reference}/meetings/"
    seen = read(api, case)["seen"]
    future = problem_of(api.post(url, _held(seen, raising, "2026-06-01")), 422)
    assert future["errors"] == [
        {"field": "held_time", "detail": "Record the meeting once it has been held"}
    ]  # 16:00 is later than now (12:00)
    response = api.post(url, {**_held(seen, raising, "2026-06-01"), "held_time": "11:00"})
    assert response.status_code == 200, response.content
    assert Meeting.objects.get(case=case, planned=False).chair == raising
    planned = api.post(
        f"/api/v1/cases/{case.reference}/planned-meetings/",
        {"seen": response.json()["seen"], "starts_on": "2026-06-05", "starts_time": "10:00",
         "chair": raising.pk, "place": "Online", "attendees": [raising.pk, receiving.pk]},
    )  # fmt: skip
    assert planned.status_code == 200, planned.content
    cancel = planned.json()["planned_meetings"][0]["actions"][1]["href"]
    blank = problem_of(api.post(cancel, {"seen": planned.json()["seen"], "reason": ""}), 422)
    assert blank["errors"] == [{"field": "reason", "detail": "Say why the meeting is cancelled"}]
    outsider = api_as(PersonFactory(agency=case.receiving_agency))
    problem_of(outsider.post(cancel, {"seen": planned.json()["seen"], "reason": "x"}), 404)
    done = api.post(cancel, {"seen": planned.json()["seen"], "reason": "Agreed by phone"})
    assert done.status_code == 200, done.content
    assert done.json()["planned_meetings"] == []
    assert Meeting.objects.get(case=case, planned=True).cancelled_at == NOW


def test_the_alerted_manager_takes_the_silent_side_over_and_both_sides_are_told(
    blackburn: tuple[Case, Person, Person],  # noqa: F811 - the fixture
) -> None:
    case, silent, manager = blackburn
    with time_machine.travel(TOLD, tick=False):
        tick(now=TOLD)  # the sweep tells the next level of the non-response
    with time_machine.travel(TAKEN, tick=False):
        api = api_as(manager)
        body = read(api, case)
        offered = {a["action"]: a["href"] for a in body["actions"]}
        url = f"/api/v1/cases/{case.reference}/take-over/receiving/"
        assert offered["take_over_receiving"] == url
        assert "take_over_raising" not in offered
        raising_side = api.post(url.replace("receiving", "raising"), {"seen": body["seen"]})
        assert "line manager of the raising side" in problem_of(raising_side, 403)["detail"]
        problem_of(api.post(url.replace("receiving", "third"), {"seen": body["seen"]}), 404)
        forged = api_as(holder(case, "raising")).post(url, {"seen": body["seen"], "reason": "x"})
        problem_of(forged, 403)
        blank = problem_of(api.post(url, {"seen": body["seen"], "reason": ""}), 422)
        assert blank["errors"] == [
            {"field": "reason", "detail": "Say why you are taking the case over"}
        ]
        response = api.post(url, {"seen": body["seen"], "reason": "No reply to three calls"})
        assert response.status_code == 200, response.content
    assert [h["id"] for h in response.json()["holders"]["receiving"]] == [manager.pk]
    assert Holding.objects.get(case=case, person=silent).ended_at == TAKEN
    assert CaseEvent.objects.get(case=case, kind="taken_over").actor == manager
    # The procedure's people are told, as when taken over from the page.
    assert told(case, TAKEN) == {case.raised_by, silent, holder(case, "raising")}


def test_an_adviser_records_advice_and_the_holders_are_told(
    stockport: tuple[Case, Person],  # noqa: F811 - the fixture
) -> None:
    case, adviser = stockport
    at = london("2027-01-12")
    with time_machine.travel(at, tick=False):
        url = f"/api/v1/cases/{case.reference}/advice/"
        holding = api_as(holder(case, "raising"))
        refused = holding.post(url, {"seen": read(holding, case)["seen"], "advice": "x"})
        assert "advisers the procedure names" in problem_of(refused, 403)["detail"]
        api = api_as(adviser)
        body = read(api, case)
        assert {a["action"]: a["href"] for a in body["actions"]}["record_advice"] == url
        blank = problem_of(api.post(url, {"seen": body["seen"], "advice": " "}), 422)
        assert blank["errors"] == [{"field": "advice", "detail": "Enter your advice"}]
        response = api.post(url, {"seen": body["seen"], "advice": "Ask for a strategy meeting."})
        assert response.status_code == 200, response.content
    assert CaseEvent.objects.get(case=case, kind="advised").actor == adviser
    assert told(case, at) == {holder(case, "raising"), holder(case, "receiving")}


def test_the_business_manager_convenes_a_panel_of_three_agencies() -> None:
    case = ReferredCaseFactory()
    people = panel_world(case)
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager").person
    with time_machine.travel(case.last_event_at + timedelta(hours=1), tick=False):
        api = api_as(manager)
        url = f"/api/v1/cases/{case.reference}/panel/"
        seen = read(api, case)["seen"]
        problem_of(api_as(holder(case, "raising")).post(url, {"seen": seen, "convene": True}), 403)
        empty = problem_of(api.post(url, {"seen": seen, "convene": True}), 422)
        assert empty["errors"] == [{"field": "members", "detail": "Choose the panel’s members"}]
        two = [people["raising"].pk, people["receiving"].pk]
        narrow = problem_of(api.post(url, {"seen": seen, "convene": True, "members": two}), 422)
        assert "at least 3 different agencies" in narrow["detail"]
        chosen = [*two, people["health"].pk]
        response = api.post(url, {"seen": seen, "convene": True, "members": chosen})
        assert response.status_code == 200, response.content
        again = api.post(url, {"seen": response.json()["seen"], "convene": False, "reason": "x"})
        assert "already been convened" in problem_of(again, 409)["detail"]
    assert {m.person_id for m in PanelMember.objects.filter(case=case)} == set(chosen)


def test_a_debrief_is_recorded_once_resolved_with_the_forms_rules() -> None:
    case = ResolvedCaseFactory()
    with time_machine.travel(case.last_event_at + timedelta(hours=1), tick=False):
        api = api_as(case.raised_by)
        url = f"/api/v1/cases/{case.reference}/debrief/"
        seen = read(api, case)["seen"]
        undated = problem_of(api.post(url, {"seen": seen, "outcome": "held"}), 422)
        assert undated["errors"] == [
            {"field": "held_on", "detail": "Enter the date the debrief was held"}
        ]
        problem_of(api.post(url, {"seen": seen, "outcome": "skipped"}), 422)
        response = api.post(
            url, {"seen": seen, "outcome": "held", "held_on": "2026-06-02", "notes": "Both met."}
        )
        assert response.status_code == 200, response.content
    debrief = Debrief.objects.get(case=case)
    assert (debrief.outcome, str(debrief.held_on)) == ("held", "2026-06-02")
    with time_machine.travel(NOW, tick=False):
        open_case = OpenCaseFactory()
        api = api_as(open_case.raised_by)
        waits = api.post(
            f"/api/v1/cases/{open_case.reference}/debrief/",
            {"seen": read(api, open_case)["seen"], "outcome": "declined"},
        )
        assert problem_of(waits, 409)["type"].endswith("#problem-not-allowed-now")

"""A case's tasks and meetings through its pages: the "Tasks and meetings" section, adding and
completing tasks, recording a meeting (its chair by the policy's rule), the meeting's page and
its calendar invitation, which holds the reference and a link and nothing else."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases import actions
from accord.cases.audit import append_event
from accord.cases.models import AccessLog, Case, CaseEvent, Meeting, Task
from accord.engine.london import LONDON
from accord.notifications.models import InAppNotification
from accord.partnerships.models import RoleAssignment
from accord.web.ics import fold, meeting_invitation
from tests.access.helpers import signed_in
from tests.factories import (
    ClosedCaseFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
    later,
)

from .test_case_ending import banner, seen, text, title, url

pytestmark = pytest.mark.django_db


def add_task(case: Case, owner: Person | None = None, title: str = "Send the minutes") -> Task:
    actor = holder(case, "raising")
    return actions.add_task(
        case=case, actor=actor, title=title, owner=owner or actor, now=later(case, 1),
        due_on=date(2026, 6, 10),
    )  # fmt: skip


def record_meeting(case: Case, **kwargs: Any) -> Meeting:
    details: dict[str, Any] = {
        "held_at": later(case, 1), "chair": holder(case, "raising"),
        "attendees": [holder(case, "receiving")], "minutes": "Agreed to share the plan.",
    }  # fmt: skip
    return actions.record_meeting(
        case=case, actor=holder(case, "raising"), now=later(case, 2), **{**details, **kwargs}
    )


def radio_checked(page: Any, name: str) -> list[str]:
    """The values of the checked inputs named `name`."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', text(page))
    return [re.search(r'value="([^"]*)"', i)[1] for i in inputs if " checked" in i]  # type: ignore[index]


# --- The section ---------------------------------------------------------------------------


def test_the_section_lists_tasks_and_meetings_and_is_logged() -> None:
    case = OpenCaseFactory()
    task = add_task(case, title="Share the assessment")
    meeting = record_meeting(case)
    person = holder(case, "receiving")
    page = signed_in(person).get(url("case-work", case))
    assert page.status_code == 200
    assert title(page) == f"Tasks and meetings – {case.reference} – Accord"
    body = text(page)
    assert "Share the assessment" in body
    assert task.owner.full_name in body
    assert f'href="{url("case-meeting", case, meeting_id=meeting.pk)}">Meeting 1</a>' in body
    assert f'href="{url("case-task-add", case)}"' in body
    assert f'href="{url("case-meeting-add", case)}"' in body
    assert f'href="{url("case-task-complete", case, task_id=task.pk)}"' in body
    assert 'aria-current="page">Tasks and meetings' in body
    assert AccessLog.objects.filter(case=case, person=person).count() == 1


def test_someone_who_only_reads_the_case_is_not_offered_to_add() -> None:
    case = OpenCaseFactory()
    task = add_task(case)
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    body = text(signed_in(lead).get(url("case-work", case)))
    assert "Send the minutes" in body
    assert url("case-task-add", case) not in body
    assert url("case-meeting-add", case) not in body
    assert url("case-task-complete", case, task_id=task.pk) not in body


def test_a_closed_case_offers_nothing_more() -> None:
    case = ClosedCaseFactory()
    body = text(signed_in(case.raised_by).get(url("case-work", case)))
    assert url("case-task-add", case) not in body
    page = signed_in(case.raised_by).get(url("case-task-add", case))
    assert page.status_code == 409
    assert "is closed" in text(page)


def _fill_events(case: Case, count: int) -> None:
    """Non-engine notes appended after the case's events, to make a long history."""
    previous = CaseEvent.objects.filter(case=case).order_by("-sequence").first()
    for n in range(count):
        previous = append_event(
            case=case, previous=previous, kind="note", actor=case.raised_by,
            at=later(case, 1), payload={"type": "note", "n": n}, summary="Note",
        )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "case-work",
        "case-meeting",
        "case-meeting-ics",
        "case-task-add",
        "case-task-complete",
        "case-meeting-add",
        "case-resolve",
    ],
)
def test_the_pages_run_the_same_few_queries_at_5_and_500_events(name: str) -> None:
    counts = []
    for events in (5, 500):
        case = OpenCaseFactory()
        task = add_task(case)
        meeting = record_meeting(case)
        _fill_events(case, events - CaseEvent.objects.filter(case=case).count())
        assert CaseEvent.objects.filter(case=case).count() == events
        client = signed_in(holder(case, "receiving"))
        client.get(reverse("web:case-list"))  # a warm session, as on any later page
        kwargs = {
            "case-meeting": {"meeting_id": meeting.pk},
            "case-meeting-ics": {"meeting_id": meeting.pk},
            "case-task-complete": {"task_id": task.pk},
        }.get(name, {})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, case, **kwargs)).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


# --- Tasks ------------------------------------------------------------------------------------


def task_form(case: Case, owner: Person, **kwargs: str) -> dict[str, Any]:
    due = timezone.localdate() + timedelta(days=5)
    return {
        "seen": seen(case), "title": "Share the chronology", "owner": owner.pk,
        "due_on_day": due.day, "due_on_month": due.month, "due_on_year": due.year, **kwargs,
    }  # fmt: skip


def test_a_holder_adds_a_task_for_someone_who_sees_the_case() -> None:
    case = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-task-add", case))
    assert page.status_code == 200
    assert title(page) == f"Add a task – {case.reference} – Accord"
    for person in (case.raised_by, holder(case, "receiving"), manager):
        assert f'value="{person.pk}"' in text(page)
    done = client.post(url("case-task-add", case), task_form(case, manager))
    assert done.status_code == 302
    assert done.headers["Location"] == url("case-work", case)
    # The owner is told at once, and the page names them (the notice was made).
    assert banner(done)[0].startswith("Task added. Told: ")
    assert manager.full_name in banner(done)[0]
    assert InAppNotification.objects.filter(
        reference=case.reference, kind="task_assigned", person=manager
    ).exists()
    task = Task.objects.get(case=case)
    assert (task.title, task.owner, task.due_on) == (
        "Share the chronology",
        manager,
        timezone.localdate() + timedelta(days=5),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter what needs to be done"),
        ({"owner": ""}, "Choose who will do the task"),
        (
            {"due_on_day": "", "due_on_month": "", "due_on_year": ""},
            "Enter the date the task is due",
        ),
        ({"due_on_day": "30", "due_on_month": "2"}, "must be a real date"),
        ({"due_on_year": "2020"}, "must be today or in the future"),
    ],
)
def test_a_bad_task_is_explained(change: dict[str, str], message: str) -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.post(url("case-task-add", case), {**task_form(case, case.raised_by), **change})
    assert page.status_code == 200
    assert title(page).startswith("Error: Add a task")
    assert message in text(page)
    assert not Task.objects.filter(case=case).exists()


def test_a_task_is_not_given_to_someone_who_cannot_see_the_case() -> None:
    case = OpenCaseFactory()
    outsider = PersonFactory()
    page = signed_in(holder(case, "receiving")).post(
        url("case-task-add", case), task_form(case, outsider)
    )
    assert "Choose who will do the task from the list" in text(page)
    assert not Task.objects.filter(case=case).exists()


def test_a_reader_of_the_case_cannot_add_a_task() -> None:
    case = OpenCaseFactory()
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    client = signed_in(lead)
    page = client.get(url("case-task-add", case))
    assert page.status_code == 403
    assert "You cannot add a task" in text(page)
    assert client.post(url("case-task-add", case), task_form(case, lead)).status_code == 403
    assert not Task.objects.filter(case=case).exists()


def test_a_stale_task_form_is_refused() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    form = task_form(case, case.raised_by)
    add_task(case, title="Someone else's task")
    page = client.post(url("case-task-add", case), form)
    assert "has changed since you opened this page: Task added" in text(page)
    assert list(Task.objects.filter(case=case).values_list("title", flat=True)) == [
        "Someone else's task"
    ]


def test_the_owner_marks_a_task_done_once() -> None:
    case = OpenCaseFactory()
    owner = holder(case, "receiving")
    task = add_task(case, owner=owner)
    client = signed_in(owner)
    page = client.get(url("case-task-complete", case, task_id=task.pk))
    assert page.status_code == 200
    assert "Send the minutes" in text(page)
    form = {"seen": seen(case)}
    done = client.post(url("case-task-complete", case, task_id=task.pk), form)
    assert done.status_code == 302
    assert banner(done) == ["Task marked as done"]
    task.refresh_from_db()
    assert task.completed_by == owner
    events = CaseEvent.objects.filter(case=case).count()
    again = client.post(url("case-task-complete", case, task_id=task.pk), form)
    assert "has changed since you opened this page" in text(again)
    assert CaseEvent.objects.filter(case=case).count() == events
    later_look = client.get(url("case-task-complete", case, task_id=task.pk))
    assert later_look.status_code == 409
    assert "already done" in text(later_look)


def test_a_task_is_completed_by_its_people_only() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    task = add_task(case)
    client = signed_in(case.raised_by)  # no longer a holder, neither owner nor setter
    page = client.get(url("case-task-complete", case, task_id=task.pk))
    assert page.status_code == 403
    assert "You cannot mark this task as done" in text(page)
    forged = client.post(url("case-task-complete", case, task_id=task.pk), {"seen": seen(case)})
    assert forged.status_code == 403
    task.refresh_from_db()
    assert task.completed_at is None


def test_a_task_of_another_case_is_not_found() -> None:
    case, other = OpenCaseFactory(), OpenCaseFactory()
    task = add_task(other)
    page = signed_in(holder(case, "raising")).get(url("case-task-complete", case, task_id=task.pk))
    assert page.status_code == 404


# --- Meetings ---------------------------------------------------------------------------------


def meeting_form(case: Case, chair: Person, **kwargs: Any) -> dict[str, Any]:
    held = timezone.localtime() - timedelta(days=1)
    return {
        "seen": seen(case), "held_on_day": held.day, "held_on_month": held.month,
        "held_on_year": held.year, "held_time": "2:30pm", "chair": chair.pk,
        "attendees": [holder(case, "raising").pk, holder(case, "receiving").pk],
        "other_attendees": "A school nurse", "minutes": "Agreed a joint visit.",
        "without_consensus": "", **kwargs,
    }  # fmt: skip


def test_a_holder_records_a_meeting_and_opens_its_page() -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.get(url("case-meeting-add", case))
    assert page.status_code == 200
    assert title(page) == f"Record a meeting – {case.reference} – Accord"
    done = client.post(
        url("case-meeting-add", case),
        meeting_form(case, holder(case, "raising"), without_consensus="Police could not attend."),
    )
    assert done.status_code == 302
    meeting = Meeting.objects.get(case=case)
    assert done.headers["Location"] == url("case-meeting", case, meeting_id=meeting.pk)
    assert banner(done) == ["Meeting recorded"]
    held = timezone.localtime() - timedelta(days=1)
    assert meeting.held_at == datetime(held.year, held.month, held.day, 14, 30, tzinfo=LONDON)
    assert set(meeting.attendees.all()) == {holder(case, "raising"), holder(case, "receiving")}
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert event.kind == "meeting_recorded"
    assert event.payload["without_consensus"] == "Police could not attend."

    shown = client.get(done.headers["Location"])
    assert shown.status_code == 200
    assert title(shown) == f"Meeting 1 – {case.reference} – Accord"
    assert "Agreed a joint visit." in text(shown)
    assert "A school nurse" in text(shown)
    assert "Police could not attend." in text(shown)
    assert url("case-meeting-ics", case, meeting_id=meeting.pk) in text(shown)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_time": "25:00"}, "Time the meeting started must be a real time"),
        ({"held_time": "soon"}, "must be a real time, like 9:30am or 14:30"),
        ({"held_time": ""}, "Enter the time the meeting started"),
        (
            {"held_on_day": "", "held_on_month": "", "held_on_year": ""},
            "Enter the date of the meeting",
        ),
        ({"chair": ""}, "Choose who chaired the meeting"),
        ({"held_on_year": "2099"}, "must be today or in the past"),
    ],
)
def test_a_bad_meeting_is_explained(change: dict[str, str], message: str) -> None:
    case = OpenCaseFactory()
    client = signed_in(holder(case, "receiving"))
    page = client.post(
        url("case-meeting-add", case), {**meeting_form(case, holder(case, "raising")), **change}
    )
    assert page.status_code == 200
    assert message in text(page)
    assert "Agreed a joint visit.</textarea>" in text(page)
    assert not Meeting.objects.filter(case=case).exists()


def test_a_meeting_later_today_is_not_recorded_yet() -> None:
    case = OpenCaseFactory()
    soon = timezone.localtime() + timedelta(minutes=5)
    if soon.date() != timezone.localdate():
        pytest.skip("a few minutes from midnight: the date check refuses it instead")
    page = signed_in(holder(case, "receiving")).post(
        url("case-meeting-add", case),
        meeting_form(
            case, holder(case, "raising"), held_on_day=soon.day, held_on_month=soon.month,
            held_on_year=soon.year, held_time=soon.strftime("%H:%M"),
        ),
    )  # fmt: skip
    assert "Record the meeting once it has been held" in text(page)


def test_the_chair_is_chosen_by_the_policys_rule() -> None:
    """Stage 3 of the example policy is chaired by a team manager not involved, or by the
    standards manager when the child has a protection plan."""
    plain = EscalatedCaseFactory(to_stage=3)
    on_plan = EscalatedCaseFactory(to_stage=3, facts={"cp_plan": True})
    chosen = {}
    for case in (plain, on_plan):
        for role in ("independent_team_manager", "standards_manager"):
            chosen[(case.pk, role)] = RoleAssignment.objects.create(
                partnership=case.partnership, role_key=role, person=PersonFactory(agency=None)
            ).person
    for case, role in ((plain, "independent_team_manager"), (on_plan, "standards_manager")):
        page = signed_in(holder(case, "raising")).get(url("case-meeting-add", case))
        assert radio_checked(page, "chair") == [str(chosen[(case.pk, role)].pk)]
        assert "says who chairs at this stage" in text(page)


def test_without_a_chair_rule_nobody_is_chosen() -> None:
    case = OpenCaseFactory()  # stage 1 names no chair
    page = signed_in(holder(case, "raising")).get(url("case-meeting-add", case))
    assert radio_checked(page, "chair") == []


def test_a_reader_of_the_case_cannot_record_a_meeting() -> None:
    case = OpenCaseFactory()
    page = signed_in(case.raised_by).get(url("case-meeting-add", case))
    assert page.status_code == 200  # the raiser holds stage 1
    escalated = EscalatedCaseFactory(to_stage=2)
    refused = signed_in(escalated.raised_by).get(url("case-meeting-add", escalated))
    assert refused.status_code == 403
    assert "You cannot record a meeting" in text(refused)


# --- The calendar invitation --------------------------------------------------------------------


def test_the_invitation_holds_the_reference_and_a_link_only() -> None:
    case = OpenCaseFactory(subject_name="Zebedee Quill")
    meeting = record_meeting(case, other_attendees="Dr Outside", minutes="Secret minutes")
    person = holder(case, "receiving")
    response = signed_in(person).get(url("case-meeting-ics", case, meeting_id=meeting.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{case.reference}-meeting-1.ics"'
    )
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert f"SUMMARY:Meeting about case {case.reference}\r\n" in body
    assert f"URL:http://testserver{url('case-detail', case)}\r\n" in body
    start = meeting.held_at.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}\r\n" in body
    for secret in ("Zebedee", "Quill", "Secret minutes", "Dr Outside", person.full_name,
                   holder(case, "raising").full_name, case.decision_summary):  # fmt: skip
        assert secret not in body
    assert AccessLog.objects.filter(
        case=case, person=person, action="downloaded a meeting invitation"
    ).exists()


def test_someone_who_cannot_see_the_case_gets_no_invitation() -> None:
    case = OpenCaseFactory()
    meeting = record_meeting(case)
    page = signed_in(PersonFactory()).get(url("case-meeting-ics", case, meeting_id=meeting.pk))
    assert page.status_code == 404


def test_long_lines_are_folded_at_75_octets_and_text_escaped() -> None:
    link = "https://accord.example/cases/ACC-2026-00042/" + "x" * 120
    body = meeting_invitation(
        uid="u@accord.example", reference="ACC-2026-00042", link=link,
        starts=datetime(2026, 6, 1, 9, tzinfo=LONDON), stamp=datetime(2026, 6, 1, 8, tzinfo=LONDON),
    )  # fmt: skip
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "DTSTART:20260601T080000Z" in lines
    assert "".join(line.removeprefix(" ") for line in body.split("\r\n ")).count(link) == 2
    assert "DESCRIPTION:Case ACC-2026-00042: https://" in body  # ":" is not escaped in TEXT
    assert fold("é" * 40) == "é" * 37 + "\r\n " + "é" * 3  # never inside a character

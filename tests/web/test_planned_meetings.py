"""Issue 14 item 5: a meeting planned ahead. A holder plans it for a time to come, with its chair,
place or link and the people invited; everyone invited is told at once (in the app and by e-mail)
with a link to the meeting, whose calendar invitation (.ics) holds the case reference and a link,
never the child's name; the case shows it as planned; once held, it is recorded as held."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import EmailFrequency, PartnershipRole, Person
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.case_reading import read_case
from accord.cases.models import Case, CaseEvent, Meeting, Subject
from accord.engine.london import LONDON
from accord.notifications.models import InAppNotification, OutboxMessage
from tests.access.helpers import signed_in
from tests.factories import OpenCaseFactory, PersonFactory, holder

from .test_case_ending import banner, seen, text, url
from .test_case_work import radio_checked

pytestmark = pytest.mark.django_db

# A Tuesday morning: the meeting is planned for Thursday at 2:30pm.
NOW = datetime(2026, 6, 2, 10, 0, tzinfo=LONDON)
STARTS = datetime(2026, 6, 4, 14, 30, tzinfo=LONDON)


def _plan_form(case: Case, chair: Person, invited: list[Person], **change: Any) -> dict[str, Any]:
    return {
        "seen": seen(case),
        "starts_on_day": STARTS.day,
        "starts_on_month": STARTS.month,
        "starts_on_year": STARTS.year,
        "starts_time": "2:30pm",
        "chair": chair.pk,
        "place": "Room 2, Civic Centre, or https://meet.example/abc",
        "attendees": [p.pk for p in invited],
        **change,
    }


def _case_with_chair() -> tuple[Case, Person]:
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        case = OpenCaseFactory()
    chair = PersonFactory(agency=case.receiving_agency, email_frequency=EmailFrequency.IMMEDIATE)
    PartnershipRole.objects.create(
        person=chair, partnership=case.partnership, role="business_manager"
    )
    return case, chair


@time_machine.travel(NOW, tick=False)
def test_a_holder_plans_a_meeting_and_everyone_invited_is_told_at_once() -> None:
    case, chair = _case_with_chair()
    planner, other = holder(case, "receiving"), holder(case, "raising")
    client = signed_in(planner)
    page = client.get(url("case-meeting-plan", case))
    assert page.status_code == 200
    assert "Plan the meeting and invite them" in text(page)
    done = client.post(url("case-meeting-plan", case), _plan_form(case, chair, [planner, other]))
    assert done.status_code == 302, text(done)[:3000]
    meeting = Meeting.objects.get(case=case)
    assert (meeting.planned, meeting.held_at, meeting.chair) == (True, STARTS, chair)
    assert meeting.place.startswith("Room 2")
    (said,) = banner(done)
    assert said.startswith("Meeting planned. Told: ")
    for person in (chair, other):  # the people told, as the notifications made say
        assert person.full_name in said
    assert planner.full_name not in said
    assert CaseEvent.objects.filter(case=case).last().kind == "meeting_planned"  # type: ignore[union-attr]

    told = InAppNotification.objects.filter(reference=case.reference, kind="meeting_invited")
    assert {n.person for n in told} == {chair, other}  # not the planner
    link = url("case-meeting", case, meeting_id=meeting.pk)
    assert {n.link for n in told} == {link}
    assert all("4 June 2026 at 2:30pm" in n.what for n in told)
    child = Subject.objects.get(case=case).name
    emails = OutboxMessage.objects.filter(reference=case.reference, subject__isnull=False)
    invitation = emails.get(person=chair)
    assert case.reference in invitation.body
    assert "4 June 2026 at 2:30pm" in invitation.body
    assert child not in invitation.body
    assert child not in invitation.subject

    listed = text(signed_in(chair).get(reverse("web:notifications")))
    assert "You are invited to a meeting about this case on 4 June 2026 at 2:30pm" in listed

    work = text(client.get(url("case-work", case)))
    assert "Planned" in work
    assert url("case-meeting-plan", case) in work
    shown = text(client.get(link))
    assert "Room 2, Civic Centre" in shown
    assert url("case-meeting-ics", case, meeting_id=meeting.pk) in shown
    assert url("case-meeting-held", case, planned_id=meeting.pk) not in shown  # not yet held

    ics = signed_in(chair).get(url("case-meeting-ics", case, meeting_id=meeting.pk))
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert "DTSTART:20260604T133000Z" in body
    assert case.reference in body
    assert child not in body


@time_machine.travel(NOW, tick=False)
def test_a_meeting_is_planned_for_a_time_to_come() -> None:
    case, chair = _case_with_chair()
    client = signed_in(holder(case))
    past = _plan_form(case, chair, [], starts_on_day=NOW.day, starts_time="9am")
    page = client.post(url("case-meeting-plan", case), past)
    assert "The meeting must start later than now" in text(page)
    assert "Choose who is invited" in text(page)
    assert not Meeting.objects.filter(case=case).exists()
    with pytest.raises(CaseActionRejected, match="must start later than now"):
        actions.plan_meeting(
            case=case, actor=holder(case), starts_at=NOW - timedelta(hours=1), now=NOW
        )


def test_a_planned_meeting_is_recorded_as_held_afterwards() -> None:
    with time_machine.travel(NOW, tick=False):
        case, chair = _case_with_chair()
        meeting = actions.plan_meeting(
            case=case,
            actor=holder(case),
            starts_at=STARTS,
            now=NOW,
            chair=chair,
            place="Room 2",
            attendees=[holder(case, "raising")],
        )
    assert read_case(case).meeting is None  # a planned meeting is not one held
    with time_machine.travel(STARTS + timedelta(hours=3), tick=False):
        client = signed_in(holder(case))
        shown = text(client.get(url("case-meeting", case, meeting_id=meeting.pk)))
        held_url = url("case-meeting-held", case, planned_id=meeting.pk)
        assert held_url in shown
        page = client.get(held_url)
        assert 'value="14:30"' in text(page)  # the planned time, pre-filled
        assert radio_checked(page, "chair") == [str(chair.pk)]
        assert radio_checked(page, "attendees") == [str(holder(case, "raising").pk)]
        done = client.post(
            held_url,
            {
                "seen": seen(case),
                "held_on_day": STARTS.day,
                "held_on_month": STARTS.month,
                "held_on_year": STARTS.year,
                "held_time": "2:45pm",
                "chair": chair.pk,
                "attendees": [holder(case, "raising").pk],
                "other_attendees": "",
                "minutes": "Agreed a joint visit.",
                "without_consensus": "",
            },
        )
        assert done.status_code == 302, text(done)[:3000]
        assert banner(done) == ["Meeting recorded as held"]
        meeting.refresh_from_db()
        assert (meeting.planned, meeting.minutes) == (False, "Agreed a joint visit.")
        assert meeting.held_at == STARTS + timedelta(minutes=15)
        assert Meeting.objects.filter(case=case).count() == 1
        assert read_case(case).meeting == meeting
        assert client.get(held_url).status_code == 404  # recorded: nothing more to record
        with pytest.raises(CaseActionRejected, match="already been recorded as held"):
            actions.record_meeting(
                case=case,
                actor=holder(case),
                held_at=STARTS,
                now=timezone.now(),
                planned=meeting,
            )

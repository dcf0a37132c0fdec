"""A planned meeting moved or cancelled before it is held: the holder changes its time or place,
or cancels it with a reason; its chair and everyone invited are told at once (not the person who
changed it), its calendar invitation replaces or cancels the one they have, and a cancelled
meeting can no longer be moved, cancelled again or recorded as held."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from accord.accounts.models import EmailFrequency, PartnershipRole, Person
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, CaseEvent, Meeting, Subject
from accord.engine.london import LONDON
from accord.notifications.models import InAppNotification, OutboxMessage
from tests.access.helpers import signed_in
from tests.factories import OpenCaseFactory, PersonFactory, holder

from .test_case_ending import banner, seen, text, url

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 2, 10, 0, tzinfo=LONDON)  # a Tuesday morning
STARTS = datetime(2026, 6, 4, 14, 30, tzinfo=LONDON)  # Thursday, 2:30pm


def _planned() -> tuple[Case, Meeting, Person, Person]:
    """A case with a meeting planned by its receiving holder, the chair and the raising holder
    invited; the case, the meeting, the chair and the invited holder."""
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        case = OpenCaseFactory()
    chair = PersonFactory(agency=case.receiving_agency, email_frequency=EmailFrequency.IMMEDIATE)
    PartnershipRole.objects.create(
        person=chair, partnership=case.partnership, role="business_manager"
    )
    invited = holder(case, "raising")
    meeting = actions.plan_meeting(
        case=case, actor=holder(case), starts_at=STARTS, now=NOW, chair=chair,
        place="Room 2", attendees=[invited],
    )  # fmt: skip
    return case, meeting, chair, invited


@time_machine.travel(NOW + timedelta(hours=1), tick=False)
def test_a_planned_meeting_moves_and_everyone_invited_is_told_with_a_new_invitation() -> None:
    case, meeting, chair, invited = _planned()
    client = signed_in(holder(case))
    shown = text(client.get(url("case-meeting", case, meeting_id=meeting.pk)))
    move = url("case-meeting-move", case, planned_id=meeting.pk)
    assert move in shown
    page = client.get(move)
    assert 'value="14:30"' in text(page)
    assert "Room 2" in text(page)
    done = client.post(
        move,
        {
            "seen": seen(case),
            "starts_on_day": 5, "starts_on_month": 6, "starts_on_year": 2026,
            "starts_time": "10am", "place": "Room 4, Civic Centre",
        },
    )  # fmt: skip
    assert done.status_code == 302, text(done)[:3000]
    (said,) = banner(done)
    assert said.startswith("Meeting moved to 5 June 2026 at 10:00am. Told: ")
    assert chair.full_name in said
    assert invited.full_name in said
    meeting.refresh_from_db()
    assert meeting.held_at == datetime(2026, 6, 5, 10, 0, tzinfo=LONDON)
    assert (meeting.place, meeting.revision) == ("Room 4, Civic Centre", 1)
    assert CaseEvent.objects.filter(case=case).last().kind == "meeting_moved"  # type: ignore[union-attr]

    told = InAppNotification.objects.filter(reference=case.reference, kind="meeting_moved")
    assert {n.person for n in told} == {chair, invited}  # not the mover
    assert all("has moved to 5 June 2026 at 10:00am" in n.what for n in told)
    child = Subject.objects.get(case=case).name
    email = OutboxMessage.objects.get(person=chair, body__contains="has moved to")
    assert child not in email.body
    assert child not in email.subject

    ics = signed_in(chair).get(url("case-meeting-ics", case, meeting_id=meeting.pk))
    body = ics.content.decode()
    assert "SEQUENCE:1" in body
    assert "DTSTART:20260605T090000Z" in body
    assert "METHOD:PUBLISH" in body
    assert child not in body


@time_machine.travel(NOW + timedelta(hours=1), tick=False)
def test_a_planned_meeting_is_cancelled_with_a_reason_and_cannot_then_be_held() -> None:
    case, meeting, chair, invited = _planned()
    client = signed_in(holder(case))
    cancel = url("case-meeting-cancel", case, planned_id=meeting.pk)
    blank = client.post(cancel, {"seen": seen(case), "reason": "  "})
    assert "Say why the meeting is cancelled" in text(blank)
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is None
    done = client.post(cancel, {"seen": seen(case), "reason": "Agreed by phone instead."})
    assert done.status_code == 302, text(done)[:3000]
    assert banner(done)[0].startswith("Meeting cancelled. Told: ")
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None
    assert meeting.revision == 1
    told = InAppNotification.objects.filter(reference=case.reference, kind="meeting_cancelled")
    assert {n.person for n in told} == {chair, invited}

    shown = text(client.get(url("case-meeting", case, meeting_id=meeting.pk)))
    assert "Cancelled" in shown
    assert "Agreed by phone instead." in shown
    assert cancel not in shown
    assert "Cancelled" in text(client.get(url("case-work", case)))
    body = signed_in(chair).get(url("case-meeting-ics", case, meeting_id=meeting.pk))
    assert "METHOD:CANCEL" in body.content.decode()
    assert "STATUS:CANCELLED" in body.content.decode()
    for name in ("case-meeting-move", "case-meeting-cancel", "case-meeting-held"):
        assert client.get(url(name, case, planned_id=meeting.pk)).status_code == 404
    with pytest.raises(CaseActionRejected, match="already been cancelled"):
        actions.move_meeting(
            case=case, actor=holder(case), meeting=meeting,
            starts_at=STARTS + timedelta(days=1), now=NOW + timedelta(hours=1),
        )  # fmt: skip
    with pytest.raises(CaseActionRejected, match="was cancelled"):
        actions.record_meeting(
            case=case, actor=holder(case), held_at=NOW, now=NOW + timedelta(hours=1),
            planned=meeting,
        )  # fmt: skip


def test_a_meeting_whose_time_has_passed_is_not_moved_and_only_a_holder_changes_it() -> None:
    with time_machine.travel(NOW, tick=False):
        case, meeting, _chair, _ = _planned()
        with pytest.raises(CaseActionRejected, match="must start later than now"):
            actions.move_meeting(
                case=case, actor=holder(case), meeting=meeting,
                starts_at=NOW - timedelta(hours=1), now=NOW,
            )  # fmt: skip
        outsider = signed_in(PersonFactory(agency=case.receiving_agency))
        assert outsider.get(url("case-meeting-move", case, planned_id=meeting.pk)).status_code in {
            403,
            404,
        }
    with time_machine.travel(STARTS + timedelta(hours=1), tick=False):
        with pytest.raises(CaseActionRejected, match="time has passed"):
            actions.move_meeting(
                case=case, actor=holder(case), meeting=meeting,
                starts_at=STARTS + timedelta(days=1), now=STARTS + timedelta(hours=1),
            )  # fmt: skip
        shown = text(signed_in(holder(case)).get(url("case-meeting", case, meeting_id=meeting.pk)))
        assert url("case-meeting-move", case, planned_id=meeting.pk) not in shown
        assert url("case-meeting-held", case, planned_id=meeting.pk) in shown

"""What the people invited to a planned meeting are told: that it is planned, moved or
cancelled, each once per change, with its time and a link to its page (never who the case is
about)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.urls import reverse

from accord.accounts.models import Person
from accord.notifications.outbox import Delivery, record_deliveries

from .models import Case, Meeting
from .notifying import when_words


class MeetingNotice(StrEnum):
    """What the people invited to a planned meeting are told: its kind of notification."""

    INVITED = "meeting_invited"
    MOVED = "meeting_moved"
    CANCELLED = "meeting_cancelled"

    def words(self, meeting: Meeting) -> str:
        when = when_words(meeting.held_at)
        if self is MeetingNotice.CANCELLED:
            return f"The meeting about this case on {when} has been cancelled"
        calendar = "the meeting's page has the place and a calendar invitation"
        if self is MeetingNotice.MOVED:
            return f"The meeting about this case has moved to {when}: {calendar}"
        return f"You are invited to a meeting about this case on {when}: {calendar}"


def tell_invited(
    case: Case, meeting: Meeting, notice: MeetingNotice, *, actor: Person, now: datetime
) -> int:
    """Tell the chair and everyone invited to a planned meeting (not `actor`) that it is
    planned, moved or cancelled, each once per change, in the app and by e-mail as they chose,
    in the caller's transaction. The notice gives the time and links to the meeting's page,
    which has the place and its calendar invitation (.ics): the case reference only, never who
    the case is about. Returns how many e-mails were queued."""
    link = reverse("web:case-meeting", args=[case.reference, meeting.pk])
    people = [*([meeting.chair] if meeting.chair is not None else []), *meeting.attendees.all()]
    invited: dict[int, Person] = {}
    for person in people:
        if person.pk != actor.pk and person.is_active:
            invited.setdefault(person.pk, person)
    key = f"{case.reference}/meeting:{meeting.pk}/{notice.value}/{meeting.revision}"
    return record_deliveries(
        [
            Delivery(
                key=f"{key}/{person.pk}",
                partnership_id=case.partnership_id,
                person=person,
                roles=("invited",),
                reference=case.reference,
                kind=notice.value,
                what=notice.words(meeting),
                link=link,
                due_at=now,
            )
            for person in invited.values()
        ],
        now=now,
    )

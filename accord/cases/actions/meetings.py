"""Meetings about a case: planned ahead (its chair and invitees told at once), moved or
cancelled while still to come (everyone invited told again), and recorded once held."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from accord.accounts.models import Person
from accord.engine.london import london_date

from ..independence import chair_refusal
from ..meeting_notices import MeetingNotice, tell_invited
from ..models import Case, Meeting
from ..notifying import when_words
from ..plausible import PLACE, held_problem, too_long
from ._allowed import lock_allowed
from ._core import CaseActionRejected, Locked, record_only

PLACE_TOO_LONG = ngettext_lazy(
    "The place or link must be %(limit)d character or fewer",
    "The place or link must be %(limit)d characters or fewer",
    "limit",
)
REASON_TOO_LONG = ngettext_lazy(
    "The reason must be %(limit)d character or fewer",
    "The reason must be %(limit)d characters or fewer",
    "limit",
)
MEETING_BEFORE_RAISED = gettext_lazy(
    "The date of the meeting must be on or after the date the case was raised (%(raised)s)"
)

REASON = 500  # characters at most in a cancellation's reason


@transaction.atomic
def plan_meeting(
    *,
    case: Case,
    actor: Person,
    starts_at: datetime,
    now: datetime,
    seen: int | None = None,
    chair: Person | None = None,
    place: str = "",
    attendees: Iterable[Person] = (),
) -> Meeting:
    """Plan a meeting about the case at its current stage, for a time still to come, and invite
    its chair and attendees at once (in the app and by e-mail, with its calendar invitation)."""
    if starts_at <= now:
        raise CaseActionRejected(
            gettext(
                "A planned meeting must start later than now: record a meeting already held instead"
            )
        )
    if problem := too_long(place, limit=PLACE, message=PLACE_TOO_LONG):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_meeting", now=now, seen=seen)
    stage = locked.case.stage
    if problem := chair_refusal(locked.case, locked.policy, chair, stage=stage):
        raise CaseActionRejected(problem)
    invited = list(attendees)
    meeting = Meeting.objects.create(
        case=locked.case,
        stage=stage,
        held_at=starts_at,
        planned=True,
        chair=chair,
        place=place,
        recorded_by=actor,
        recorded_at=now,
    )
    meeting.attendees.set(invited)
    record_only(
        locked,
        kind="meeting_planned",
        actor=actor,
        summary=f"Meeting planned for {when_words(starts_at)} (stage {stage})",
        details={"meeting": meeting.pk, "starts_at": starts_at.isoformat()},
        now=now,
    )
    tell_invited(locked.case, meeting, MeetingNotice.INVITED, actor=actor, now=now)
    return meeting


@transaction.atomic
def record_meeting(
    *,
    case: Case,
    actor: Person,
    held_at: datetime,
    now: datetime,
    seen: int | None = None,
    chair: Person | None = None,
    attendees: Iterable[Person] = (),
    other_attendees: str = "",
    minutes: str = "",
    without_consensus: str = "",
    planned: Meeting | None = None,
) -> Meeting:
    """Record a meeting held about the case at its current stage: a new one, or the `planned`
    one, now held (its time, chair and attendees as they turned out)."""
    if held_at > now:
        raise CaseActionRejected(gettext("Record a meeting once it has been held"))
    raised_on = london_date(case.raised_at)
    if problem := held_problem(
        london_date(held_at), raised_on=raised_on, message=MEETING_BEFORE_RAISED
    ):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_meeting", now=now, seen=seen)
    if planned is not None:
        planned = Meeting.objects.filter(pk=planned.pk, case=locked.case).first()
        if planned is None or not planned.planned:
            raise CaseActionRejected(gettext("That meeting has already been recorded as held"))
        if planned.cancelled_at is not None:
            raise CaseActionRejected(
                gettext("That meeting was cancelled: record the meeting that was held")
            )
    stage = planned.stage if planned is not None else locked.case.stage
    if problem := chair_refusal(locked.case, locked.policy, chair, stage=stage):
        raise CaseActionRejected(problem)
    meeting = planned or Meeting(case=locked.case, stage=stage)
    meeting.held_at, meeting.planned, meeting.chair = held_at, False, chair
    meeting.other_attendees, meeting.minutes = other_attendees, minutes
    meeting.recorded_by, meeting.recorded_at = actor, now
    meeting.save()
    meeting.attendees.set(list(attendees))
    record_only(
        locked,
        kind="meeting_recorded",
        actor=actor,
        summary=f"Meeting recorded (stage {stage})",
        details={
            "meeting": meeting.pk,
            "held_at": held_at.isoformat(),
            **({"without_consensus": without_consensus} if without_consensus.strip() else {}),
        },
        now=now,
    )
    return meeting


def _still_to_come(locked: Locked, meeting: Meeting, *, now: datetime) -> Meeting:
    """The planned meeting, locked, while it is still to come and not cancelled."""
    found = Meeting.objects.select_for_update().filter(pk=meeting.pk, case=locked.case).first()
    if found is None or not found.planned:
        raise CaseActionRejected(gettext("That meeting has already been recorded as held"))
    if found.cancelled_at is not None:
        raise CaseActionRejected(gettext("That meeting has already been cancelled"))
    if found.held_at <= now:
        raise CaseActionRejected(
            gettext(
                "That meeting's time has passed: record it as held, or cancel it if it did not "
                "happen"
            )
        )
    return found


@transaction.atomic
def move_meeting(
    *,
    case: Case,
    actor: Person,
    meeting: Meeting,
    starts_at: datetime,
    now: datetime,
    seen: int | None = None,
    place: str = "",
) -> Meeting:
    """Move a planned meeting to another time or place; its chair and everyone invited are told
    at once, with the new time (and a calendar invitation that replaces the old one)."""
    if starts_at <= now:
        raise CaseActionRejected(gettext("A planned meeting must start later than now"))
    if problem := too_long(place, limit=PLACE, message=PLACE_TOO_LONG):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_meeting", now=now, seen=seen)
    moved = _still_to_come(locked, meeting, now=now)
    if (moved.held_at, moved.place) == (starts_at, place):
        raise CaseActionRejected(gettext("Change the time or the place: both are as planned"))
    before = moved.held_at
    moved.held_at, moved.place, moved.revision = starts_at, place, moved.revision + 1
    moved.save(update_fields=["held_at", "place", "revision"])
    record_only(
        locked,
        kind="meeting_moved",
        actor=actor,
        summary=f"Meeting moved from {when_words(before)} to {when_words(starts_at)}",
        details={
            "meeting": moved.pk,
            "from": before.isoformat(),
            "starts_at": starts_at.isoformat(),
        },
        now=now,
    )
    tell_invited(locked.case, moved, MeetingNotice.MOVED, actor=actor, now=now)
    return moved


@transaction.atomic
def cancel_meeting(
    *,
    case: Case,
    actor: Person,
    meeting: Meeting,
    reason: str,
    now: datetime,
    seen: int | None = None,
) -> Meeting:
    """Cancel a planned meeting, saying why; its chair and everyone invited are told at once."""
    reason = reason.strip()
    if not reason:
        raise CaseActionRejected(gettext("Say why the meeting is cancelled"))
    if problem := too_long(reason, limit=REASON, message=REASON_TOO_LONG):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_meeting", now=now, seen=seen)
    cancelled = _still_to_come(locked, meeting, now=now)
    cancelled.cancelled_at, cancelled.revision = now, cancelled.revision + 1
    cancelled.save(update_fields=["cancelled_at", "revision"])
    record_only(
        locked,
        kind="meeting_cancelled",
        actor=actor,
        summary=f"Meeting of {when_words(cancelled.held_at)} cancelled",
        details={"meeting": cancelled.pk, "reason": reason},
        now=now,
    )
    tell_invited(locked.case, cancelled, MeetingNotice.CANCELLED, actor=actor, now=now)
    return cancelled

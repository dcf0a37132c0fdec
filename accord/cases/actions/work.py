"""Tasks and meetings recorded on a case, and the log of who viewed it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction

from accord.accounts.models import Person
from accord.engine.london import london_date
from accord.engine.notices import Recorded

from ..access import cases_visible_to
from ..independence import chair_refusal
from ..models import AccessLog, Case, Meeting, Task
from ..notifying import TASK_TOPIC, invite_to_meeting, notify_record, when_words
from ..offers import completing_task, task_why_not
from ..plausible import PLACE, TASK_TITLE, held_problem, too_long
from ._allowed import lock_allowed, require_going_on, sentence
from ._core import CaseActionRejected, lock_case, record_only
from ._who import require


@transaction.atomic
def add_task(
    *,
    case: Case,
    actor: Person,
    title: str,
    owner: Person,
    now: datetime,
    seen: int | None = None,
    due_on: date | None = None,
) -> Task:
    """A task arising from the case, with an owner and (usually) a due date. The owner is told
    at once, with the due date (not when they add it for themselves)."""
    if not title.strip():
        raise CaseActionRejected("Say what the task is")
    if problem := too_long(title, limit=TASK_TITLE, what="The task"):
        raise CaseActionRejected(problem)
    if due_on is not None and due_on < now.date():
        raise CaseActionRejected("A task's due date cannot be in the past")
    locked = lock_allowed(case, actor, "add_task", now=now, seen=seen)
    require(
        cases_visible_to(owner).filter(pk=locked.case.pk).exists(),
        "A task's owner must be someone who can see the case",
    )
    task = Task.objects.create(
        case=locked.case, title=title, owner=owner, due_on=due_on, created_by=actor, created_at=now
    )
    due = due_on.isoformat() if due_on else None
    record_only(
        locked,
        kind="task_added",
        actor=actor,
        summary="Task added",
        details={"task": task.pk, "owner": owner.pk, "due_on": due},
        now=now,
    )
    notify_record(
        locked.case,
        Recorded.TASK_ASSIGNED,
        topic=f"{TASK_TOPIC}{task.pk}",
        label=f"Stage {locked.case.stage}",
        now=now,
        actor=actor,
    )
    return task


@transaction.atomic
def complete_task(*, task: Task, actor: Person, now: datetime, seen: int | None = None) -> Task:
    """Mark a task done."""
    locked = lock_case(task.case, seen=seen)
    task = Task.objects.select_for_update().get(pk=task.pk)
    access = require_going_on(locked, actor, now=now)
    permission = completing_task(task)
    require(permission.may(access), permission.refusal)
    if (reason := task_why_not(task)) is not None:
        raise CaseActionRejected(sentence(reason))
    task.completed_at = now
    task.completed_by = actor
    task.save(update_fields=["completed_at", "completed_by"])
    record_only(
        locked,
        kind="task_completed",
        actor=actor,
        summary="Task completed",
        details={"task": task.pk},
        now=now,
    )
    return task


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
            "A planned meeting must start later than now: record a meeting already held instead"
        )
    if problem := too_long(place, limit=PLACE, what="The place or link"):
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
    invite_to_meeting(
        locked.case,
        meeting=meeting.pk,
        starts_at=starts_at,
        people=[*([chair] if chair is not None else []), *invited],
        actor=actor,
        now=now,
    )
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
        raise CaseActionRejected("Record a meeting once it has been held")
    raised_on = london_date(case.raised_at)
    if problem := held_problem(
        london_date(held_at), raised_on=raised_on, what="The date of the meeting"
    ):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_meeting", now=now, seen=seen)
    if planned is not None:
        planned = Meeting.objects.filter(pk=planned.pk, case=locked.case).first()
        if planned is None or not planned.planned:
            raise CaseActionRejected("That meeting has already been recorded as held")
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


def log_case_view(
    *,
    person: Person,
    case: Case,
    now: datetime,
    ip_address: str | None = None,
    user_agent: str = "",
    action: str = "viewed case page",
) -> AccessLog:
    """Record that `person` viewed `case` (one insert; no lock, no case event)."""
    return AccessLog.objects.create(
        person=person,
        case=case,
        action=action,
        at=now,
        ip_address=ip_address or None,
        user_agent=user_agent[:300],
    )

"""Tasks recorded on a case, and the log of who viewed it (meetings: `meetings`)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext, ngettext_lazy

from accord.accounts.models import Person
from accord.engine.notices import Recorded

from ..access import cases_visible_to
from ..by_when import TASK_TOPIC, Known
from ..deferred import pending_for
from ..models import AccessLog, Case, Task
from ..notifying import notify_record
from ..offers import completing_task, task_why_not
from ..plausible import TASK_TITLE, too_long
from ._allowed import lock_allowed, require_going_on, sentence
from ._core import CaseActionRejected, lock_case, one_transaction, record_only
from ._holdings import held_now
from ._who import require

TASK_TOO_LONG = ngettext_lazy(
    "The task must be %(limit)d character or fewer",
    "The task must be %(limit)d characters or fewer",
    "limit",
)


@one_transaction
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
        raise CaseActionRejected(gettext("Say what the task is"))
    if problem := too_long(title, limit=TASK_TITLE, message=TASK_TOO_LONG):
        raise CaseActionRejected(problem)
    if due_on is not None and due_on < now.date():
        raise CaseActionRejected(gettext("A task's due date cannot be in the past"))
    locked = lock_allowed(case, actor, "add_task", now=now, seen=seen)
    require(
        _can_see(owner, locked.case),
        gettext("A task's owner must be someone who can see the case"),
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
        # What the action has read: its events, deadlines, calendar and the task it added.
        known=Known(
            list(locked.history),
            [*locked.deadlines.values()],
            locked.calendar,
            {task.pk: task},
            holdings=held_now(locked),
        ),
    )
    return task


def _can_see(person: Person, case: Case) -> bool:
    """`cases_visible_to`'s answer for one case; a bulk load's case (`deferred`) asks once
    per person until its holdings change."""
    pending = pending_for(case)
    if pending is None:
        return cases_visible_to(person).filter(pk=case.pk).exists()
    key = (person.pk, len(pending.locked.holdings or ()))
    if key not in pending.visible:
        pending.visible[key] = cases_visible_to(person).filter(pk=case.pk).exists()
    return pending.visible[key]


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

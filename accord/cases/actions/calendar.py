"""Recomputing a case's open deadlines with the calendar in force, on purpose and on the record;
closure days added and removed with the recount they cause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from accord.accounts.actions import AdminActionRejected, add_closure, remove_closure
from accord.accounts.models import Person
from accord.engine.replay import replay
from accord.partnerships.models import Closure, Partnership

from ..deadline_alerts import ALERT_COLUMNS, set_alerts
from ..models import Case, CaseNotification, CaseStatus, Deadline
from ..state import engine_events, fixed_dues
from ._core import CaseActionRejected, lock_case, record_only
from ._deadlines import split_due, store_next_due

RECOMPUTED = "deadlines_recomputed"


@dataclass(frozen=True)
class DeadlineChange:
    key: str
    before: str
    after: str


def _text(due: date | datetime | None) -> str:
    return "" if due is None else due.isoformat()


@transaction.atomic
def recompute_deadlines(
    *, case: Case, actor: Person, now: datetime, reason: str
) -> list[DeadlineChange]:
    """Count the case's open deadlines again with today's calendar (an amended bank holiday or
    closure), store the new dues and record each before and after in the case's log.

    Deadlines already done or dropped keep theirs. Returns the changes; when nothing moves,
    nothing is written. Alerts already sent are not sent again for the new dates.
    """
    if not reason.strip():
        raise CaseActionRejected("Say why the deadlines are being recomputed")
    locked = lock_case(case)
    # A due the parties set (brought forward, or agreed) is theirs: a calendar change leaves it.
    open_rows = {
        k: d
        for k, d in locked.deadlines.items()
        if d.is_open and d.due is not None and d.due_set_at is None
    }
    if not open_rows:
        return []
    events = engine_events(locked.history)
    # The open rows are counted again with the calendar in force; the others keep their dues.
    fixed = fixed_dues(d for k, d in locked.deadlines.items() if k not in open_rows)
    state = replay(locked.policy, locked.calendar, events, as_of=now, fixed_dues=fixed)
    sent = set(
        CaseNotification.objects.filter(case=locked.case, topic__in=open_rows).values_list(
            "topic", "kind"
        )
    )
    changes = []
    changed_rows = []
    for computed in state.deadlines:
        row = open_rows.get(computed.id)
        if row is None or computed.due is None or computed.due == row.due:
            continue
        changes.append(DeadlineChange(row.key, _text(row.due), _text(computed.due)))
        row.due_on, row.due_at = split_due(computed.due)
        row.calendar_revision = str(locked.calendar.revision)
        row.status = str(computed.status)
        set_alerts(
            row, computed, policy=locked.policy, calendar=locked.calendar, urgent=locked.case.urgent
        )
        for kind, name in (("due_soon", "due_soon_alert_at"), ("passed", "passed_alert_at")):
            if (row.key, kind) in sent:
                setattr(row, name, None)
        if (row.key, "non_response") in sent:
            row.non_response_alert_at = None
        row.set_next_alert()
        changed_rows.append(row)
    if not changes:
        return []
    Deadline.objects.bulk_update(
        changed_rows,
        ["due_on", "due_at", "calendar_revision", "status", *ALERT_COLUMNS],
    )
    store_next_due(locked.case, locked.deadlines.values())
    record_only(
        locked,
        kind=RECOMPUTED,
        actor=actor,
        summary=f"{len(changes)} deadline(s) recomputed with the calendar in force",
        details={
            "reason": reason,
            "calendar_revision": str(locked.calendar.revision),
            "changes": [{"deadline": c.key, "before": c.before, "after": c.after} for c in changes],
        },
        now=now,
    )
    return changes


def recompute_open_deadlines(
    *, partnership: Partnership, actor: Person, now: datetime, reason: str
) -> int:
    """Recount the open deadlines of every open case of `partnership` (after a closure day is
    added or removed), each case on its own record; how many deadlines moved."""
    moved = 0
    for case in Case.objects.filter(partnership=partnership, status=CaseStatus.OPEN).order_by("pk"):
        moved += len(recompute_deadlines(case=case, actor=actor, now=now, reason=reason))
    return moved


def _recount_open(partnership: Partnership, actor: Person, now: datetime, reason: str) -> int:
    try:
        return recompute_open_deadlines(
            partnership=partnership, actor=actor, now=now, reason=reason
        )
    except CaseActionRejected as refused:  # a case the engine cannot replay: said, not hidden
        raise AdminActionRejected(refused.message) from None


@transaction.atomic
def add_closure_day(
    *, actor: Person, partnership: Partnership, day: date, reason: str, now: datetime
) -> tuple[Closure, int]:
    """Add a closure day and recount the open cases' deadlines with it, in one transaction;
    the closure and how many deadlines moved."""
    closure = add_closure(actor=actor, partnership=partnership, day=day, reason=reason, now=now)
    moved = _recount_open(partnership, actor, now, f"Closure day added: {day:%-d %B %Y}")
    return closure, moved


@transaction.atomic
def remove_closure_day(*, actor: Person, closure: Closure, now: datetime) -> int:
    """Remove a closure day and recount the open cases' deadlines without it, in one
    transaction; how many deadlines moved."""
    partnership, day = closure.partnership, closure.date
    remove_closure(actor=actor, closure=closure, now=now)
    return _recount_open(partnership, actor, now, f"Closure day removed: {day:%-d %B %Y}")

"""Recomputing a case's open deadlines with the calendar in force, on purpose and on the record;
closure days added and removed with the recount they cause."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils.translation import gettext

from accord.accounts.actions import (
    AdminActionRejected,
    add_closure,
    remove_closure,
    set_alert_time,
)
from accord.accounts.models import Person
from accord.engine.alerts import alerts_for
from accord.engine.case_state import Deadline as EngineDeadline
from accord.engine.replay import replay
from accord.partnerships.models import Closure, Partnership

from ..deadline_alerts import ALERT_COLUMNS, set_alerts
from ..models import Case, CaseNotification, CaseStatus, Deadline
from ..state import engine_events, fixed_dues
from ._core import CaseActionRejected, Locked, lock_case, record_only
from ._deadlines import split_due, store_next_due

RECOMPUTED = "deadlines_recomputed"


@dataclass(frozen=True)
class DeadlineChange:
    """A deadline's due moved (`before` and `after` are dues), or only its alerts still to fall
    (`alerts_only`: the first of them before and after)."""

    key: str
    before: str
    after: str
    alerts_only: bool = False


def _text(due: date | datetime | None) -> str:
    return "" if due is None else due.isoformat()


@transaction.atomic
def recompute_deadlines(
    *, case: Case, actor: Person, now: datetime, reason: str
) -> list[DeadlineChange]:
    """Count the case's open deadlines again with today's calendar (an amended bank holiday or
    closure, a new alert time), store the new dues and record each before and after in the
    case's log; alerts still to fall move with the calendar too, even where the due stays.

    Deadlines already done or dropped keep theirs. Returns the dues that moved; when nothing
    moves, nothing is written. Alerts already sent are not sent again for the new dates.
    """
    if not reason.strip():
        raise CaseActionRejected(gettext("Say why the deadlines are being recomputed"))
    locked = lock_case(case)
    timed = {k: d for k, d in locked.deadlines.items() if d.is_open and d.due is not None}
    # A due the parties set (brought forward, or agreed) is theirs: a calendar change leaves it.
    recounted = {k: d for k, d in timed.items() if d.due_set_at is None}
    if not timed:
        return []
    events = engine_events(locked.history)
    # The open rows are counted again with the calendar in force; the others keep their dues.
    fixed = fixed_dues(d for k, d in locked.deadlines.items() if k not in recounted)
    state = replay(locked.policy, locked.calendar, events, as_of=now, fixed_dues=fixed)
    sent = set(
        CaseNotification.objects.filter(case=locked.case, topic__in=timed).values_list(
            "topic", "kind"
        )
    )
    changes: list[DeadlineChange] = []
    changed_rows: list[Deadline] = []
    for computed in state.deadlines:
        row = timed.get(computed.id)
        if row is None or computed.due is None:
            continue
        if row.key in recounted and computed.due != row.due:
            changes.append(DeadlineChange(row.key, _text(row.due), _text(computed.due)))
            row.due_on, row.due_at = split_due(computed.due)
            row.calendar_revision = str(locked.calendar.revision)
            row.status = str(computed.status)
            set_alerts(
                row,
                computed,
                policy=locked.policy,
                calendar=locked.calendar,
                urgent=locked.case.urgent,
            )
            for kind, name in UNTIL_TOLD:
                if (row.key, kind) in sent:
                    setattr(row, name, None)
            row.set_next_alert()
            changed_rows.append(row)
        elif moved := _move_pending_alerts(row, computed, locked, sent):
            changes.append(moved)
            changed_rows.append(row)
    if not changed_rows:
        return []
    Deadline.objects.bulk_update(
        changed_rows,
        ["due_on", "due_at", "calendar_revision", "status", *ALERT_COLUMNS],
    )
    store_next_due(locked.case, locked.deadlines.values())
    dues = [c for c in changes if not c.alerts_only]
    summary = (
        f"{len(dues)} deadline(s) recomputed with the calendar in force"
        if dues
        else f"Alerts of {len(changes)} deadline(s) moved with the calendar in force"
    )
    record_only(
        locked,
        kind=RECOMPUTED,
        actor=actor,
        summary=summary,
        details={
            "reason": reason,
            "calendar_revision": str(locked.calendar.revision),
            "changes": [
                {"deadline": c.key, "before": c.before, "after": c.after}
                for c in changes
                if not c.alerts_only
            ],
            "alerts_moved": [
                {"deadline": c.key, "before": c.before, "after": c.after}
                for c in changes
                if c.alerts_only
            ],
        },
        now=now,
    )
    return changes


# Each alert that falls once, and the stored instant it falls at until it is told.
UNTIL_TOLD = (
    ("due_soon", "due_soon_alert_at"),
    ("passed", "passed_alert_at"),
    ("non_response", "non_response_alert_at"),
)


def _move_pending_alerts(
    row: Deadline, computed: EngineDeadline, locked: Locked, sent: set[tuple[str, str]]
) -> DeadlineChange | None:
    """Move the alerts of `row` still to fall (not yet told) to where the calendar in force
    puts them (a closure on the day, a new alert time), its due unchanged (None: none moved).
    Reminders keep their own count and instant."""
    grace = locked.policy.non_response.grace if locked.policy.non_response else None
    fresh = alerts_for(computed, grace=grace, calendar=locked.calendar, urgent=locked.case.urgent)
    before, after = [], []
    for kind, name in UNTIL_TOLD:
        stored, now_at = getattr(row, name), getattr(fresh, kind)
        if stored is not None and (row.key, kind) not in sent and stored != now_at:
            before.append(stored)
            after.append(now_at)
            setattr(row, name, now_at)
    if not before:
        return None
    row.set_next_alert()
    first = min(at for at in after if at is not None) if any(after) else None
    return DeadlineChange(row.key, _text(min(before)), _text(first), alerts_only=True)


def recompute_open_deadlines(
    *, partnership: Partnership, actor: Person, now: datetime, reason: str
) -> dict[Case, list[DeadlineChange]]:
    """Recount the open deadlines of every open case of `partnership` (a closure day added or
    removed, a bank holiday amended, a new alert time), each case on its own record; the cases
    whose dues or alerts moved, with what moved."""
    cases = Case.objects.filter(partnership=partnership, status=CaseStatus.OPEN).order_by("pk")
    found = {}
    for case in cases:
        if changes := recompute_deadlines(case=case, actor=actor, now=now, reason=reason):
            found[case] = changes
    return found


def dues_moved(changed: dict[Case, list[DeadlineChange]]) -> int:
    """How many deadlines' dues moved (not counting those whose alerts alone moved)."""
    return sum(1 for changes in changed.values() for c in changes if not c.alerts_only)


def _recount_open(
    partnership: Partnership, actor: Person, now: datetime, reason: str
) -> dict[Case, list[DeadlineChange]]:
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
    changed = _recount_open(partnership, actor, now, f"Closure day added: {day:%-d %B %Y}")
    return closure, dues_moved(changed)


@transaction.atomic
def remove_closure_day(*, actor: Person, closure: Closure, now: datetime) -> int:
    """Remove a closure day and recount the open cases' deadlines without it, in one
    transaction; how many deadlines moved."""
    partnership, day = closure.partnership, closure.date
    remove_closure(actor=actor, closure=closure, now=now)
    changed = _recount_open(partnership, actor, now, f"Closure day removed: {day:%-d %B %Y}")
    return dues_moved(changed)


@transaction.atomic
def change_alert_time(*, actor: Person, partnership: Partnership, at: time, now: datetime) -> int:
    """Give the partnership's deadline alerts at `at` from now on, and move the alerts still to
    fall on its open cases to the new time, in one transaction; how many cases' alerts moved."""
    before = partnership.alert_time
    partnership = set_alert_time(actor=actor, partnership=partnership, at=at, now=now)
    reason = f"Alert time changed from {before:%H:%M} to {at:%H:%M}"
    return len(_recount_open(partnership, actor, now, reason))

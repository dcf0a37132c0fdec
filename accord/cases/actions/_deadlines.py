"""Storing the engine's deadlines for a case: new ones with their due and alert instants, stored
ones keeping their due (a later calendar change never moves it silently)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import DEFAULT_DB_ALIAS

from accord.engine.calendar import Calendar
from accord.engine.case_state import CaseState
from accord.engine.case_state import Deadline as EngineDeadline
from accord.engine.london import london_date
from accord.engine.policy.model import Policy
from accord.notifications.inserts import insert_returning
from accord.prepared_saves import PreparedUpdate

from ..deadline_alerts import ALERT_COLUMNS, clear_alerts, set_alerts
from ..deferred import Pending
from ..models import Case, Deadline

DEADLINE_COLUMNS = [
    "status",
    "done_at",
    "due_on",
    "due_at",
    "starts_on",
    "starts_at",
    "calendar_revision",
    "counted_due_on",
    "counted_due_at",
    "due_set_at",
    "due_set_reason",
]


def split_due(value: date | datetime | None) -> tuple[date | None, datetime | None]:
    """A due as the two stored columns: its London date, and its instant for hour units."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return london_date(value), value
    return value, None


def store_deadlines(
    case: Case,
    state: CaseState,
    *,
    stored: dict[str, Deadline],
    policy: Policy,
    calendar: Calendar,
    pending: Pending | None = None,
) -> list[Deadline]:
    """Upsert the engine's deadlines: new ones with their computed due, calendar revision and
    alert instants; stored ones keep their due, and only their done time and status change
    (and their alerts stop once they are done or dropped). Returns every deadline of the case
    as now stored; the caller keeps `Case.next_due_on` (`next_due`, `store_next_due`).

    With `pending` (a bulk load's case, `deferred`), new rows are kept there and inserted when
    the load flushes, with whatever later events of the case changed in them."""
    new: list[Deadline] = []
    urgent = state.urgent
    for computed in state.deadlines:
        row = stored.get(computed.id)
        if row is None:
            due_on, due_at = split_due(computed.due)
            starts_on, starts_at = split_due(computed.start)
            row = Deadline(
                case=case,
                key=computed.id,
                label=computed.label,
                kind=str(computed.kind),
                stage=computed.stage,
                unit=str(computed.unit),
                starts_on=starts_on,
                starts_at=starts_at,
                due_on=due_on,
                due_at=due_at,
                done_at=computed.done,
                status=str(computed.status),
                calendar_revision=str(calendar.revision),
            )
            set_alerts(row, computed, policy=policy, calendar=calendar, urgent=urgent)
            new.append(row)
            continue
        before = _snapshot(row)
        row.status = str(computed.status)
        row.done_at = row.done_at or computed.done
        if computed.due_since is not None and (row.due_set_at, row.due) != (
            computed.due_since,
            computed.due,
        ):
            _store_set_due(row, computed, policy=policy, calendar=calendar, urgent=urgent)
        elif row.due is None and computed.due is not None:
            # A clock that had no date (its anchor step not yet done) gets its first one: stored
            # now, with the calendar that counted it.
            row.due_on, row.due_at = split_due(computed.due)
            row.starts_on, row.starts_at = split_due(computed.start)
            row.calendar_revision = str(calendar.revision)
            set_alerts(row, computed, policy=policy, calendar=calendar, urgent=urgent)
        if not row.is_open:
            clear_alerts(row)
        _save_changes(row, before)
    if pending is not None:
        pending.deadlines += new
    elif new:  # the statement written once (`inserts`), not compiled as bulk_create does
        ids = insert_returning(Deadline, new, ("id",), ignore=False)
        for row, (pk,) in zip(new, ids, strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, DEFAULT_DB_ALIAS
    return [*stored.values(), *new]


def next_due(rows: Iterable[Deadline]) -> date | None:
    """`Case.next_due_on`, which the lists sort by: the earliest open deadline's date."""
    return min((r.due_on for r in rows if r.is_open and r.due_on is not None), default=None)


def store_next_due(case: Case, rows: Iterable[Deadline]) -> None:
    """Keep `Case.next_due_on` (`next_due`) of a stored case: one UPDATE, if it changed."""
    next_due_on = next_due(rows)
    if case.next_due_on != next_due_on:
        case.next_due_on = next_due_on
        Case.objects.filter(pk=case.pk).update(next_due_on=next_due_on)


STORED_COLUMNS = [*DEADLINE_COLUMNS, *ALERT_COLUMNS]


def _snapshot(row: Deadline) -> dict[str, object]:
    return {column: getattr(row, column) for column in STORED_COLUMNS}


def _save_changes(row: Deadline, before: dict[str, object]) -> None:
    """Write only the columns of `row` that differ from `before`, if any: one UPDATE of a row
    and a column or two, where a `bulk_update` of every column of every row cost a case write
    about a third of its time (issue 17). A row not stored yet (a bulk load's, `deferred`) is
    inserted with its changes when the load flushes."""
    if row.pk is None:
        return
    changed = {c: value for c, value in _snapshot(row).items() if value != before[c]}
    if changed:
        columns = tuple(changed)
        if (update := _UPDATES.get(columns)) is None:
            update = _UPDATES[columns] = PreparedUpdate(Deadline, columns, where="id")
        update.later(row.pk, *changed.values())


# The UPDATE of each set of a deadline's columns that changed, written once (`prepared_saves`).
_UPDATES: dict[tuple[str, ...], PreparedUpdate] = {}


def _store_set_due(
    row: Deadline, computed: EngineDeadline, *, policy: Policy, calendar: Calendar, urgent: bool
) -> None:
    """A `deadline_set` event moved the due: store the new one (keeping the counted one for the
    replay) and when its alerts fall."""
    if row.due_set_at is None:
        row.counted_due_on, row.counted_due_at = row.due_on, row.due_at
    row.due_on, row.due_at = split_due(computed.due)
    row.due_set_at, row.due_set_reason = computed.due_since, computed.reason
    set_alerts(row, computed, policy=policy, calendar=calendar, urgent=urgent)

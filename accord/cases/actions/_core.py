"""What every action shares: lock the case, replay it with the new event, write the result."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from accord.accounts.models import Person
from accord.engine.calendar import Calendar
from accord.engine.case_state import CaseState
from accord.engine.case_state import Deadline as EngineDeadline
from accord.engine.events import Event
from accord.engine.lifecycle import EventRejected
from accord.engine.policy.model import Policy
from accord.engine.replay import replay

from ..audit import append_event
from ..deadline_alerts import ALERT_COLUMNS, clear_alerts, set_alerts
from ..models import Case, CaseEvent, Deadline, Side
from ..notices import expected_notifications
from ..notifying import record_notifications
from ..payloads import to_payload
from ..state import engine_context, engine_events

LONDON = ZoneInfo("Europe/London")


class CaseActionRejected(Exception):
    """The action is not allowed now; `message` says why and what to do. Nothing was written."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class CaseHistoryUnreplayable(Exception):
    """The stored events no longer replay under the case's policy: a fault, not a user error."""


@dataclass
class Locked:
    """A case locked for writing, with its history and what the engine needs to replay it."""

    case: Case
    history: list[CaseEvent]
    deadlines: dict[str, Deadline]
    policy: Policy
    calendar: Calendar

    @property
    def last_event(self) -> CaseEvent | None:
        return self.history[-1] if self.history else None


def lock_case(case: Case, *, seen: int | None = None) -> Locked:
    """Lock the case row (select_for_update) and load its events and stored deadlines.

    `seen` is the sequence number of the last event the person saw when the page was drawn
    (`Case.last_sequence` of a page's hidden field): if the case has moved on since, the action
    is refused (a stale form, or the same form sent twice) and nothing is written.
    """
    locked = (
        Case.objects.select_for_update(of=("self",))  # not the partnership: cases run in parallel
        .select_related("partnership", "policy_version")
        .get(pk=case.pk)
    )
    history = list(CaseEvent.objects.filter(case=locked).order_by("sequence"))
    if seen is not None:
        require_unchanged(locked, history, seen)
    deadlines = {d.key: d for d in Deadline.objects.filter(case=locked)}
    policy, calendar = engine_context(locked.partnership, locked.policy_version)
    return Locked(locked, history, deadlines, policy, calendar)


class CaseChanged(CaseActionRejected):
    """The case moved on after the page was drawn: the person should look again."""


def require_unchanged(case: Case, history: Sequence[CaseEvent], seen: int) -> None:
    latest = history[-1].sequence if history else 0
    if latest == seen:
        return
    since = [e.summary for e in history if e.sequence > seen]
    what = f": {'; '.join(since[-3:])}" if since else ""
    raise CaseChanged(
        f"Case {case.reference} has changed since you opened this page{what}. Nothing was "
        "saved: check the case and try again if it is still needed"
    )


def run_engine(
    *,
    policy: Policy,
    calendar: Calendar,
    history: Sequence[CaseEvent],
    new_event: Event,
    deadlines: dict[str, Deadline],
    now: datetime,
) -> CaseState:
    """Replay the stored engine events plus `new_event`; raise CaseActionRejected if refused."""
    events = engine_events(history, new_event)
    fixed_dues = {key: due for key, d in deadlines.items() if (due := d.counted_due) is not None}
    try:
        return replay(policy, calendar, events, as_of=now, fixed_dues=fixed_dues)
    except EventRejected as rejected:
        if rejected.index == len(events) - 1:
            raise CaseActionRejected(rejected.reason) from None
        raise CaseHistoryUnreplayable(
            f"event {rejected.index + 1} of the stored history: {rejected.message}"
        ) from rejected


def apply_state(case: Case, state: CaseState, *, now: datetime) -> None:
    """Copy the engine's view of the case onto the row (the caller saves it)."""
    # A case withdrawn after its resolution keeps the engine status `resolved`; for the
    # service it is withdrawn all the same (nothing more can happen to it).
    case.status = "withdrawn" if state.withdrawn else str(state.status)
    if state.stage is not None:
        case.stage = state.stage
    case.urgent = state.urgent
    case.facts = dict(state.facts)
    case.last_event_at = now
    # The receiving side must act until it responds at the stage; then the raising side.
    responded = any(r.stage == state.stage for r in state.responses)
    case.awaiting_side = Side.RAISING if responded else Side.RECEIVING


def _split(value: date | datetime | None) -> tuple[date | None, datetime | None]:
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date(), value
    return value, None


def store_deadlines(
    case: Case,
    state: CaseState,
    *,
    stored: dict[str, Deadline],
    policy: Policy,
    calendar: Calendar,
) -> None:
    """Upsert the engine's deadlines: new ones with their computed due, calendar revision and
    alert instants; stored ones keep their due, and only their done time and status change
    (and their alerts stop once they are done or dropped)."""
    new: list[Deadline] = []
    changed: list[Deadline] = []
    for computed in state.deadlines:
        row = stored.get(computed.id)
        if row is None:
            due_on, due_at = _split(computed.due)
            starts_on, starts_at = _split(computed.start)
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
            set_alerts(row, computed, policy=policy, calendar=calendar)
            new.append(row)
            continue
        before = _snapshot(row)
        row.status = str(computed.status)
        row.done_at = row.done_at or computed.done
        if computed.due_since is not None and (row.due_set_at, row.due) != (
            computed.due_since,
            computed.due,
        ):
            _store_set_due(row, computed, policy=policy, calendar=calendar)
        elif row.due is None and computed.due is not None:
            # A clock that had no date (its anchor step not yet done) gets its first one: stored
            # now, with the calendar that counted it.
            row.due_on, row.due_at = _split(computed.due)
            row.starts_on, row.starts_at = _split(computed.start)
            row.calendar_revision = str(calendar.revision)
            set_alerts(row, computed, policy=policy, calendar=calendar)
        if not row.is_open:
            clear_alerts(row)
        if _snapshot(row) != before:
            changed.append(row)
    if new:
        Deadline.objects.bulk_create(new)
    if changed:
        Deadline.objects.bulk_update(changed, [*DEADLINE_COLUMNS, *ALERT_COLUMNS])
    store_next_due(case, [*stored.values(), *new])


def store_next_due(case: Case, rows: Iterable[Deadline]) -> None:
    """Keep `Case.next_due_on`, the earliest open deadline's date, which the lists sort by."""
    next_due = min((r.due_on for r in rows if r.is_open and r.due_on is not None), default=None)
    if case.next_due_on != next_due:
        case.next_due_on = next_due
        Case.objects.filter(pk=case.pk).update(next_due_on=next_due)


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


def _snapshot(row: Deadline) -> tuple[object, ...]:
    return (*(getattr(row, c) for c in DEADLINE_COLUMNS), row.next_alert_at)


def _store_set_due(
    row: Deadline, computed: EngineDeadline, *, policy: Policy, calendar: Calendar
) -> None:
    """A `deadline_set` event moved the due: store the new one (keeping the counted one for the
    replay) and when its alerts fall."""
    if row.due_set_at is None:
        row.counted_due_on, row.counted_due_at = row.due_on, row.due_at
    row.due_on, row.due_at = _split(computed.due)
    row.due_set_at, row.due_set_reason = computed.due_since, computed.reason
    set_alerts(row, computed, policy=policy, calendar=calendar)


def commit_transition(
    locked: Locked,
    *,
    event: Event,
    actor: Person,
    summary: str,
    now: datetime,
    extra: dict[str, object] | None = None,
) -> CaseState:
    """Check `event` with the engine, then write the case, its deadlines and its CaseEvent.

    `extra` adds non-engine details to the stored payload (ignored when replaying).
    """
    state = run_engine(
        policy=locked.policy,
        calendar=locked.calendar,
        history=locked.history,
        new_event=event,
        deadlines=locked.deadlines,
        now=now,
    )
    apply_state(locked.case, state, now=now)
    locked.case.save()
    store_deadlines(
        locked.case,
        state,
        stored=locked.deadlines,
        policy=locked.policy,
        calendar=locked.calendar,
    )
    payload = to_payload(event)
    if extra:
        payload["details"] = extra
    append_event(
        case=locked.case,
        previous=locked.last_event,
        kind=payload["type"],
        actor=actor,
        at=now,
        payload=payload,
        summary=summary,
    )
    notify_case(
        locked.case,
        state,
        events=engine_events(locked.history, event),
        policy=locked.policy,
        now=now,
    )
    return state


def notify_case(
    case: Case, state: CaseState, *, events: Sequence[Event], policy: Policy, now: datetime
) -> int:
    """Record, in the action's transaction, every notification the case should have by now and
    has not (those this event set off, and any timed one a sweep has not yet recorded)."""
    expected = expected_notifications(
        state, events=events, policy=policy, awaiting_side=case.awaiting_side
    )
    labels = {d.id: d.label for d in state.deadlines}
    return record_notifications([(case, expected, labels)], now=now)


def record_only(
    locked: Locked,
    *,
    kind: str,
    actor: Person,
    summary: str,
    details: dict[str, object],
    now: datetime,
) -> None:
    """Append a non-engine event (a task, a meeting) to the case's log."""
    append_event(
        case=locked.case,
        previous=locked.last_event,
        kind=kind,
        actor=actor,
        at=now,
        payload={"type": kind, "at": now.isoformat(), **details},
        summary=summary,
    )

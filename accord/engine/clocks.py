"""A deadline while its case is replayed: when it is due, how it ends, and what it sets off when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from accord.engine.calendar import Calendar
from accord.engine.case_state import Deadline, DeadlineKind
from accord.engine.deadlines import (
    DEFAULT_NUDGE,
    DeadlineStatus,
    Due,
    breach_at,
    due_soon_at,
    extended,
    is_met,
    next_reminder,
    status_of,
)
from accord.engine.policy.model import Duration, Policy, Unit

# Timed triggers, in the order they are tried when two fall at the same instant.
DUE_SOON, BREACHED, NON_RESPONSE, NUDGE = "due_soon", "breached", "non_response", "nudge"
_TIMED = (DUE_SOON, BREACHED, NON_RESPONSE)


@dataclass(slots=True, eq=False)
class Clock:
    """A running (or ended) deadline. `status` is provisional until `frozen` reads it as of a day:
    open, met, late or dropped."""

    id: str
    label: str
    kind: DeadlineKind
    stage: int | None
    unit: Unit
    start: datetime  # the anchor
    due: Due | None
    created: datetime  # when the clock began running: no timer fires before
    order: tuple[int, int, int]  # where it is listed: raise, then by stage
    nudge_every: Duration | None = None  # for `none`, and `agreed` until a date is set
    done: datetime | None = None
    dropped_at: datetime | None = None
    status: DeadlineStatus = DeadlineStatus.OPEN
    reason: str = ""
    due_since: datetime | None = None  # when the current due took effect (None: `created`)
    sent: set[str] = field(default_factory=set)
    last_nudge: datetime | None = None
    _timers: list[tuple[datetime, str]] | None = None

    @property
    def running(self) -> bool:
        return self.status == DeadlineStatus.OPEN

    def finish(self, at: datetime) -> None:
        self.done = at
        self.status = DeadlineStatus.MET if is_met(self.due, at) else DeadlineStatus.LATE
        self._timers = []

    def drop(self, at: datetime) -> None:
        self.dropped_at = at
        self.status = DeadlineStatus.DROPPED
        self._timers = []

    def set_due(self, due: Due, at: datetime, reason: str) -> None:
        """A `deadline_set` event: a new due from `at`; reminders stop, alerts follow it."""
        self.due, self.due_since, self.reason = due, at, reason
        self._timers = None

    def next_timer(self, timing: Timing) -> tuple[datetime, str] | None:
        """The earliest timed trigger still to fire, or None."""
        if self._timers is None:
            self._timers = timing.timers(self)
        return self._timers[0] if self._timers else None

    def fired(self, trigger: str, timing: Timing) -> None:
        """Note that `trigger`, the clock's earliest timer, has fired."""
        assert self._timers
        at, _ = self._timers.pop(0)
        if trigger == NUDGE:
            self.last_nudge = at
            self._timers = None
        else:
            self.sent.add(trigger)

    def frozen(self, as_of: datetime) -> Deadline:
        return Deadline(
            id=self.id,
            label=self.label,
            kind=self.kind,
            stage=self.stage,
            unit=self.unit,
            start=self.start,
            due=self.due,
            done=self.done,
            status=status_of(self.due, self.done, self.dropped_at is not None, as_of),
            reason=self.reason,
            dropped_at=self.dropped_at,
            created=self.created,
            due_since=self.due_since,
            nudge_every=self.nudge_every,
        )


class Timing:
    """Which timed triggers a policy asks for, and when each falls for a clock."""

    def __init__(self, policy: Policy, calendar: Calendar) -> None:
        self.calendar = calendar
        self.grace = policy.non_response.grace if policy.non_response else None
        self.stage_triggers = {s.number: frozenset(r.on for r in s.notify) for s in policy.stages}

    def timers(self, clock: Clock) -> list[tuple[datetime, str]]:
        if not clock.running or clock.kind not in (DeadlineKind.STAGE, DeadlineKind.STEP):
            return []
        if clock.due is None:
            return self._nudge(clock)
        since = clock.due_since or clock.created
        wanted = {
            DUE_SOON: clock.kind is DeadlineKind.STAGE and DUE_SOON in self._on(clock),
            BREACHED: clock.kind is DeadlineKind.STAGE and BREACHED in self._on(clock),
            NON_RESPONSE: self.grace is not None,
        }
        timers = []
        for trigger in _TIMED:
            if wanted[trigger] and trigger not in clock.sent:
                timers.append((max(self._when(trigger, clock.due), since), trigger))
        return sorted(timers, key=lambda t: (t[0], _TIMED.index(t[1])))

    def _on(self, clock: Clock) -> frozenset[str]:
        return self.stage_triggers.get(clock.stage or 0, frozenset())

    def _when(self, trigger: str, due: Due) -> datetime:
        if trigger == DUE_SOON:
            return due_soon_at(due, self.calendar)
        if trigger == BREACHED:
            return breach_at(due)
        assert self.grace is not None
        return breach_at(extended(due, self.grace, self.calendar))

    def _nudge(self, clock: Clock) -> list[tuple[datetime, str]]:
        if clock.unit not in (Unit.NONE, Unit.AGREED):
            return []
        after = clock.last_nudge or clock.created
        at = next_reminder(after, clock.nudge_every or DEFAULT_NUDGE, self.calendar)
        return [] if at is None else [(at, NUDGE)]

    def is_breached(self, clock: Clock, at: datetime) -> bool:
        """Whether a clock's due has passed by `at` (so `due_soon` is moot)."""
        return clock.due is not None and breach_at(clock.due) <= at

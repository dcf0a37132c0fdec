"""A deadline while its case is replayed: when it is due, how it ends, and what it sets off when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from accord.engine.alerts import alert_times
from accord.engine.calendar import Calendar
from accord.engine.case_state import AlertKind, Deadline, DeadlineKind
from accord.engine.deadlines import DeadlineStatus, Due, is_met, status_of
from accord.engine.policy.model import Duration, Policy, Unit


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
    nudge_limit: int | None = None  # reminders before the holders' line managers are told
    done: datetime | None = None
    dropped_at: datetime | None = None
    status: DeadlineStatus = DeadlineStatus.OPEN
    reason: str = ""
    due_since: datetime | None = None  # when the current due took effect (None: `created`)
    sent: set[AlertKind] = field(default_factory=set)
    last_nudge: datetime | None = None
    nudges_given: int = 0  # alerts at reminders' instants: reminders, then that they stopped
    _timers: list[tuple[datetime, AlertKind]] | None = None

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

    def next_timer(self, timing: Timing) -> tuple[datetime, AlertKind] | None:
        """The earliest timed trigger still to fire, or None."""
        if self._timers is None:
            self._timers = timing.timers(self)
        return self._timers[0] if self._timers else None

    def fired(self, kind: AlertKind) -> None:
        """Note that `kind`, the clock's earliest timer, has fired."""
        assert self._timers
        at, _ = self._timers.pop(0)
        if kind in (AlertKind.NUDGE, AlertKind.NUDGES_STOPPED):
            self.last_nudge = at
            self.nudges_given += 1
            self._timers = None
        else:
            self.sent.add(kind)

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
            nudge_limit=self.nudge_limit,
        )


class Timing:
    """The timed alerts of a policy's clocks, as `alerts.alert_times` places them."""

    def __init__(self, policy: Policy, calendar: Calendar) -> None:
        self.calendar = calendar
        self.grace = policy.non_response.grace if policy.non_response else None
        self.urgent = False  # the case's, set by the replay once it is raised

    def timers(self, clock: Clock) -> list[tuple[datetime, AlertKind]]:
        """The clock's alerts still to fire, in order (each but reminders fires once)."""
        if not clock.running:
            return []
        alerts = alert_times(
            clock,
            grace=self.grace,
            calendar=self.calendar,
            last_nudge=clock.last_nudge,
            nudges_given=clock.nudges_given,
            urgent=self.urgent,
        )
        return [(at, kind) for at, kind in alerts.pending() if kind not in clock.sent]

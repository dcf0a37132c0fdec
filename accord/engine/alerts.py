"""When the alerts about an open deadline fall due: due soon, passed, non-response, reminders.

`alert_times` is the one place this is decided. The replay fires its timers from it
(`clocks.Timing`), and the application stores its instants when a clock starts (`alerts_for`), so
the periodic sweep finds what is due with indexed queries instead of replaying cases. Nothing
falls before the clock started running (or its due was last set); `due_soon` is skipped once the
due has passed; non-response is the due plus the policy's grace, for stage and step clocks;
reminders come every `nudge_every` from the clock's start (or the last reminder) while a stage or
step clock has no date, `nudge_limit` of them; at the next reminder's instant the holders' line
managers are told, once, that the reminders have stopped (`reminder_kind`), and nothing follows.

For day units every alert falls at the calendar's alert time (the partnership's, 09:00 by
default) on a working day (`deadlines.alert_moment`): one due on a Friday is reported passed on
the Monday (the Tuesday after a bank-holiday Monday). An urgent case's alerts keep their calendar
day, weekends included; clocks counting hours fall at their own instants.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from accord.engine.calendar import Calendar
from accord.engine.case_state import AlertKind, Deadline, DeadlineKind
from accord.engine.deadlines import (
    DEFAULT_NUDGE,
    DEFAULT_NUDGE_LIMIT,
    DeadlineStatus,
    Due,
    breach_at,
    due_soon_at,
    extended,
    last_moment,
    next_reminder,
)
from accord.engine.policy.model import Duration, Unit

# Deadlines someone can act on: the raising deadline is always done when it is stored.
ALERTED = frozenset({DeadlineKind.STAGE, DeadlineKind.STEP, DeadlineKind.BUDGET})
# Non-response and reminders are for stage and step clocks only.
RESPONDED_TO = frozenset({DeadlineKind.STAGE, DeadlineKind.STEP})
# The timed alerts, in the order they fire when two fall at the same instant.
TIMED = (
    AlertKind.DUE_SOON,
    AlertKind.PASSED,
    AlertKind.NON_RESPONSE,
    AlertKind.NUDGE,
    AlertKind.NUDGES_STOPPED,
)


class Timed(Protocol):
    """What the timing reads of a deadline: a replay's running clock or a stored deadline."""

    @property
    def kind(self) -> DeadlineKind: ...
    @property
    def unit(self) -> Unit: ...
    @property
    def start(self) -> datetime: ...
    @property
    def due(self) -> Due | None: ...
    @property
    def created(self) -> datetime | None: ...
    @property
    def due_since(self) -> datetime | None: ...
    @property
    def nudge_every(self) -> Duration | None: ...
    @property
    def nudge_limit(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Alerts:
    """The instants a deadline's alerts fall due; None where there is no such alert."""

    due_soon: datetime | None = None
    passed: datetime | None = None
    non_response: datetime | None = None
    nudge: datetime | None = None
    nudges_stopped: datetime | None = None

    @property
    def reminder(self) -> datetime | None:
        """The next alert at a reminder's instant: a reminder, or the notice that they stopped."""
        return self.nudge if self.nudge is not None else self.nudges_stopped

    def pending(self) -> Iterator[tuple[datetime, AlertKind]]:
        """Each alert still to fall, in firing order (by instant, then `TIMED`)."""
        found = [(self.due_soon, AlertKind.DUE_SOON), (self.passed, AlertKind.PASSED)]
        found += [(self.non_response, AlertKind.NON_RESPONSE), (self.nudge, AlertKind.NUDGE)]
        found += [(self.nudges_stopped, AlertKind.NUDGES_STOPPED)]
        pending = [(at, kind) for at, kind in found if at is not None]
        return iter(sorted(pending, key=lambda p: (p[0], TIMED.index(p[1]))))

    @property
    def first(self) -> datetime | None:
        """The earliest pending alert, or None."""
        return next((at for at, _ in self.pending()), None)


def alert_times(
    deadline: Timed,
    *,
    grace: Duration | None,
    calendar: Calendar,
    last_nudge: datetime | None = None,
    nudges_given: int = 0,
    urgent: bool = False,
) -> Alerts:
    """When the alerts of running `deadline` fall, counted from when its clock started.

    `grace` is the policy's `[non_response] grace` (None when the policy has none);
    `last_nudge` the last reminder already given (None: none yet), and `nudges_given` how many
    alerts fell at reminders' instants (reminders, then the notice that they stopped);
    `urgent` whether the case is (its day-unit alerts may then fall at a weekend or a closure).
    """
    if deadline.kind not in ALERTED:
        return Alerts()
    started = deadline.created or deadline.start
    since = deadline.due_since or started
    due = deadline.due
    if due is None:
        if deadline.kind in RESPONDED_TO and deadline.unit in (Unit.NONE, Unit.AGREED):
            every = deadline.nudge_every or DEFAULT_NUDGE
            limit = deadline.nudge_limit or DEFAULT_NUDGE_LIMIT
            kind = reminder_kind(given=nudges_given, limit=limit)
            if kind is None:
                return Alerts()
            at = next_nudge(
                after=last_nudge or started, every=every, calendar=calendar, urgent=urgent
            )
            if kind is AlertKind.NUDGE:
                return Alerts(nudge=at)
            return Alerts(nudges_stopped=at)
        return Alerts()
    passed = breach_at(due, calendar, urgent=urgent)
    soon = max(due_soon_at(due, calendar), since)
    non_response = None
    if grace is not None and deadline.kind in RESPONDED_TO:
        late = extended(due, grace, calendar)
        non_response = max(breach_at(late, calendar, urgent=urgent), since)
    return Alerts(
        due_soon=soon if soon < passed and soon <= last_moment(due) else None,
        passed=max(passed, since),
        non_response=non_response,
    )


def alerts_for(
    deadline: Deadline, *, grace: Duration | None, calendar: Calendar, urgent: bool = False
) -> Alerts:
    """The alerts of a replayed `deadline` still to fall, for the application to store: none
    for a deadline that is done or dropped."""
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE):
        return Alerts()
    return alert_times(deadline, grace=grace, calendar=calendar, urgent=urgent)


def reminder_kind(*, given: int, limit: int) -> AlertKind | None:
    """What falls at the next reminder's instant after `given` alerts at reminders' instants:
    another reminder while fewer than `limit` were given, then once the notice to the holders'
    line managers that the reminders have stopped, then nothing (None)."""
    if given < limit:
        return AlertKind.NUDGE
    if given == limit:
        return AlertKind.NUDGES_STOPPED
    return None


def next_nudge(
    *, after: datetime, every: Duration, calendar: Calendar, urgent: bool = False
) -> datetime | None:
    """The reminder after the one at `after` (or after the clock's start)."""
    return next_reminder(after, every, calendar, urgent=urgent)

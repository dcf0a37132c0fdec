"""When the alerts about an open deadline fall due: due soon, passed, non-response, reminders.

The application stores these instants when a clock starts, so its periodic sweep finds what is due
with indexed queries instead of replaying cases. They follow the replay's own timing (decision
0003): nothing falls before the clock started running (or its due was last set), `due_soon` is
skipped once the due has passed, non-response is the due plus the policy's grace, and reminders
come every `nudge_every` from the clock's start while it has no date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accord.engine.calendar import Calendar
from accord.engine.case_state import Deadline, DeadlineKind
from accord.engine.deadlines import (
    DEFAULT_NUDGE,
    DeadlineStatus,
    breach_at,
    due_soon_at,
    extended,
    next_reminder,
)
from accord.engine.policy.model import Duration, Unit

# Deadlines someone can act on: the raising deadline is always done when it is stored.
ALERTED = frozenset({DeadlineKind.STAGE, DeadlineKind.STEP, DeadlineKind.BUDGET})
# The engine's own timed triggers (non-response, reminders) run for stage and step clocks only.
RESPONDED_TO = frozenset({DeadlineKind.STAGE, DeadlineKind.STEP})


@dataclass(frozen=True, slots=True)
class Alerts:
    """The instants a deadline's alerts fall due; None where there is no such alert."""

    due_soon: datetime | None = None
    passed: datetime | None = None
    non_response: datetime | None = None
    nudge: datetime | None = None

    @property
    def first(self) -> datetime | None:
        """The earliest pending alert, or None."""
        pending = [a for a in (self.due_soon, self.passed, self.non_response, self.nudge) if a]
        return min(pending) if pending else None


def alerts_for(deadline: Deadline, *, grace: Duration | None, calendar: Calendar) -> Alerts:
    """The alerts of `deadline` still to fall, counted from when its clock started.

    `grace` is the policy's `[non_response] grace` (None when the policy has none). A deadline
    that is done or dropped has none.
    """
    if deadline.status not in (DeadlineStatus.OPEN, DeadlineStatus.OVERDUE):
        return Alerts()
    if deadline.kind not in ALERTED:
        return Alerts()
    since = deadline.due_since or deadline.created or deadline.start
    due = deadline.due
    if due is None:
        if deadline.kind in RESPONDED_TO and deadline.unit in (Unit.NONE, Unit.AGREED):
            every = deadline.nudge_every or DEFAULT_NUDGE
            started = deadline.created or deadline.start
            return Alerts(nudge=next_nudge(after=started, every=every, calendar=calendar))
        return Alerts()
    passed = breach_at(due)
    soon = max(due_soon_at(due, calendar), since)
    non_response = None
    if grace is not None and deadline.kind in RESPONDED_TO:
        non_response = max(breach_at(extended(due, grace, calendar)), since)
    return Alerts(
        due_soon=soon if soon < passed else None,
        passed=max(passed, since),
        non_response=non_response,
    )


def next_nudge(*, after: datetime, every: Duration, calendar: Calendar) -> datetime | None:
    """The reminder after the one at `after` (or after the clock's start)."""
    return next_reminder(after, every, calendar)

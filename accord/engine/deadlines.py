"""Duration arithmetic: when a deadline falls due from its anchor, and its status on a given day.

A due is a `date` for day units (working or calendar days), an aware `datetime` in Europe/London
for hours, and None for `none` and `agreed` (no date until the parties set one). `datetime` is a
subclass of `date`, so every test here asks `isinstance(x, datetime)` first.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from accord.engine.calendar import Calendar
from accord.engine.london import at_wall_time, london_date, morning_of, plus_hours, start_of
from accord.engine.policy.model import Duration, Unit

type Due = date | datetime

DEFAULT_NUDGE = Duration(Unit.WORKING_DAYS, 2)  # reminders for `none`/`agreed` without nudge_every


class DeadlineStatus(StrEnum):
    MET = "met"  # done on or before due (or done, with no due)
    LATE = "late"  # done after due
    OPEN = "open"  # not done; as of on or before due, or no due
    OVERDUE = "overdue"  # not done; as of after due
    DROPPED = "dropped"  # no longer counted: its stage was left or the case withdrawn


def due_from(duration: Duration, anchor: datetime, calendar: Calendar) -> Due | None:
    """When a clock of `duration` started at `anchor` falls due."""
    unit = duration.unit
    if unit is Unit.NONE or unit is Unit.AGREED:
        return None
    within = duration.within
    if within is None:
        raise ValueError(f"a {unit} duration needs `within`")
    if unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(london_date(anchor), within)
    if unit is Unit.CALENDAR_DAYS:
        return london_date(anchor) + timedelta(days=within)
    return plus_hours(anchor, within)


def is_met(due: Due | None, done: datetime) -> bool:
    """Whether something done at `done` meets `due`: a day due is met by anything that day."""
    if due is None:
        return True
    if isinstance(due, datetime):
        return done <= due
    return london_date(done) <= due


def is_past(due: Due, as_of: datetime) -> bool:
    """Whether, as of `as_of`, `due` has passed (a day due passes when its day is over)."""
    if isinstance(due, datetime):
        return as_of > due
    return london_date(as_of) > due


def status_of(
    due: Due | None, done: datetime | None, dropped: bool, as_of: datetime
) -> DeadlineStatus:
    """A deadline's status as section 3 defines it."""
    if dropped:
        return DeadlineStatus.DROPPED
    if done is not None:
        return DeadlineStatus.MET if is_met(due, done) else DeadlineStatus.LATE
    if due is not None and is_past(due, as_of):
        return DeadlineStatus.OVERDUE
    return DeadlineStatus.OPEN


def breach_at(due: Due) -> datetime:
    """When a deadline still not done is reported breached: 09:00 the day after a day due, or the
    due instant itself for hours."""
    if isinstance(due, datetime):
        return due
    return morning_of(due + timedelta(days=1))


def due_soon_at(due: Due, calendar: Calendar) -> datetime:
    """One working day before `due`: 09:00 that day, or the due's wall-clock time for hours."""
    if isinstance(due, datetime):
        return at_wall_time(calendar.working_day_before(london_date(due)), due)
    return morning_of(calendar.working_day_before(due))


def extended(due: Due, grace: Duration, calendar: Calendar) -> Due:
    """`due` plus a grace period: the last moment a response still counts as given.

    Days added to an hours due keep its wall-clock time; hours added to a day due run from the
    end of that day.
    """
    within = grace.within or 0
    if isinstance(due, datetime):
        if grace.unit is Unit.HOURS:
            return plus_hours(due, within)
        day = london_date(due)
        later = (
            calendar.add_working_days(day, within)
            if grace.unit is Unit.WORKING_DAYS
            else day + timedelta(days=within)
        )
        return at_wall_time(later, due)
    if grace.unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(due, within)
    if grace.unit is Unit.CALENDAR_DAYS:
        return due + timedelta(days=within)
    return plus_hours(start_of(due + timedelta(days=1)), within)


def next_reminder(after: datetime, every: Duration, calendar: Calendar) -> datetime | None:
    """The reminder after the one at `after` (or after the clock's start): 09:00 for day units."""
    due = due_from(every, after, calendar)
    if due is None:
        return None
    at = due if isinstance(due, datetime) else morning_of(due)
    return at if at > after else None

"""Duration arithmetic: when a deadline falls due from its anchor, and its status on a given day.

A due is a `date` for day units (working or calendar days), an aware `datetime` in Europe/London
for hours, and None for `none` and `agreed` (no date until the parties set one). `datetime` is a
subclass of `date`, so every test here asks `isinstance(x, datetime)` first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from accord.engine.calendar import Calendar
from accord.engine.london import (
    LONDON,
    at_wall_time,
    end_of,
    london_date,
    plus_hours,
    start_of,
)
from accord.engine.policy.model import Duration, Unit

type Due = date | datetime

DEFAULT_NUDGE = Duration(Unit.WORKING_DAYS, 2)  # reminders for `none`/`agreed` without nudge_every
DEFAULT_NUDGE_LIMIT = 3  # reminders before they stop, without nudge_limit


class DeadlineStatus(StrEnum):
    MET = "met"  # done on or before due (or done, with no due)
    LATE = "late"  # done after due
    OPEN = "open"  # not done; as of on or before due, or no due
    OVERDUE = "overdue"  # not done; as of after due
    DROPPED = "dropped"  # no longer counted: its stage was left or the case withdrawn


# Not done: the deadline still runs (its alerts still to come).
UNFINISHED = (DeadlineStatus.OPEN.value, DeadlineStatus.OVERDUE.value)


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


def last_moment(due: Due) -> datetime:
    """The last instant that still meets `due`: the due instant itself for hours, the end of
    the day (Europe/London) for a day due."""
    return due if isinstance(due, datetime) else end_of(due)


def is_met(due: Due | None, done: datetime) -> bool:
    """Whether something done at `done` meets `due`: a day due is met by anything that day."""
    return due is None or done <= last_moment(due)


def is_past(due: Due, as_of: datetime) -> bool:
    """Whether, as of `as_of`, `due` has passed (a day due passes when its day is over)."""
    return as_of > last_moment(due)


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


class Running(StrEnum):
    """Where a deadline not yet done stands on a given instant: what every page, queue and count
    shows for it."""

    OPEN = "open"  # before its due-soon moment, or with no due
    DUE_SOON = "due_soon"  # from `due_soon_at` until its due has passed
    OVERDUE = "overdue"  # its due has passed


@dataclass(frozen=True, slots=True)
class Window:
    """When a running deadline becomes due soon and when it is overdue (after `overdue_after`).

    The application stores both on each deadline when its due is counted or set, so its lists
    can ask the database the same question `running` answers here."""

    due_soon_from: datetime
    overdue_after: datetime


def window_of(due: Due | None, calendar: Calendar) -> Window | None:
    """The window of a deadline due at `due` (None when it has no due)."""
    if due is None:
        return None
    return Window(due_soon_from=due_soon_at(due, calendar), overdue_after=last_moment(due))


def running(window: Window | None, as_of: datetime) -> Running:
    """Whether a deadline not yet done is open, due soon or overdue as of `as_of`: the one rule
    for "due soon" and "overdue"."""
    if window is None:
        return Running.OPEN
    if as_of > window.overdue_after:
        return Running.OVERDUE
    if as_of >= window.due_soon_from:
        return Running.DUE_SOON
    return Running.OPEN


def alert_moment(day: date, calendar: Calendar, *, urgent: bool = False) -> datetime:
    """When an alert that falls on `day` is given: at the calendar's alert time (the
    partnership's, 09:00 by default), on the first working day from `day`, so never at a
    weekend or on a closure; on `day` itself for an urgent case. The one rule for day units."""
    if not urgent:
        day = calendar.add_working_days(day, 0)
    return datetime.combine(day, calendar.alert_time, tzinfo=LONDON)


def breach_at(due: Due, calendar: Calendar, *, urgent: bool = False) -> datetime:
    """When a deadline still not done is reported breached: the alert moment (`alert_moment`)
    of the day after a day due, or the due instant itself for hours."""
    if isinstance(due, datetime):
        return due
    return alert_moment(due + timedelta(days=1), calendar, urgent=urgent)


def due_soon_at(due: Due, calendar: Calendar) -> datetime:
    """One working day before `due`: at the calendar's alert time that day, or the due's
    wall-clock time for hours."""
    if isinstance(due, datetime):
        return at_wall_time(calendar.working_day_before(london_date(due)), due)
    return alert_moment(calendar.working_day_before(due), calendar)


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


def next_reminder(
    after: datetime, every: Duration, calendar: Calendar, *, urgent: bool = False
) -> datetime | None:
    """The reminder after the one at `after` (or after the clock's start): at its alert moment
    (`alert_moment`) for day units."""
    due = due_from(every, after, calendar)
    if due is None:
        return None
    at = due if isinstance(due, datetime) else alert_moment(due, calendar, urgent=urgent)
    return at if at > after else None

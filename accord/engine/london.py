"""Europe/London time: the instant a plain date stands for, and the date an instant falls on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MORNING = time(9, 0)  # a plain date in an event or a notification means 09:00 that day


def morning_of(day: date) -> datetime:
    """09:00 Europe/London on `day`: the instant an event given as a date stands for."""
    return datetime.combine(day, MORNING, tzinfo=LONDON)


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, Europe/London."""
    return datetime.combine(day, time(0), tzinfo=LONDON)


def end_of(day: date) -> datetime:
    """The last instant of `day` in Europe/London: "as of a date" includes all of that day."""
    return start_of(day + timedelta(days=1)) - timedelta(microseconds=1)


def in_london(instant: datetime) -> datetime:
    return instant.astimezone(LONDON)


def london_date(instant: datetime) -> date:
    """The date `instant` falls on in Europe/London."""
    return instant.astimezone(LONDON).date()


def is_morning(instant: datetime) -> bool:
    """Whether `instant` is exactly 09:00 Europe/London, the instant a plain date stands for."""
    return instant.astimezone(LONDON).timetz().replace(tzinfo=None) == MORNING


def plus_hours(instant: datetime, hours: int) -> datetime:
    """`hours` of elapsed time after `instant` (23 or 25 wall-clock hours across a clock change)."""
    return (instant.astimezone(UTC) + timedelta(hours=hours)).astimezone(LONDON)


def at_wall_time(day: date, like: datetime) -> datetime:
    """`day` at the Europe/London wall-clock time of `like`."""
    return datetime.combine(day, like.astimezone(LONDON).time(), tzinfo=LONDON)

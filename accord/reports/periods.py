"""Reporting periods: quarters and runs of months, as London dates, and parsing them safely."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import dateformat
from django.utils.translation import gettext

from accord.engine.london import LONDON

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_QUARTER = re.compile(r"^\s*(\d{4})-?[Qq]([1-4])\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
EARLIEST_YEAR = 2000


class BadPeriod(ValueError):
    """A period the person asked for that cannot be: the message says what to choose."""


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (London dates)."""

    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period (midnight in London)."""
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        first = self.start.replace(day=1)
        found = []
        while first <= self.end:
            found.append(first)
            first = next_month(first)
        return found

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.end == next_month(self.end.replace(day=1)) - timedelta(1):
            first = month_label(self.start)
            last = month_label(self.end)
            if first == last:
                return first
            return gettext("%(first)s to %(last)s") % {"first": first, "last": last}
        return gettext("%(first)s to %(last)s") % {
            "first": dateformat.format(self.start, "j F Y"),
            "last": dateformat.format(self.end, "j F Y"),
        }


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_label(first: date) -> str:
    """ "April 2026", in the active language."""
    return dateformat.format(first, "F Y")


def short_month(first: date) -> str:
    """ "Apr 2026", in the active language."""
    return dateformat.format(first, "M Y")


def quarter_of(day: date) -> Period:
    """The calendar quarter (January to March, ...) containing `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = next_month(next_month(next_month(start))) - timedelta(days=1)
    return Period(start, end)


def quarter_code(period: Period) -> str:
    """`2026-Q2` for April to June 2026."""
    return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"


def last_complete_quarter(today: date) -> Period:
    return quarter_of(quarter_of(today).start - timedelta(days=1))


def recent_quarters(today: date, count: int = 8) -> list[Period]:
    """The quarter containing `today` and the `count - 1` before it, newest first."""
    found = [quarter_of(today)]
    while len(found) < count:
        found.append(quarter_of(found[-1].start - timedelta(days=1)))
    return found


def parse_quarter(text: str, *, today: date) -> Period:
    """A quarter from `2026-Q2`; not one that has not started yet."""
    match = _QUARTER.match(text or "")
    if match is None:
        raise BadPeriod("Choose a quarter, for example 2026-Q2")
    year, number = int(match.group(1)), int(match.group(2))
    if year < EARLIEST_YEAR:
        raise BadPeriod(f"Choose a quarter from {EARLIEST_YEAR} onwards")
    period = quarter_of(date(year, 3 * number - 2, 1))
    if period.start > today:
        raise BadPeriod("Choose a quarter that has started")
    return period


def parse_month(text: str, *, today: date) -> date:
    """The first day of a month given as `2026-04`."""
    match = _MONTH.match(text or "")
    if match is None:
        raise BadPeriod("Choose a month, for example 2026-04")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise BadPeriod("Choose a month from 01 to 12")
    if year < EARLIEST_YEAR:
        raise BadPeriod(f"Choose a month from {EARLIEST_YEAR} onwards")
    first = date(year, month, 1)
    if first > today:
        raise BadPeriod("Choose a month that has started")
    return first


def months_back(today: date, count: int) -> list[date]:
    """The first days of the month containing `today` and the `count - 1` before, newest first."""
    first = today.replace(day=1)
    found = [first]
    while len(found) < count:
        first = (first - timedelta(days=1)).replace(day=1)
        found.append(first)
    return found

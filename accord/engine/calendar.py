"""Working days: Monday to Friday except the given non-working days, counted as section 2 says."""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, time

from accord.engine.london import MORNING

_CHUNK = 400  # days added to the indexed span at a time (a little over a year)
_LAST = date.max.toordinal()


class Calendar:
    """Which days are working days, and the day arithmetic every deadline uses.

    Weekends are never working days; `non_working_days` adds bank holidays and closures. Counting
    uses a sorted list of working-day ordinals, built lazily around the dates asked about and
    extended as needed, so any date range is answered and a lookup is a bisect. The index is
    swapped in whole when it grows, so a calendar can be shared between threads.
    """

    __slots__ = ("_closed", "_span", "alert_time", "revision")

    def __init__(self, non_working_days: Iterable[date], *, alert_time: time = MORNING) -> None:
        # Only weekdays matter: a closure on a Saturday changes nothing, nor the revision.
        self._closed: frozenset[int] = frozenset(
            d.toordinal() for d in non_working_days if d.weekday() < 5
        )
        self.revision: str = _revision(self._closed)
        # The time of day (Europe/London) the alerts of day-unit deadlines are given: the
        # partnership's choice (`Partnership.alert_time`), 09:00 when none is given.
        self.alert_time: time = alert_time
        # (first ordinal indexed, one past the last, the working-day ordinals in between)
        self._span: tuple[int, int, list[int]] | None = None

    def __repr__(self) -> str:
        return (
            f"Calendar({len(self._closed)} weekday closures, revision {self.revision},"
            f" alerts at {self.alert_time:%H:%M})"
        )

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day.toordinal() not in self._closed

    def add_working_days(self, anchor: date, n: int) -> date:
        """The n-th working day after `anchor`; the anchor day itself never counts.

        An anchor on a weekend or holiday counts from the next working day (which is day 1).
        With n = 0: the anchor when it is a working day, otherwise the next working day.
        """
        if n < 0:
            raise ValueError(f"cannot add {n} working days: n must be 0 or more")
        ordinal = anchor.toordinal()
        high = ordinal + 1
        while True:
            working = self._covering(ordinal, high)
            index = bisect_right(working, ordinal) + n - 1 if n else bisect_left(working, ordinal)
            if index < len(working):
                return date.fromordinal(working[index])
            high = self._end() + 2 * (index - len(working)) + _CHUNK
            if high > _LAST:
                raise OverflowError(f"{n} working days after {anchor} is beyond the last date")

    def working_day_before(self, day: date) -> date:
        """The last working day strictly before `day`."""
        ordinal = day.toordinal()
        low = ordinal - 7
        while True:
            working = self._covering(low, ordinal + 1)
            index = bisect_left(working, ordinal) - 1
            if index >= 0:
                return date.fromordinal(working[index])
            if low <= 1:
                raise OverflowError(f"there is no working day before {day}")
            low -= _CHUNK

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end]: after `start`, up to and including `end`.

        Zero when `end` is on or before `start`.
        """
        first, last = start.toordinal(), end.toordinal()
        if last <= first:
            return 0
        working = self._covering(first, last + 1)
        return bisect_right(working, last) - bisect_right(working, first)

    def _end(self) -> int:
        return self._span[1] if self._span else 1

    def _covering(self, low: int, high: int) -> list[int]:
        """The working-day ordinals of a span that includes [low, high), growing it if needed."""
        span = self._span
        if span is not None and span[0] <= low and high <= span[1]:
            return span[2]
        if span is None:
            start, end = low - _CHUNK, high + _CHUNK
            working = self._working(start, end)
        else:
            start, end, working = span
            if low < start:
                new_start = low - _CHUNK
                working = self._working(new_start, start) + working
                start = new_start
            if high > end:
                new_end = high + _CHUNK
                working = working + self._working(end, new_end)
                end = new_end
        self._span = (start, end, working)
        return working

    def _working(self, start: int, end: int) -> list[int]:
        closed = self._closed
        start, end = max(start, 1), min(end, _LAST + 1)
        # Ordinal 1 (1 January of year 1) is a Monday, so (ordinal - 1) % 7 is the weekday.
        return [o for o in range(start, end) if (o - 1) % 7 < 5 and o not in closed]


def _revision(closed: frozenset[int]) -> str:
    """A short hash that changes exactly when the set of closed weekdays changes."""
    text = ",".join(date.fromordinal(o).isoformat() for o in sorted(closed))
    return hashlib.sha256(text.encode()).hexdigest()[:12]

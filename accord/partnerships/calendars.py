"""The engine's working-day calendar for a partnership, built from the stored tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from accord.engine.calendar import Calendar

from .models import BankHoliday, Closure, Partnership


def calendar_for(partnership: Partnership, *, extra_closures: Iterable[date] = ()) -> Calendar:
    """Bank holidays of the partnership's jurisdiction, its closures and `extra_closures`, with
    the time of day its alerts are given.

    `extra_closures` is for the closures a policy file itself names. One query (a union).
    """
    holidays = (
        BankHoliday.objects.filter(jurisdiction=partnership.jurisdiction)
        .order_by()
        .values_list("date", flat=True)
    )
    closures = (
        Closure.objects.filter(partnership_id=partnership.pk)
        .order_by()
        .values_list("date", flat=True)
    )
    days = list(holidays.union(closures, all=True).order_by())
    return Calendar(frozenset([*days, *extra_closures]), alert_time=partnership.alert_time)

"""The engine's working-day calendar for a partnership, built from the stored tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from accord.engine.calendar import Calendar
from accord.prepared_reads import PreparedRead

from .models import BankHoliday, Closure, Partnership

# The days a partnership does not work: its jurisdiction's bank holidays and its own closures,
# one query (a union) built once (`prepared_reads`), here with markers no row has.
_CLOSED_DAYS = PreparedRead(
    lambda jurisdiction, partnership: (
        BankHoliday.objects.filter(jurisdiction=jurisdiction)
        .order_by()
        .values_list("date", flat=True)
        .union(
            Closure.objects.filter(partnership_id=partnership)
            .order_by()
            .values_list("date", flat=True),
            all=True,
        )
        .order_by()
    ),
    "~jurisdiction",
    -7_310_592_649,
)


def calendar_for(partnership: Partnership, *, extra_closures: Iterable[date] = ()) -> Calendar:
    """Bank holidays of the partnership's jurisdiction, its closures and `extra_closures`, with
    the time of day its alerts are given.

    `extra_closures` is for the closures a policy file itself names. One query (a union).
    """
    days = _CLOSED_DAYS(partnership.jurisdiction, partnership.pk)
    return Calendar(frozenset([*days, *extra_closures]), alert_time=partnership.alert_time)

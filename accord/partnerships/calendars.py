"""The engine's working-day calendar for a partnership, built from the stored tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Subquery

from accord.engine.calendar import Calendar
from accord.prepared_reads import PreparedRead

from .models import BankHoliday, Closure, Partnership

# The days a partnership does not work: the bank holidays of its jurisdiction and its own
# closures, one query (a union) built once (`prepared_reads`), here with a marker no row has. By
# the partnership's id alone (its jurisdiction read in the query), so a case action can read it
# with the case it locks (`closed_days_read`).
_CLOSED_DAYS = PreparedRead(
    lambda partnership: (
        BankHoliday.objects.filter(
            jurisdiction=Subquery(
                Partnership.objects.filter(pk=partnership).order_by().values("jurisdiction")[:1]
            )
        )
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
    -7_310_592_649,
)


def closed_days_read(partnership_id: int) -> tuple[PreparedRead[date], tuple[int]]:
    """The read of a partnership's closed days, for `read_together` with others (its rows are
    `calendar_for`'s `closed_days`)."""
    return _CLOSED_DAYS, (partnership_id,)


def calendar_for(
    partnership: Partnership,
    *,
    extra_closures: Iterable[date] = (),
    closed_days: Iterable[date] | None = None,
) -> Calendar:
    """Bank holidays of the partnership's jurisdiction, its closures and `extra_closures`, with
    the time of day its alerts are given.

    `extra_closures` is for the closures a policy file itself names. One query (a union), unless
    the caller has read the `closed_days` already (`closed_days_read`).
    """
    days = _CLOSED_DAYS(partnership.pk) if closed_days is None else closed_days
    return Calendar(frozenset([*days, *extra_closures]), alert_time=partnership.alert_time)

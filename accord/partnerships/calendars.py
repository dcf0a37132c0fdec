"""The engine's working-day calendar for a partnership, built from the stored tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from accord.engine.calendar import Calendar

from .models import BankHoliday, Closure, Partnership


def calendar_for(partnership: Partnership, *, extra_closures: Iterable[date] = ()) -> Calendar:
    """Bank holidays of the partnership's jurisdiction, its closures and `extra_closures`.

    `extra_closures` is for the closures a policy file itself names. Two queries.
    """
    holidays = BankHoliday.objects.filter(jurisdiction=partnership.jurisdiction).values_list(
        "date", flat=True
    )
    closures = Closure.objects.filter(partnership=partnership).values_list("date", flat=True)
    return Calendar(frozenset([*holidays, *closures, *extra_closures]))

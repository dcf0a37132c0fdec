"""The working-day calendars of several partnerships at once (three queries, not two each)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from accord.engine.calendar import Calendar
from accord.partnerships.models import BankHoliday, Closure, Partnership


def calendars_for(partnership_ids: Iterable[int]) -> dict[int, Calendar]:
    """Each partnership's calendar: its nation's bank holidays and its own closures, as
    `accord.partnerships.calendars.calendar_for` builds it."""
    ids = set(partnership_ids)
    if not ids:
        return {}
    nations = dict(Partnership.objects.filter(pk__in=ids).values_list("pk", "jurisdiction"))
    holidays: dict[str, list[date]] = defaultdict(list)
    for jurisdiction, day in BankHoliday.objects.filter(
        jurisdiction__in=set(nations.values())
    ).values_list("jurisdiction", "date"):
        holidays[jurisdiction].append(day)
    closures: dict[int, list[date]] = defaultdict(list)
    for partnership_id, day in Closure.objects.filter(partnership_id__in=ids).values_list(
        "partnership_id", "date"
    ):
        closures[partnership_id].append(day)
    return {
        pid: Calendar(frozenset([*holidays[nation], *closures[pid]]))
        for pid, nation in nations.items()
    }

"""Counts across every partnership, for a national reader: numbers only, never a case.

Each partnership's figures count its cases as its own board does (`accord.reports.population`),
so a case between two partnerships' agencies counts in both rows; the total row counts each
case once. The counts leave the partnership, so small numbers are suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from accord.cases.models import ACTIVE_STATUSES, Case, Outcome
from accord.partnerships.models import Partnership

from . import suppression
from .periods import Period

_PARTIES = ("partnership_id", "raising_agency__home_partnership_id")
_RECEIVING = "receiving_agency__home_partnership_id"


@dataclass(frozen=True)
class NationalRow:
    name: str
    active: int
    raised: int
    resolved: int

    def shown(self) -> list[str]:
        return [suppression.count(v) for v in (self.active, self.raised, self.resolved)]


@dataclass(frozen=True)
class National:
    period: Period
    rows: list[NationalRow]
    total: NationalRow


def _by_partnership(rows: Iterable[tuple[int, int, int, int]]) -> tuple[dict[int, set[int]], int]:
    """(case, own, raising home, receiving home) rows -> the cases of each partnership, and how
    many cases in all."""
    found: dict[int, set[int]] = defaultdict(set)
    every: set[int] = set()
    for case_id, *partnerships in rows:
        every.add(case_id)
        for partnership_id in partnerships:
            found[partnership_id].add(case_id)
    return found, len(every)


def national_counts(period: Period) -> National:
    """Active cases now, and raised and resolved in the period, for every partnership (three
    queries over the cases, one over the partnerships)."""
    active, active_total = _by_partnership(
        Case.objects.filter(status__in=ACTIVE_STATUSES).values_list("pk", *_PARTIES, _RECEIVING)
    )
    raised, raised_total = _by_partnership(
        Case.objects.filter(
            raised_at__gte=period.starts_at, raised_at__lt=period.ends_before
        ).values_list("pk", *_PARTIES, _RECEIVING)
    )
    resolved, resolved_total = _by_partnership(
        Outcome.objects.filter(
            recorded_at__gte=period.starts_at, recorded_at__lt=period.ends_before
        ).values_list("case_id", *(f"case__{p}" for p in (*_PARTIES, _RECEIVING)))
    )
    rows = [
        NationalRow(name, len(active[pk]), len(raised[pk]), len(resolved[pk]))
        for pk, name in Partnership.objects.order_by("name").values_list("pk", "name")
    ]
    return National(
        period=period,
        rows=rows,
        total=NationalRow("All partnerships (each case once)", active_total, raised_total,
                          resolved_total),
    )  # fmt: skip

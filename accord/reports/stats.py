"""Medians, 90th percentiles and shares, as the method on the report describes them."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import pgettext


@dataclass(frozen=True)
class Spread:
    """How many working days something took: over `count` instances, the median and the 90th
    percentile (None when there is none)."""

    count: int
    median: float | None
    p90: int | None


def spread(days: Sequence[int]) -> Spread:
    """The median (the middle value, or the mean of the two middle ones) and the 90th
    percentile by the nearest-rank method (the smallest value at least 90% of them are at or
    below: the ceil(0.9 n)-th smallest)."""
    if not days:
        return Spread(0, None, None)
    ordered = sorted(days)
    rank = math.ceil(0.9 * len(ordered))
    return Spread(len(ordered), float(statistics.median(ordered)), ordered[rank - 1])


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage, or None when `whole` is 0."""
    return None if whole == 0 else 100.0 * part / whole


def days_text(value: float | None) -> str:
    """`3`, `3.5`, or `none` for a value that could not be worked out."""
    if value is None:
        return pgettext("no median", "none")
    return f"{value:g}"

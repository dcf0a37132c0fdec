"""Small numbers: counts from 1 to 4 suppressed, and what would reveal them hidden too."""

from __future__ import annotations

import pytest

from accord.reports import suppression
from accord.reports.stats import Spread, spread


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (123, "123")]
)
def test_a_count_from_1_to_4_is_suppressed(value: int, shown: str) -> None:
    assert suppression.count(value) == shown


@pytest.mark.parametrize(
    ("values", "cells", "total"),
    [
        ([10, 7, 6], ["10", "7", "6"], "23"),
        # One small count: the smallest other one is hidden, or the total would give it away.
        ([10, 3, 7], ["10", "<5", "[c]"], "20"),
        ([3, 0, 9], ["<5", "0", "[c]"], "12"),
        # Two small counts: neither can be worked out alone.
        ([2, 3, 9], ["<5", "<5", "9"], "14"),
        # A small total: everything in it is small already.
        ([1, 0, 2], ["<5", "0", "<5"], "<5"),
        ([0, 0], ["0", "0"], "0"),
    ],
)
def test_a_group_with_its_total(values: list[int], cells: list[str], total: str) -> None:
    assert suppression.group(values) == (cells, total)


def test_a_median_over_fewer_than_5_is_hidden() -> None:
    assert suppression.days(2.0, spread([1, 2, 3, 4])) == "[c]"
    assert suppression.days(3.0, spread([1, 2, 3, 4, 5])) == "3"
    assert suppression.days(None, Spread(0, None, None)) == "none"


def test_a_share_is_hidden_when_either_part_is_small() -> None:
    assert suppression.percentage(9, 3) == "[c]"
    assert suppression.percentage(3, 9) == "[c]"
    assert suppression.percentage(15, 5) == "75%"
    assert suppression.percentage(0, 0) == "none"


def test_median_and_nearest_rank_percentile() -> None:
    assert spread([5, 1, 3]) == Spread(3, 3.0, 5)
    assert spread([1, 2, 3, 4]) == Spread(4, 2.5, 4)
    assert spread(list(range(1, 11))).p90 == 9
    assert spread(list(range(1, 12))).p90 == 10

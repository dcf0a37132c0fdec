"""Reporting periods parsed safely, and charts drawn as accessible SVG with escaped text."""

from __future__ import annotations

from datetime import date

import pytest

from accord.reports.charts import Line, bar_chart, line_chart, nice_ticks
from accord.reports.periods import (
    BadPeriod,
    Period,
    last_complete_quarter,
    parse_month,
    parse_quarter,
    quarter_code,
    quarter_of,
)

TODAY = date(2026, 11, 23)


def test_quarters() -> None:
    assert quarter_of(date(2026, 5, 31)) == Period(date(2026, 4, 1), date(2026, 6, 30))
    assert quarter_of(date(2026, 12, 31)) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert last_complete_quarter(TODAY) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_code(quarter_of(date(2026, 2, 1))) == "2026-Q1"
    assert parse_quarter("2026q2", today=TODAY) == quarter_of(date(2026, 4, 1))
    assert Period(date(2026, 4, 1), date(2026, 6, 30)).label == "April 2026 to June 2026"


@pytest.mark.parametrize("text", ["", "2026-Q5", "2027-Q1", "1999-Q4", "Q2", "2026-Q2; drop"])
def test_bad_quarters_say_what_to_choose(text: str) -> None:
    with pytest.raises(BadPeriod):
        parse_quarter(text, today=TODAY)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2027-01", "abc", "1999-12"])
def test_bad_months_say_what_to_choose(text: str) -> None:
    with pytest.raises(BadPeriod):
        parse_month(text, today=TODAY)


def test_a_period_knows_its_months_and_instants() -> None:
    period = Period(date(2025, 11, 15), date(2026, 2, 3))
    assert period.months() == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1),
                               date(2026, 2, 1)]  # fmt: skip
    assert period.starts_at.isoformat() == "2025-11-15T00:00:00+00:00"
    assert period.ends_before.isoformat() == "2026-02-04T00:00:00+00:00"
    summer = Period(date(2026, 7, 1), date(2026, 7, 31))
    assert summer.starts_at.isoformat() == "2026-07-01T00:00:00+01:00"


def test_ticks_are_round_and_reach_the_top() -> None:
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(430)[-1] >= 430


def test_charts_are_labelled_images_with_escaped_text() -> None:
    bars = bar_chart("c1", "Raised <by> agency", ["<script>alert(1)</script>", "B"], [3, 9])
    assert bars.startswith("<svg")
    assert 'role="img"' in bars
    assert 'aria-labelledby="c1-title c1-desc"' in bars
    assert "<script>" not in bars
    assert "&lt;script&gt;" in bars
    assert "Raised &lt;by&gt; agency" in bars
    lines = line_chart("c2", "Themes", ["Jan", "Feb"], [Line("A & B", [1, 2]), Line("C", [0, 5])])
    assert lines.count("<polyline") == 2
    assert "A &amp; B" in lines
    assert "style=" not in lines + bars  # presentation attributes only: nothing for the CSP

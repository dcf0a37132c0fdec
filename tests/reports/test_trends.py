"""Trends over a quarter: every figure equals a count made from the ledger of what was done."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date

import pytest

from accord.cases.models import Deadline
from accord.reports.periods import Period
from accord.reports.trends import NO_THEME, trends_for

from .world import TODAY, World, working_days

pytestmark = pytest.mark.django_db

Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


def _in(day: date | None) -> bool:
    return day is not None and Q2.start <= day <= Q2.end


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _p90(values: list[int]) -> int | None:
    return sorted(values)[math.ceil(len(values) * 9 / 10) - 1] if values else None


def _label(stage: int) -> str:
    return "Final process (after referral)" if stage == 0 else f"Stage {stage}"


@pytest.mark.parametrize("which", ["home", "neighbour"])
def test_every_trend_equals_the_ledger(world: World, which: str) -> None:
    partnership = getattr(world, which)
    made = world.of(partnership)
    trends = trends_for(partnership.pk, Q2, today=TODAY)

    raised = [m for m in made if _in(m.raised_on)]
    resolved = [m for m in made if m.resolved and _in(m.resolved[1])]
    assert trends.raised == len(raised)
    assert trends.resolved == len(resolved)
    assert trends.withdrawn == sum(1 for m in made if _in(m.withdrawn_on))
    assert trends.referred == sum(1 for m in made if _in(m.referred_on))
    assert trends.active_at_end == sum(
        1 for m in made if m.raised_on <= Q2.end and (m.closed_on is None or m.closed_on > Q2.end)
    )
    by_month = Counter(m.raised_on.month for m in raised)
    assert trends.monthly[0].values == [by_month[4], by_month[5], by_month[6]]
    resolved_by_month = Counter(m.resolved[1].month for m in resolved if m.resolved)
    assert trends.monthly[1].values == [resolved_by_month[k] for k in (4, 5, 6)]

    stages = Counter(m.resolved[0] for m in resolved if m.resolved)
    assert {c.label: c.value for c in trends.resolved_by_stage} == {
        _label(s): n for s, n in stages.items()
    }
    days = [working_days(m.raised_on, m.resolved[1]) for m in resolved if m.resolved]
    assert trends.to_resolution.count == len(days)
    assert trends.to_resolution.median == _median(days)
    assert trends.to_resolution.p90 == _p90(days)

    stays: dict[int, list[int]] = defaultdict(list)
    for m in made:
        for stage, entered, left in m.visits:
            if _in(left):
                stays[stage].append(working_days(entered, left))
    assert {label: (s.count, s.median, s.p90) for label, s in trends.at_stage} == {
        _label(stage): (len(v), _median(v), _p90(v)) for stage, v in stays.items()
    }

    themes = Counter(m.theme or NO_THEME for m in raised)
    assert {t.label: t.total for t in trends.themes if t.total} == dict(themes)
    assert {c.label: c.value for c in trends.raising_agencies} == dict(
        Counter(m.raising.name for m in raised)
    )
    assert {c.label: c.value for c in trends.receiving_agencies} == dict(
        Counter(m.receiving.name for m in raised)
    )


def test_deadlines_met_are_counted_row_by_row(world: World) -> None:
    cases = [m.case for m in world.of(world.home)]
    met = missed = 0
    for deadline in Deadline.objects.filter(case__in=cases):
        if deadline.status == "dropped" or deadline.due_on is None or not _in(deadline.due_on):
            continue
        if deadline.done_at is None and deadline.due_on >= TODAY:
            continue
        if deadline.done_at is not None and deadline.status == "met":
            met += 1
        else:
            missed += 1
    trends = trends_for(world.home.pk, Q2, today=TODAY)
    assert (trends.deadlines_met, trends.deadlines_missed) == (met, missed)
    assert met
    assert missed


def test_the_generated_data_exercises_every_trend(world: World) -> None:
    trends = trends_for(world.home.pk, Q2, today=TODAY)
    assert trends.raised >= 20
    assert trends.resolved >= 5
    assert trends.referred >= 1
    assert len(trends.resolved_by_stage) >= 2
    assert len(trends.at_stage) >= 3
    assert len({t.label for t in trends.themes}) >= 3


def test_a_period_before_any_case_is_empty_not_an_error(world: World) -> None:
    trends = trends_for(world.home.pk, Period(date(2025, 1, 1), date(2025, 3, 31)), today=TODAY)
    assert (trends.raised, trends.resolved, trends.to_resolution.count) == (0, 0, 0)
    assert trends.to_resolution.median is None
    assert trends.deadlines_share is None

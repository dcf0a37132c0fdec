"""Working days: the counting rules of section 2 and 4.3, around holidays, in every jurisdiction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from accord.engine.bank_holidays import bank_holidays, calendar_for
from accord.engine.calendar import Calendar
from accord.engine.policy.model import Jurisdiction

from .builders import day, example

YEARS = range(2025, 2029)


def nation(jurisdiction: str) -> Calendar:
    return Calendar(bank_holidays(jurisdiction, YEARS))


ENGLAND = nation("ENG")


@pytest.mark.parametrize(
    ("anchor", "n", "expected", "why"),
    [
        ("2026-12-21", 2, "2026-12-23", "Monday plus two: Wednesday"),
        ("2026-12-23", 1, "2026-12-24", "Christmas Eve is a working day in England"),
        ("2026-12-24", 1, "2026-12-29", "25 Dec, the weekend and Boxing Day observed on 28 Dec"),
        ("2026-12-25", 0, "2026-12-29", "n = 0 on a holiday: the next working day"),
        ("2026-12-25", 1, "2026-12-29", "anchor on a holiday: the next working day is day 1"),
        ("2026-12-25", 2, "2026-12-30", ""),
        ("2026-12-26", 1, "2026-12-29", "anchor on Boxing Day itself (a Saturday)"),
        ("2026-12-21", 5, "2026-12-30", "22, 23, 24, 29, 30"),
        ("2026-12-31", 0, "2026-12-31", "n = 0 on a working day: that day"),
        ("2026-12-31", 1, "2027-01-04", "New Year's Day and the weekend"),
        ("2027-01-01", 0, "2027-01-04", "New Year's Day is no working day"),
        ("2027-03-25", 1, "2027-03-30", "Easter 2027: Good Friday to Easter Monday"),
        ("2027-03-24", 3, "2027-03-31", "25, 30, 31 March"),
        ("2027-03-26", 0, "2027-03-30", "Good Friday, n = 0"),
        ("2027-03-27", 1, "2027-03-30", "Easter Saturday"),
        ("2027-03-29", 1, "2027-03-30", "Easter Monday"),
        ("2026-11-06", 1, "2026-11-09", "Friday plus one: Monday"),
        ("2026-11-07", 1, "2026-11-09", "Saturday: Monday is day 1"),
        ("2026-11-08", 0, "2026-11-09", "Sunday, n = 0: Monday"),
        ("2026-11-08", 5, "2026-11-13", "Sunday plus five: Friday"),
    ],
)
def test_add_working_days_in_england(anchor: str, n: int, expected: str, why: str) -> None:
    assert ENGLAND.add_working_days(day(anchor), n) == day(expected), why


@pytest.mark.parametrize(
    ("anchor", "n", "expected"),
    [
        ("2026-12-21", 2, "2026-12-23"),  # the section 3 example: stage 1
        ("2026-12-22", 1, "2026-12-23"),  # step confirmation
        ("2026-12-23", 1, "2026-12-29"),  # 24 December is the partnership's closure
        ("2026-12-23", 5, "2027-01-05"),  # stage 2
        ("2026-12-21", 15, "2027-01-15"),  # the overall budget
        ("2026-12-24", 0, "2026-12-29"),  # within = 0 on a closure
    ],
)
def test_the_example_partnerships_calendar_adds_its_closure(
    anchor: str, n: int, expected: str
) -> None:
    assert calendar_for(example(), YEARS).add_working_days(day(anchor), n) == day(expected)


@pytest.mark.parametrize(
    ("jurisdiction", "anchor", "england", "there", "holiday"),
    [
        ("SCT", "2026-11-27", "2026-11-30", "2026-12-01", "St Andrew's Day, Monday 30 November"),
        ("SCT", "2025-12-31", "2026-01-02", "2026-01-05", "2 January 2026"),
        ("SCT", "2027-03-25", "2027-03-30", "2027-03-29", "no Easter Monday in Scotland"),
        ("SCT", "2026-07-31", "2026-08-03", "2026-08-04", "Summer bank holiday, 3 August"),
        ("NIR", "2026-07-10", "2026-07-13", "2026-07-14", "the Twelfth, observed Monday 13 July"),
        ("NIR", "2026-03-16", "2026-03-17", "2026-03-18", "St Patrick's Day"),
        ("WLS", "2026-11-27", "2026-11-30", "2026-11-30", "Wales keeps England's holidays"),
        ("IMN", "2026-06-04", "2026-06-05", "2026-06-08", "TT Bank Holiday"),
        ("IMN", "2026-07-03", "2026-07-06", "2026-07-07", "Tynwald Day"),
        ("GGY", "2027-05-07", "2027-05-10", "2027-05-10", "Liberation Day 2027 is a Sunday"),
    ],
)
def test_the_nations_holidays_differ(
    jurisdiction: str, anchor: str, england: str, there: str, holiday: str
) -> None:
    assert ENGLAND.add_working_days(day(anchor), 1) == day(england)
    assert nation(jurisdiction).add_working_days(day(anchor), 1) == day(there), holiday


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
def test_every_jurisdiction_has_christmas(jurisdiction: Jurisdiction) -> None:
    holidays = bank_holidays(jurisdiction, [2026])
    assert holidays[date(2026, 12, 25)]
    assert all(d.year == 2026 for d in holidays)


def test_jersey_and_guernsey_keep_liberation_day() -> None:
    assert date(2026, 5, 9) in bank_holidays("JEY", [2026])
    assert date(2026, 5, 9) in bank_holidays("GGY", [2026])
    assert date(2026, 5, 9) not in bank_holidays("ENG", [2026])


def test_closure_ranges_are_inclusive() -> None:
    policy = replace(example(), closures=((day("2026-08-03"), day("2026-08-05")),))
    calendar = calendar_for(policy, YEARS)
    assert [calendar.is_working_day(day(f"2026-08-0{n}")) for n in range(3, 7)] == [
        False,
        False,
        False,
        True,
    ]
    assert calendar.add_working_days(day("2026-07-31"), 1) == day("2026-08-06")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-12-21", "2026-12-23", 2),
        ("2026-12-24", "2027-01-04", 4),  # 29, 30, 31 December and 4 January
        ("2027-03-25", "2027-03-30", 1),
        ("2026-11-07", "2026-11-09", 1),  # from a Saturday
        ("2026-11-09", "2026-11-09", 0),
        ("2026-11-13", "2026-11-09", 0),  # end before start
    ],
)
def test_working_days_between_counts_after_start_up_to_end(
    start: str, end: str, expected: int
) -> None:
    assert ENGLAND.working_days_between(day(start), day(end)) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [("2026-12-29", "2026-12-24"), ("2026-11-09", "2026-11-06"), ("2027-03-30", "2027-03-25")],
)
def test_working_day_before(before: str, expected: str) -> None:
    assert ENGLAND.working_day_before(day(before)) == day(expected)


def test_is_working_day() -> None:
    assert ENGLAND.is_working_day(day("2026-12-24"))
    assert not ENGLAND.is_working_day(day("2026-12-28"))
    assert not ENGLAND.is_working_day(day("2026-11-07"))


def test_any_date_range_is_answered() -> None:
    calendar = Calendar([day("2100-01-04")])
    assert calendar.add_working_days(day("2100-01-01"), 1) == day("2100-01-05")  # Friday: Tuesday
    assert calendar.working_day_before(day("1900-01-01")) == day("1899-12-29")
    assert calendar.add_working_days(day("2026-01-01"), 2610) == naive(day("2026-01-01"), 2610)
    assert calendar.working_days_between(day("1900-01-01"), day("2100-01-01")) > 52_000


def naive(anchor: date, n: int) -> date:
    """Weekends only, one day at a time: the oracle for long spans."""
    found, current = 0, anchor
    while found < n:
        current += timedelta(days=1)
        found += current.weekday() < 5
    return current


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        ENGLAND.add_working_days(day("2026-01-01"), -1)


def test_the_revision_follows_the_working_days_only() -> None:
    holidays = list(bank_holidays("ENG", YEARS))
    revision = Calendar(holidays).revision
    assert len(revision) == 12
    assert Calendar(reversed(holidays)).revision == revision
    assert Calendar([*holidays, day("2026-11-07")]).revision == revision  # a Saturday
    assert Calendar([*holidays, day("2026-11-09")]).revision != revision
    assert nation("SCT").revision != revision

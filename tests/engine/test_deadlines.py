"""Duration arithmetic: every unit from an anchor, and the statuses of section 3."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from accord.engine.deadlines import (
    DeadlineStatus,
    breach_at,
    due_from,
    due_soon_at,
    extended,
    next_reminder,
    status_of,
)
from accord.engine.london import LONDON
from accord.engine.policy.model import Duration, Unit

from .builders import at, calendar, day, due


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("within", "unit", "anchor", "expected"),
    [
        (2, "working_days", at("2026-12-21"), day("2026-12-23")),
        (2, "working_days", at("2026-12-21", "23:59"), day("2026-12-23")),  # time does not count
        (0, "working_days", at("2026-12-21", "17:00"), day("2026-12-21")),  # same working day
        (0, "working_days", at("2026-12-24"), day("2026-12-29")),  # closure: next working day
        (0, "working_days", at("2026-11-07"), day("2026-11-09")),  # Saturday: Monday
        (1, "working_days", at("2026-11-07"), day("2026-11-09")),  # Saturday: Monday is day 1
        (10, "calendar_days", at("2026-12-23"), day("2027-01-02")),  # lands on a Saturday
        (1, "calendar_days", at("2026-12-24"), day("2026-12-25")),  # and on Christmas Day
        # the anchor's London date: 23:30 UTC on 30 June is 00:30 on 1 July in London
        (1, "working_days", instant("2026-06-30T23:30:00+00:00"), day("2026-07-02")),
        (24, "hours", at("2026-12-21"), instant("2026-12-22T09:00:00+00:00")),
        (24, "hours", at("2026-12-24", "16:00"), instant("2026-12-25T16:00:00+00:00")),
        # elapsed hours across the clock changes of 2027 (forward) and 2026 (back)
        (24, "hours", at("2027-03-27", "12:00"), instant("2027-03-28T13:00:00+01:00")),
        (24, "hours", at("2026-10-24", "12:00"), instant("2026-10-25T11:00:00+00:00")),
        (None, "none", at("2026-12-21"), None),
        (None, "agreed", at("2026-12-21"), None),
    ],
)
def test_due_from_each_unit(
    within: int | None, unit: str, anchor: datetime, expected: date | None
) -> None:
    found = due_from(due(within, unit), anchor, calendar())
    assert found == expected
    assert type(found) is type(expected)
    if isinstance(found, datetime):
        assert found.tzinfo is LONDON


DAY_DUE = day("2026-12-23")
HOUR_DUE = instant("2026-12-22T09:00:00+00:00")


@pytest.mark.parametrize(
    ("due_at", "done", "dropped", "as_of", "expected"),
    [
        (DAY_DUE, at("2026-12-23", "23:59"), False, at("2027-01-10"), "met"),
        (DAY_DUE, at("2026-12-24", "00:01"), False, at("2027-01-10"), "late"),
        (DAY_DUE, None, False, at("2026-12-23", "23:59"), "open"),
        (DAY_DUE, None, False, at("2026-12-24", "00:00"), "overdue"),
        (DAY_DUE, None, True, at("2027-01-10"), "dropped"),
        (DAY_DUE, at("2026-12-22"), True, at("2027-01-10"), "dropped"),
        # London dates, not UTC: 23:30 UTC on 30 June is already 1 July in London
        (day("2026-06-30"), instant("2026-06-30T22:30:00+00:00"), False, at("2026-07-05"), "met"),
        (day("2026-06-30"), instant("2026-06-30T23:30:00+00:00"), False, at("2026-07-05"), "late"),
        (HOUR_DUE, HOUR_DUE, False, at("2027-01-10"), "met"),
        (HOUR_DUE, at("2026-12-22", "09:01"), False, at("2027-01-10"), "late"),
        (HOUR_DUE, None, False, HOUR_DUE, "open"),
        (HOUR_DUE, None, False, at("2026-12-22", "09:01"), "overdue"),
        (None, None, False, at("2030-01-01"), "open"),  # unit none: never overdue
        (None, at("2030-01-01"), False, at("2030-01-01"), "met"),  # nor late
    ],
)
def test_status(
    due_at: date | None, done: datetime | None, dropped: bool, as_of: datetime, expected: str
) -> None:
    assert status_of(due_at, done, dropped, as_of) == DeadlineStatus(expected)


def test_breach_is_reported_the_next_working_morning_after_a_day_due_or_at_an_hours_due() -> None:
    # Due Wed 23 Dec: the day after is the closure, then Christmas, a weekend and the Boxing Day
    # holiday (Mon 28), so Tue 29 at 09:00 (it was 09:00 on the closure before issue 17).
    assert breach_at(DAY_DUE, calendar()) == at("2026-12-29")
    assert breach_at(DAY_DUE, calendar(), urgent=True) == at("2026-12-24")  # the day itself
    assert breach_at(day("2026-12-04"), calendar()) == at("2026-12-07")  # a Friday: Monday
    assert breach_at(HOUR_DUE, calendar()) == HOUR_DUE


def test_due_soon_is_one_working_day_before() -> None:
    assert due_soon_at(day("2026-12-29"), calendar()) == at("2026-12-23")  # over the closure
    assert due_soon_at(instant("2026-11-09T14:00:00+00:00"), calendar()) == at(
        "2026-11-06", "14:00"
    )


@pytest.mark.parametrize(
    ("base", "grace", "expected"),
    [
        (DAY_DUE, due(1, "working_days"), day("2026-12-29")),
        (DAY_DUE, due(3, "calendar_days"), day("2026-12-26")),
        (DAY_DUE, due(12, "hours"), at("2026-12-24", "12:00")),
        (HOUR_DUE, due(1, "working_days"), at("2026-12-23")),
        (HOUR_DUE, due(2, "hours"), at("2026-12-22", "11:00")),
    ],
)
def test_grace_extends_a_due(base: date, grace: Duration, expected: date) -> None:
    assert extended(base, grace, calendar()) == expected


def test_reminders_fall_at_nine_on_working_days() -> None:
    every = due(2, "working_days")
    assert next_reminder(at("2026-12-21", "15:00"), every, calendar()) == at("2026-12-23")
    assert next_reminder(at("2026-12-23"), every, calendar()) == at("2026-12-30")
    assert next_reminder(at("2026-12-23"), due(6, Unit.HOURS), calendar()) == at(
        "2026-12-23", "15:00"
    )

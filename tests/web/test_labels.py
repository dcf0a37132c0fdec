"""The pages' words for statuses, and a running deadline's status as of now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from accord.engine.deadlines import DeadlineStatus
from accord.engine.lifecycle import Status
from accord.engine.london import LONDON
from accord.web import labels


@dataclass
class D:
    status: str
    due_on: date | None = None
    due_at: datetime | None = None


def at(day: int, hour: int = 10, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def test_every_case_status_has_words() -> None:
    for status in Status:
        if status is not Status.NOT_RAISED:
            assert status.value in labels.CASE_STATUSES, status
    assert labels.case_status("resolved") == labels.Tag("Resolved – awaiting sign-off", "yellow")
    assert labels.case_status("referred").text == "Referred to the partnership"


def test_every_deadline_status_has_words() -> None:
    for status in DeadlineStatus:
        assert status.value in labels.DEADLINE_STATUSES, status
    assert labels.deadline_status("due_soon").text == "Due soon"
    assert (
        labels.deadline_status("overdue") == labels.flag("overdue") == labels.Tag("Overdue", "red")
    )


def test_an_unknown_status_is_still_worded() -> None:
    assert labels.case_status("on_hold") == labels.Tag("On hold", "grey")


@pytest.mark.parametrize(
    ("deadline", "now", "state"),
    [
        (D("met", date(2026, 6, 1)), at(10), "met"),
        (D("late", date(2026, 6, 1)), at(10), "late"),
        (D("dropped", date(2026, 6, 1)), at(10), "dropped"),
        (D("overdue"), at(10), "overdue"),  # a `none` deadline nudged past its reminders
        (D("open"), at(10), "open"),  # no date
        (D("open", date(2026, 6, 12)), at(9), "open"),  # Tuesday, due Friday
        (D("open", date(2026, 6, 12)), at(11), "due_soon"),  # Thursday, due Friday
        (D("open", date(2026, 6, 12)), at(12, 17), "due_soon"),  # due today
        (D("open", date(2026, 6, 15)), at(12), "due_soon"),  # Friday, due Monday
        (D("open", date(2026, 6, 15)), at(11), "open"),  # Thursday, due Monday
        (D("open", date(2026, 6, 12)), at(13), "overdue"),  # stored before it passed
        (D("open", date(2026, 6, 12), at(12, 14)), at(12, 13), "due_soon"),
        (
            D("open", date(2026, 6, 12), at(12, 14)),
            at(12, 15),
            "overdue",
        ),  # hours: past the instant
    ],
)
def test_deadline_state(deadline: D, now: datetime, state: str) -> None:
    assert labels.deadline_state(deadline, now) == state


def test_a_deadline_without_a_date() -> None:
    assert labels.no_due_text("none") == "Without delay"
    assert labels.no_due_text("agreed") == labels.no_due_text() == "No date set"

"""The pages' words for statuses, and a running deadline's status as of now."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from accord.cases.models import Deadline
from accord.engine.calendar import Calendar
from accord.engine.deadlines import DeadlineStatus, running, window_of
from accord.engine.lifecycle import Status
from accord.engine.london import LONDON
from accord.engine.policy.loader import load_policy_file
from accord.web import labels

POLICIES = Path(__file__).resolve().parents[2] / "accord" / "policies"


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 6, day, hour, 0, tzinfo=LONDON)


def test_every_case_status_has_words() -> None:
    for status in Status:
        if status is not Status.NOT_RAISED:
            assert status.value in labels.CASE_COLOURS, status
            assert labels.case_status(status.value).colour != "grey" or status.value in {
                "closed",
                "withdrawn",
            }
    assert labels.case_status("referred").text == "Referred to the partnership"


@pytest.mark.parametrize(
    ("policy_id", "words"),
    [
        ("bath-north-east-somerset", "Resolved – awaiting sign-off"),
        ("generic-lscb", "Resolved – awaiting sign-off"),
        ("stockport", "Resolved"),
        ("blackburn-with-darwen", "Resolved"),
        ("northumberland", "Resolved"),
    ],
)
def test_a_resolved_case_awaits_sign_off_only_where_its_policy_asks(
    policy_id: str, words: str
) -> None:
    policy = load_policy_file(str(POLICIES / f"{policy_id}.toml"))
    assert labels.case_status("resolved", policy) == labels.Tag(words, "yellow")
    assert labels.case_status("resolved").text == "Resolved"  # no policy known: no sign-off


def test_every_deadline_status_has_words() -> None:
    for status in DeadlineStatus:
        assert status.value in labels.DEADLINE_STATUSES, status
    assert labels.deadline_status("due_soon").text == "Due soon"
    assert (
        labels.deadline_status("overdue") == labels.flag("overdue") == labels.Tag("Overdue", "red")
    )


def test_an_unknown_status_is_still_worded() -> None:
    assert labels.case_status("on_hold") == labels.Tag("On hold", "grey")


EASTER_2027 = Calendar([date(2027, 3, 26), date(2027, 3, 29)])  # Good Friday, Easter Monday


@pytest.mark.parametrize(
    ("status", "due", "now", "state"),
    [
        ("met", date(2026, 6, 1), at(10), "met"),
        ("late", date(2026, 6, 1), at(10), "late"),
        ("dropped", date(2026, 6, 1), at(10), "dropped"),
        ("open", None, at(10), "open"),  # no date
        ("open", date(2026, 6, 12), at(9), "open"),  # Tuesday, due Friday
        ("open", date(2026, 6, 12), at(11, 8), "open"),  # Thursday before 09:00
        ("open", date(2026, 6, 12), at(11), "due_soon"),  # Thursday, due Friday
        ("open", date(2026, 6, 12), at(12, 17), "due_soon"),  # due today
        ("open", date(2026, 6, 15), at(12), "due_soon"),  # Friday, due Monday
        ("open", date(2026, 6, 15), at(11), "open"),  # Thursday, due Monday
        ("open", date(2026, 6, 12), at(13), "overdue"),  # stored before it passed
        ("open", at(12, 14), at(12, 13), "due_soon"),  # hours
        ("open", at(12, 14), at(12, 15), "overdue"),  # hours: past the instant
        # Around Easter the working day before Tuesday 30 March is Thursday 25 March.
        ("open", date(2027, 3, 30), datetime(2027, 3, 25, 10, tzinfo=LONDON), "due_soon"),
        ("open", date(2027, 3, 30), datetime(2027, 3, 24, 10, tzinfo=LONDON), "open"),
    ],
)
def test_a_deadline_shows_the_engines_status_from_its_stored_window(
    status: str, due: date | None, now: datetime, state: str
) -> None:
    deadline = Deadline(status=status, due_on=due)
    window = window_of(due, EASTER_2027)
    if window is not None:
        deadline.due_soon_from, deadline.overdue_after = window.due_soon_from, window.overdue_after
    assert deadline.running(now) == state
    if status == "open":
        assert state == running(window, now)
    tag = labels.deadline_status(state)
    assert tag.text == {"open": "Open", "due_soon": "Due soon", "overdue": "Overdue"}.get(
        state, tag.text
    )


def test_a_deadline_without_a_date() -> None:
    assert labels.no_due_text("none") == "Without delay"
    assert labels.no_due_text("agreed") == labels.no_due_text() == "No date set"

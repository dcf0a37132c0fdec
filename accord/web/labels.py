"""What statuses are called on the pages, and the colour of their tags: the one place for both.

Case statuses are the engine's (`accord.engine.lifecycle.Status`); deadline statuses are the
engine's (`accord.engine.deadlines.DeadlineStatus`) plus `due_soon`, which only the pages show.
A status missing here is still shown, in words made from its code, in a grey tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from django.utils import timezone


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: its words and colour ("" is GOV.UK's default blue)."""

    text: str
    colour: str = ""


CASE_STATUSES: dict[str, Tag] = {
    "open": Tag("Open"),
    "resolved": Tag("Resolved – awaiting sign-off", "yellow"),
    "signed_off": Tag("Signed off", "green"),
    "referred": Tag("Referred to the partnership", "purple"),
    "closed": Tag("Closed", "grey"),
    "withdrawn": Tag("Withdrawn", "grey"),
}

DEADLINE_STATUSES: dict[str, Tag] = {
    "open": Tag("Open"),
    "due_soon": Tag("Due soon", "yellow"),
    "overdue": Tag("Overdue", "red"),
    "met": Tag("Met", "green"),
    "late": Tag("Done late", "orange"),
    "dropped": Tag("No longer applies", "grey"),
}

# Flags shown beside a case's reference or next due date.
FLAGS: dict[str, Tag] = {
    "urgent": Tag("Urgent", "pink"),
    "overdue": DEADLINE_STATUSES["overdue"],
}

NO_DATE = "No date set"
WITHOUT_DELAY = "Without delay"  # a deadline of unit `none`: no date, its holders are nudged


def no_due_text(unit: str = "") -> str:
    """What a page says where a deadline (of `unit`, if known) has no due date."""
    return WITHOUT_DELAY if unit == "none" else NO_DATE


def _fallback(code: str) -> Tag:
    return Tag(code.replace("_", " ").capitalize(), "grey")


def case_status(code: str) -> Tag:
    """The tag for a case's status (`open`, `resolved`, ...)."""
    return CASE_STATUSES.get(code) or _fallback(code)


def deadline_status(code: str) -> Tag:
    """The tag for a deadline status, as `deadline_state` gives it."""
    return DEADLINE_STATUSES.get(code) or _fallback(code)


def flag(code: str) -> Tag:
    """The tag for a flag (`urgent`, `overdue`)."""
    return FLAGS.get(code) or _fallback(code)


class DeadlineLike(Protocol):
    status: str
    due_on: date | None
    due_at: datetime | None


def _working_day_before(day: date) -> date:
    """The weekday before `day` (bank holidays are not counted here: it is only a hint)."""
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def deadline_state(deadline: DeadlineLike, now: datetime) -> str:
    """A deadline's status as of `now`, for display.

    The stored status is as of the case's last event, so a deadline still running is
    re-read here: `overdue` once its due has passed, `due_soon` from the working day before
    it (when the engine's due-soon reminder goes), `open` otherwise. Done and dropped
    deadlines keep their stored status (`met`, `late`, `dropped`).
    """
    if deadline.status not in {"open", "overdue"}:
        return deadline.status
    if deadline.status == "overdue":
        return "overdue"
    today = timezone.localdate(now)
    if deadline.due_at is not None:
        if now > deadline.due_at:
            return "overdue"
    elif deadline.due_on is not None and today > deadline.due_on:
        return "overdue"
    if deadline.due_on is not None and today >= _working_day_before(deadline.due_on):
        return "due_soon"
    return "open"

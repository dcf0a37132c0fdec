"""Deadlines are stored when their clock starts and a calendar change never moves them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from accord.cases import actions
from accord.partnerships.models import BankHoliday, Closure
from tests.factories import LONDON, OpenCaseFactory, later

pytestmark = pytest.mark.django_db


def test_a_bank_holiday_added_later_does_not_move_a_stored_deadline() -> None:
    case = OpenCaseFactory()  # raised Monday 1 June 2026
    stored = case.deadlines.get(key="stage:1")
    assert stored.due_on == date(2026, 6, 3)
    revision = stored.calendar_revision
    BankHoliday.objects.create(jurisdiction="ENG", date=date(2026, 6, 2), name="Surprise day")
    Closure.objects.create(partnership=case.partnership, date=date(2026, 6, 3), reason="Training")
    actions.complete_step(case=case, actor=case.raised_by, step="response", now=later(case, 2))
    stored.refresh_from_db()
    assert stored.due_on == date(2026, 6, 3)
    assert stored.calendar_revision == revision
    # A clock that starts after the change uses the new calendar, and records its revision.
    confirmation = case.deadlines.get(key="stage:1/step:confirmation")
    assert confirmation.calendar_revision != revision


def test_the_calendar_in_force_counts_new_deadlines(england_2026: None) -> None:
    # Raised on Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
    case = OpenCaseFactory(now=datetime(2026, 4, 2, 10, tzinfo=LONDON))
    assert case.deadlines.get(key="stage:1").due_on == date(2026, 4, 8)

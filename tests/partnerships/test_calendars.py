"""The partnership calendar: bank holidays of its jurisdiction plus its own closures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from accord.partnerships.calendars import calendar_for
from accord.partnerships.models import BankHoliday, Closure
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_calendar_counts_bank_holidays_and_closures() -> None:
    partnership = PartnershipFactory(jurisdiction="ENG")
    BankHoliday.objects.create(jurisdiction="ENG", date=date(2026, 4, 3), name="Good Friday")
    BankHoliday.objects.create(jurisdiction="SCT", date=date(2026, 4, 7), name="Elsewhere")
    Closure.objects.create(partnership=partnership, date=date(2026, 4, 8), reason="Training")
    Closure.objects.create(partnership=PartnershipFactory(), date=date(2026, 4, 9), reason="No")
    calendar = calendar_for(partnership)
    assert not calendar.is_working_day(date(2026, 4, 3))
    assert calendar.is_working_day(date(2026, 4, 7))
    assert not calendar.is_working_day(date(2026, 4, 8))
    assert calendar.is_working_day(date(2026, 4, 9))


def test_calendar_seed_is_idempotent() -> None:
    call_command("calendar_seed", from_year=2026, years=0, stdout=None)
    stored = BankHoliday.objects.count()
    assert BankHoliday.objects.filter(jurisdiction="ENG", date=date(2026, 12, 25)).exists()
    assert BankHoliday.objects.filter(jurisdiction="SCT", date=date(2026, 1, 2)).exists()
    call_command("calendar_seed", from_year=2026, years=0)
    assert BankHoliday.objects.count() == stored

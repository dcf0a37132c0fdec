"""Seeding the BankHoliday table from the engine's lists (the `holidays` package)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accord.engine.bank_holidays import bank_holidays
from accord.engine.policy.model import Jurisdiction

from .models import BankHoliday


@transaction.atomic
def seed_bank_holidays(years: Iterable[int]) -> int:
    """Add every jurisdiction's bank holidays in `years` that are not stored yet.

    Days already stored are left as they are (an administrator may have amended one, such as a
    moved TT Bank Holiday). Returns how many days were added.
    """
    wanted = list(years)
    before = BankHoliday.objects.count()
    rows = [
        BankHoliday(jurisdiction=jurisdiction.value, date=day, name=name)
        for jurisdiction in Jurisdiction
        for day, name in sorted(bank_holidays(jurisdiction, wanted).items())
    ]
    BankHoliday.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return BankHoliday.objects.count() - before

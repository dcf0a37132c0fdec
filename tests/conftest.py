"""Fixtures shared by the apps' tests (the engine's tests need none of them)."""

from __future__ import annotations

import pytest

from accord.partnerships.models import BankHoliday


@pytest.fixture
def england_2026(db: None) -> None:
    """The English bank holidays of 2026 that the tests' dates meet (Easter and early May)."""
    BankHoliday.objects.bulk_create(
        [
            BankHoliday(jurisdiction="ENG", date=day, name=name)
            for day, name in [
                ("2026-04-03", "Good Friday"),
                ("2026-04-06", "Easter Monday"),
                ("2026-05-04", "Early May bank holiday"),
            ]
        ]
    )

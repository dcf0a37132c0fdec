"""The generated world: built once per test module inside a transaction rolled back at its end
(each test still runs in its own savepoint, so what a test writes is undone after it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from accord.partnerships.models import BankHoliday

from .world import HOLIDAYS, World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        BankHoliday.objects.bulk_create(
            BankHoliday(jurisdiction="ENG", date=day, name="Bank holiday") for day in HOLIDAYS
        )
        yield build_world()
        transaction.set_rollback(True)

"""Case references, `ACC-<year>-<5 digits>`, allocated without gaps or clashes under concurrency."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F

from .models import CaseReferenceCounter

REFERENCE_PATTERN = re.compile(r"^ACC-\d{4}-\d{5,}$")


def format_reference(year: int, number: int) -> str:
    return f"ACC-{year:04d}-{number:05d}"


def allocate_reference(year: int) -> str:
    """The next reference of `year`; call inside the transaction that creates the case.

    The year's counter row is created if missing (a no-op when another writer got there first),
    then locked with select_for_update, so concurrent writers queue and each gets its own number.
    The number is rolled back with the transaction if the case is not created.
    """
    with transaction.atomic():
        CaseReferenceCounter.objects.bulk_create(
            [CaseReferenceCounter(year=year, last_number=0)], ignore_conflicts=True
        )
        counter = CaseReferenceCounter.objects.select_for_update().get(year=year)
        CaseReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
        return format_reference(year, counter.last_number + 1)

"""Case references: ACC-<year>-<5 digits>, one number per case, counted per year."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection, transaction

from accord.cases.models import Case
from accord.cases.references import allocate_reference, format_reference
from tests.factories import OpenCaseFactory

pytestmark = pytest.mark.django_db


def test_format() -> None:
    assert format_reference(2026, 42) == "ACC-2026-00042"
    assert format_reference(2026, 123456) == "ACC-2026-123456"


def test_cases_get_consecutive_unique_references() -> None:
    cases = [OpenCaseFactory() for _ in range(3)]
    references = [c.reference for c in cases]
    assert references == ["ACC-2026-00001", "ACC-2026-00002", "ACC-2026-00003"]
    assert all(re.fullmatch(r"ACC-\d{4}-\d{5}", r) for r in references)
    assert Case.objects.values("reference").distinct().count() == 3


def test_each_year_counts_from_one() -> None:
    with transaction.atomic():
        assert allocate_reference(2026) == "ACC-2026-00001"
        assert allocate_reference(2027) == "ACC-2027-00001"
        assert allocate_reference(2026) == "ACC-2026-00002"


def test_a_rolled_back_case_gives_its_number_back() -> None:
    def create_and_fail() -> None:
        with transaction.atomic():
            allocate_reference(2026)
            raise RuntimeError("the case was not created")

    with pytest.raises(RuntimeError):
        create_and_fail()
    assert allocate_reference(2026) == "ACC-2026-00001"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database shared by threads"
)
def test_concurrent_writers_never_share_a_number() -> None:
    def take(_: int) -> str:
        try:
            with transaction.atomic():
                return allocate_reference(2026)
        finally:
            close_old_connections()
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(take, range(40)))
    assert sorted(numbers) == [format_reference(2026, n) for n in range(1, 41)]

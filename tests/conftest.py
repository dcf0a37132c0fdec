"""Fixtures shared by the apps' tests (the engine's tests need none of them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from accord.cases.log_triggers import create_sql, drop_sql
from accord.partnerships.models import BankHoliday

# Every test: no child's details in a log line, URL, redirect or page title.
from tests.privacy import no_child_data_in_logs_urls_or_titles  # noqa: F401
from tests.signing_in import force_login_fully


@pytest.fixture(autouse=True)
def _sqlite_only(request: pytest.FixtureRequest) -> None:
    """A test marked `sqlite_only` answers the same on either database (the pages a browser
    drives, a walk of every page, the API against its schema): CI's PostgreSQL pass skips it,
    to keep the whole run within its time, and runs every test that reads or writes
    differently there."""
    if request.node.get_closest_marker("sqlite_only") and connection.vendor != "sqlite":
        pytest.skip("runs on the SQLite pass of the suite: it answers the same on PostgreSQL")


@pytest.fixture(autouse=True)
def _force_login_is_a_full_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(person)` leaves what signing in with a password and an authenticator
    code leaves, so pages open as for anyone properly signed in (two factors are required before
    any page with case data). Tests of the sign-in rules use tests.signing_in's helpers."""
    monkeypatch.setattr(Client, "force_login", force_login_fully)


@pytest.fixture(autouse=True, scope="session")
def _flush_passes_the_log_triggers() -> Any:
    """Emptying the database between transactional tests (`flush`) is the one deletion the
    triggers of `accord.cases.log_triggers` must let through: they are dropped for the flush and
    created again after it, in its transaction."""
    operations = type(connection.ops)
    original = operations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        vendor = self.connection.vendor
        return [*drop_sql(vendor), *original(self, style, tables, **kwargs), *create_sql(vendor)]

    operations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    operations.sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """allauth keeps its rate limits and the authenticator codes already used in the cache."""
    cache.clear()


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

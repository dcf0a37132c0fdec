"""Below the application, the database refuses to change or delete the case event log (SQLite
here, PostgreSQL when DATABASE_URL names one): only a purge that first records each case it
removes may delete its rows. The ORM refuses every path to them as well."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from accord.cases import actions
from accord.cases.chain import verify
from accord.cases.checkpoints import take_checkpoints
from accord.cases.log_triggers import trigger_names
from accord.cases.models import (
    AccessLog,
    AppendOnlyError,
    Case,
    CaseEvent,
    ChainCheckpoint,
    ChainHead,
    PurgedCase,
)
from accord.cases.purge import purge_cases
from tests.factories import EscalatedCaseFactory, OpenCaseFactory

pytestmark = pytest.mark.django_db


def refused(sql: str, params: list[Any]) -> bool:
    """Whether the database refuses `sql` (in a savepoint, so the test's transaction goes on)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


def test_every_trigger_is_in_place_after_the_migrations() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    assert {name for name, _ in trigger_names()} <= present


def test_the_database_refuses_to_update_or_delete_events() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    actions.log_case_view(person=case.raised_by, case=case, now=case.raised_at)
    events = CaseEvent._meta.db_table
    assert refused(f"UPDATE {events} SET summary = 'x' WHERE case_id = %s", [case.pk])  # noqa: S608
    assert refused(f"UPDATE {events} SET hash = hash WHERE case_id = %s", [case.pk])  # noqa: S608
    assert refused(f"DELETE FROM {events} WHERE case_id = %s AND sequence = 2", [case.pk])  # noqa: S608
    assert refused(f"DELETE FROM {events}", [])  # noqa: S608
    assert refused(f"UPDATE {AccessLog._meta.db_table} SET action = 'x'", [])  # noqa: S608
    assert refused(f"DELETE FROM {AccessLog._meta.db_table}", [])  # noqa: S608
    if connection.vendor == "postgresql":
        assert refused(f"TRUNCATE {events} CASCADE", [])
    assert case.events.count() == 2
    assert list(verify()) == []


def test_a_head_only_moves_forward_onto_an_event_that_exists() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    first = case.events.get(sequence=1)
    heads = "cases_chainhead"
    assert refused(
        f"UPDATE {heads} SET sequence = 1, hash = %s WHERE case_id = %s",  # noqa: S608
        [first.hash, case.pk],
    )
    assert refused(f"UPDATE {heads} SET hash = %s WHERE case_id = %s", ["0" * 64, case.pk])  # noqa: S608
    assert refused(f"UPDATE {heads} SET sequence = 9 WHERE case_id = %s", [case.pk])  # noqa: S608
    assert refused(f"DELETE FROM {heads} WHERE case_id = %s", [case.pk])  # noqa: S608
    assert ChainHead.objects.get(case=case).sequence == 2


def test_checkpoints_and_purge_records_cannot_be_changed_or_deleted() -> None:
    case = OpenCaseFactory()
    take_checkpoints(now=case.raised_at)
    purge_cases(Case.objects.filter(pk=OpenCaseFactory().pk), reason="test")
    for table in ("cases_chaincheckpoint", "cases_purgedcase"):
        assert refused(f"UPDATE {table} SET case_reference = 'x'", [])  # noqa: S608
        assert refused(f"DELETE FROM {table}", [])  # noqa: S608
    assert ChainCheckpoint.objects.count() == PurgedCase.objects.count() == 1


def test_a_purge_removes_a_whole_case_and_leaves_a_record_of_what_it_removed() -> None:
    gone, kept = EscalatedCaseFactory(to_stage=3), OpenCaseFactory()
    take_checkpoints(now=gone.raised_at)
    head = ChainHead.objects.get(case=gone)
    assert purge_cases(Case.objects.filter(pk=gone.pk), reason="retention: 6 years") == 1
    record = PurgedCase.objects.get()
    assert (record.case_reference, record.events, record.reason) == (
        gone.reference,
        3,
        "retention: 6 years",
    )
    assert (record.head_sequence, record.head_hash) == (head.sequence, head.hash)
    assert not CaseEvent.objects.filter(case_id=gone.pk).exists()
    assert kept.events.count() == 1
    # Its checkpoints stay (they name no one); verify knows the case went by a purge.
    assert ChainCheckpoint.objects.filter(case_reference=gone.reference).exists()
    assert list(verify()) == []


ORM_PATHS: dict[str, Callable[[CaseEvent], object]] = {
    "save": lambda e: e.save(),
    "delete": lambda e: e.delete(),
    "update": lambda e: CaseEvent.objects.filter(pk=e.pk).update(summary="x"),
    "queryset delete": lambda e: CaseEvent.objects.filter(pk=e.pk).delete(),
    "bulk_update": lambda e: CaseEvent.objects.bulk_update([e], ["summary"]),
    "base manager update": lambda e: CaseEvent._base_manager.filter(pk=e.pk).update(summary="x"),
    "base manager delete": lambda e: CaseEvent._base_manager.filter(pk=e.pk).delete(),
    "_raw_delete": lambda e: CaseEvent.objects.filter(pk=e.pk)._raw_delete("default"),
    "_update": lambda e: CaseEvent._base_manager.filter(pk=e.pk)._update([]),
    "bulk_create update_conflicts": lambda e: CaseEvent.objects.bulk_create(
        [e],
        update_conflicts=True,
        unique_fields=["case", "sequence"],
        update_fields=["summary"],
    ),
    "update_or_create": lambda e: CaseEvent.objects.update_or_create(
        pk=e.pk, defaults={"summary": "x"}
    ),
}


@pytest.mark.parametrize("path", ORM_PATHS)
def test_the_orm_refuses_every_path_to_change_an_event(path: str) -> None:
    case = OpenCaseFactory()
    event = case.events.get()
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        ORM_PATHS[path](event)
    assert CaseEvent.objects.get(pk=event.pk).summary != "changed"
    assert list(verify()) == []


def test_access_log_rows_cannot_be_changed_or_deleted_through_the_orm() -> None:
    case = OpenCaseFactory()
    row = actions.log_case_view(person=case.raised_by, case=case, now=case.raised_at)
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        AccessLog._base_manager.all().delete()
    assert AccessLog.objects.count() == 1

"""The event log: hash-chained so tampering shows, and append-only through the ORM."""

from __future__ import annotations

import pytest
from django.db import connection

from accord.cases import actions
from accord.cases.audit import verify_chain
from accord.cases.models import AccessLog, AppendOnlyError, CaseEvent
from tests.factories import EscalatedCaseFactory, OpenCaseFactory, later

pytestmark = pytest.mark.django_db


def test_a_fresh_chain_verifies() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    assert case.events.count() == 3
    assert verify_chain(case) is None


def test_a_row_changed_with_raw_sql_is_found() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    second = case.events.get(sequence=2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseEvent._meta.db_table} SET summary = %s WHERE id = %s",  # noqa: S608
            ["Nothing to see here", second.pk],
        )
    assert verify_chain(case) == 2


def test_a_deleted_row_breaks_the_chain() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    second = case.events.get(sequence=2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {CaseEvent._meta.db_table} WHERE id = %s",  # noqa: S608
            [second.pk],
        )
    assert verify_chain(case) == 3


def test_chains_of_other_cases_are_unaffected() -> None:
    tampered, untouched = OpenCaseFactory(), OpenCaseFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseEvent._meta.db_table} SET kind = 'x' WHERE case_id = %s",  # noqa: S608
            [tampered.pk],
        )
    assert verify_chain(tampered) == 1
    assert verify_chain(untouched) is None


def test_events_cannot_be_changed_or_deleted_through_the_orm() -> None:
    case = OpenCaseFactory()
    event = case.events.get()
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(pk=event.pk).update(summary="changed")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.bulk_update([event], ["summary"])
    assert CaseEvent.objects.get(pk=event.pk).summary != "changed"
    assert verify_chain(case) is None


def test_access_log_rows_cannot_be_changed_or_deleted() -> None:
    case = OpenCaseFactory()
    row = actions.log_case_view(person=case.raised_by, case=case, now=later(case, 1))
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1

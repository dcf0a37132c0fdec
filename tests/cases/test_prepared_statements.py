"""`prepared_statements.execute` runs a statement as `cursor.execute` would, and on PostgreSQL
prepares it once per session (issue 17: a case action's statements planned once), with the
constants it is told of written in."""

from __future__ import annotations

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accord import prepared_statements
from accord.cases.models import Case
from accord.prepared_statements import sent_together
from tests.factories import OpenCaseFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)

_REFERENCE = 'SELECT "reference" FROM "cases_case" WHERE "id" = %s AND "status" = %s'


def _run(sql: str, params: list[object], fixed: frozenset[int] = frozenset()) -> list[tuple]:
    with connection.cursor() as cursor:
        prepared_statements.execute(cursor, sql, params, fixed)
        return list(cursor.fetchall())


def _plain(sql: str, params: list[object]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def test_it_gives_what_the_statement_gives() -> None:
    case = OpenCaseFactory()
    for _ in range(2):  # prepared, then run again
        assert _run(_REFERENCE, [case.pk, case.status]) == [(case.reference,)]
        assert _run(_REFERENCE, [case.pk, "no such status"]) == []
    assert _run(_REFERENCE, [case.pk, case.status], frozenset({1})) == _plain(
        _REFERENCE, [case.pk, case.status]
    )


def test_an_escaped_percent_sign_stays_one() -> None:
    sql = "SELECT %s || '%%', '100%%' LIKE %s"
    for _ in range(2):
        assert _run(sql, ["50", "100%%"]) == _plain(sql, ["50", "100%%"]) == [("50%", True)]


def test_it_changes_rows_and_counts_them() -> None:
    first, second = OpenCaseFactory(), OpenCaseFactory()
    sql = 'UPDATE "cases_case" SET "decision_summary" = %s WHERE "id" = %s'
    for case in (first, second):
        with connection.cursor() as cursor:
            prepared_statements.execute(cursor, sql, [f"Summary of {case.reference}", case.pk])
            assert cursor.rowcount == 1
    assert Case.objects.get(pk=second.pk).decision_summary == f"Summary of {second.reference}"


def test_a_statement_with_more_places_than_values_is_refused() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("other databases run the statement as it is")
    with pytest.raises(ValueError, match="more places"):
        _run("SELECT %s, %s", [1])


@on_postgresql
def test_a_statement_is_prepared_once_a_session_with_its_constants_written_in() -> None:
    case = OpenCaseFactory()
    sql = _REFERENCE + " AND 1 = %s"  # a statement of this test's own: not prepared before
    with CaptureQueriesContext(connection) as captured:
        _run(sql, [case.pk, case.status, 1], frozenset({1}))
        _run(sql, [case.pk, case.status, 1], frozenset({1}))
    first, second = (q["sql"] for q in captured)
    assert first.startswith("PREPARE accord_")
    assert f'"id" = $1 AND "status" = \'{case.status}\' AND 1 = $2;' in first
    name = first.split()[1]
    assert second == f"EXECUTE {name}({case.pk}, 1)"
    assert prepared_statements.source(second) == sql


@on_postgresql
@pytest.mark.django_db(transaction=True)  # so that the session can end
def test_a_new_session_prepares_it_again() -> None:
    case = OpenCaseFactory()
    sql = _REFERENCE + " AND 2 = %s"
    _run(sql, [case.pk, case.status, 2])
    connection.close()
    with CaptureQueriesContext(connection) as captured:
        assert _run(sql, [case.pk, case.status, 2]) == [(case.reference,)]
    assert captured[0]["sql"].startswith("PREPARE")


@on_postgresql
def test_a_first_run_that_failed_is_prepared_again_under_another_name() -> None:
    sql = "SELECT 1 / %s"
    with CaptureQueriesContext(connection) as captured:
        for _ in range(2):
            with pytest.raises(DataError), transaction.atomic():
                _run(sql, [0])
        assert _run(sql, [1]) == [(1,)]
    sent = [q["sql"].split() for q in captured if q["sql"].startswith(("PREPARE", "EXECUTE"))]
    assert [words[0] for words in sent] == ["PREPARE"] * 3
    assert len({words[1] for words in sent}) == 3


_SUMMARY = 'UPDATE "cases_case" SET "decision_summary" = %s WHERE "id" = %s'


def _later(summary: str, pk: int) -> None:
    with connection.cursor() as cursor:
        prepared_statements.execute_later(cursor, _SUMMARY, [summary, pk])


def _summary(pk: int) -> str:
    return str(Case.objects.values_list("decision_summary", flat=True).get(pk=pk))


def test_a_write_later_outside_a_block_sent_together_runs_at_once() -> None:
    case = OpenCaseFactory()
    with CaptureQueriesContext(connection) as captured:
        _later("Written at once", case.pk)
    assert len(captured) == 1
    assert _summary(case.pk) == "Written at once"


def test_a_write_later_goes_with_the_next_statement_and_before_it() -> None:
    case = OpenCaseFactory()
    with sent_together(), CaptureQueriesContext(connection) as captured:
        _later("Sent with the read", case.pk)
        waited = len(captured)
        assert _run(_REFERENCE, [case.pk, case.status]) == [(case.reference,)]
        assert _summary(case.pk) == "Sent with the read"
    if connection.vendor == "postgresql":
        assert waited == 0
        # The write first in the same round trip: run again (`EXECUTE`), or prepared with it
        # where this session had not run it before (whichever test ran first).
        write = captured[0]["sql"].split("; ")[0]
        assert prepared_statements.source(write) == _SUMMARY or (
            write.startswith("PREPARE ") and 'SET "decision_summary" = $1 WHERE "id" = $2' in write
        )
        assert len(captured) == 2  # the write with the read, then the ORM's read
    else:
        assert waited == 1


def test_any_other_statement_sends_the_writes_waiting_first() -> None:
    case = OpenCaseFactory()
    with sent_together():
        _later("Before the ORM's read", case.pk)
        assert _summary(case.pk) == "Before the ORM's read"
        _later("Before the savepoint", case.pk)
        with transaction.atomic():
            _later("In the savepoint", case.pk)
            assert _summary(case.pk) == "In the savepoint"
        _later("Sent on leaving", case.pk)
    assert _summary(case.pk) == "Sent on leaving"


@on_postgresql
def test_leaving_by_an_exception_drops_the_writes_waiting() -> None:
    case = OpenCaseFactory()
    before = _summary(case.pk)

    def failing_action() -> None:
        with transaction.atomic(), sent_together():
            _later("Never sent", case.pk)
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError):
        failing_action()
    assert _summary(case.pk) == before
    _later("Nothing left waiting", case.pk)
    assert _summary(case.pk) == "Nothing left waiting"


def test_reads_together_give_what_each_gives_alone() -> None:
    first, second = OpenCaseFactory(), OpenCaseFactory()
    reads = [(_REFERENCE, [case.pk, case.status], frozenset()) for case in (first, second)]
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        found = prepared_statements.execute_all(cursor, reads)
    assert found == [[(first.reference,)], [(second.reference,)]]
    assert len(captured) == (1 if connection.vendor == "postgresql" else 2)

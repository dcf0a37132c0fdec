"""`prepared_statements.execute` runs a statement as `cursor.execute` would, and on PostgreSQL
prepares it once per session (issue 17: a case action's statements planned once), with the
constants it is told of written in."""

from __future__ import annotations

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accord import prepared_statements
from accord.cases.models import Case
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

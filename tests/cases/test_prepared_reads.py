"""A prepared read (`accord.prepared_reads`) gives what its query gives, run after run with other
values, and keeps the query's lock (issue 17: an action's reads built once)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accord.cases import actions
from accord.cases.models import Case, CaseEvent, Holding
from accord.partnerships.calendars import calendar_for
from accord.partnerships.models import Closure
from accord.prepared_reads import PreparedRead
from accord.prepared_statements import source
from tests.factories import OpenCaseFactory, holder, later

pytestmark = pytest.mark.django_db

_MARK = -5_550_001

_CASE = PreparedRead(
    lambda pk: (
        Case.objects.select_for_update(of=("self",))
        .select_related("partnership", "raised_by__agency")
        .filter(pk=pk)
    ),
    _MARK,
)
_EVENTS = PreparedRead(lambda pk: CaseEvent.objects.filter(case_id=pk).order_by("sequence"), _MARK)
_HOLDERS = PreparedRead(
    lambda pk: Holding.objects.filter(case_id=pk).order_by("pk").values_list("side", "person_id"),
    _MARK,
)


def _fields(instance: object) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_the_same_rows_as_the_query_for_each_case() -> None:
    first, second = OpenCaseFactory(), OpenCaseFactory()
    actions.record_response(
        case=first, actor=holder(first), position="disagree", now=later(first, 1)
    )
    for case in (first, second, first):
        with transaction.atomic():
            (read,) = _CASE(case.pk)
            (queried,) = Case.objects.select_related("partnership", "raised_by__agency").filter(
                pk=case.pk
            )
        assert _fields(read) == _fields(queried)
        assert _fields(read.partnership) == _fields(queried.partnership)
        assert _fields(read.raised_by.agency) == _fields(queried.raised_by.agency)
        events = _EVENTS(case.pk)
        assert [_fields(e) for e in events] == [
            _fields(e) for e in CaseEvent.objects.filter(case_id=case.pk).order_by("sequence")
        ]
        assert all(e._state.db == "default" and not e._state.adding for e in events)
        assert _HOLDERS(case.pk) == list(
            Holding.objects.filter(case_id=case.pk).order_by("pk").values_list("side", "person_id")
        )
    assert _EVENTS(-1) == []


def test_its_related_rows_are_read_with_it() -> None:
    case = OpenCaseFactory()
    with transaction.atomic():
        (read,) = _CASE(case.pk)
        with CaptureQueriesContext(connection) as captured:
            assert read.raised_by.agency.name
            assert read.partnership.name
    assert len(captured) == 0


def test_a_locking_read_locks_the_row_where_the_database_can() -> None:
    case = OpenCaseFactory()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        _CASE(case.pk)
    sent = [source(q["sql"]) for q in captured]  # an EXECUTE as what it runs
    (sql,) = [s for s in sent if "cases_case" in s]
    assert ("FOR UPDATE OF" in sql) == connection.features.has_select_for_update


def test_a_closure_added_is_in_the_next_calendar() -> None:
    case = OpenCaseFactory()
    partnership = case.partnership
    day = date(2031, 3, 4)
    assert calendar_for(partnership).is_working_day(day)
    Closure.objects.create(partnership=partnership, date=day, reason="Training day")
    assert not calendar_for(partnership).is_working_day(day)

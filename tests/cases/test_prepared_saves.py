"""`save_stored` writes a stored row as `save()` does (issue 17: a case action's one UPDATE of
the case, its statement written once)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.cases.models import Case
from accord.prepared_saves import save_stored
from accord.prepared_statements import source
from tests.factories import OpenCaseFactory

pytestmark = pytest.mark.django_db


def _stored(pk: int) -> dict[str, object]:
    row = Case.objects.get(pk=pk)
    return {f.attname: getattr(row, f.attname) for f in Case._meta.concrete_fields}


def _changed(pk: int) -> Case:
    """The case as read, with columns of most kinds changed (text, integer, boolean, JSON,
    instant, day)."""
    case = Case.objects.get(pk=pk)
    case.status = "resolved"
    case.stage = 2
    case.urgent = True
    case.facts = {"question": False, "words": "an answer"}
    case.last_event_at += timedelta(hours=3)
    case.closed_at = case.last_event_at
    case.next_due_on = date(2031, 1, 3)
    return case


def test_every_column_stored_as_save_stores_it() -> None:
    pk = OpenCaseFactory().pk
    original = Case.objects.get(pk=pk)
    before = _stored(pk)
    _changed(pk).save()
    saved = _stored(pk)
    original.save()
    assert _stored(pk) == before != saved
    with CaptureQueriesContext(connection) as captured:
        save_stored(_changed(pk))
    assert _stored(pk) == saved
    original.save()
    with CaptureQueriesContext(connection) as again:
        save_stored(_changed(pk))  # from the statement kept
    sent = [source(q["sql"]) for q in [*captured, *again]]  # EXECUTE as what it runs
    assert [s.split()[0] for s in sent if "cases_case" in s] == [
        "SELECT",
        "UPDATE",
        "SELECT",
        "UPDATE",
    ]
    assert _stored(pk) == saved


def test_an_unsaved_row_is_left_to_save() -> None:
    case = Case.objects.get(pk=OpenCaseFactory().pk)
    case.pk = None
    case.reference = "ACC-2031-99999"
    case._state.adding = True
    save_stored(case)
    assert case.pk is not None
    assert Case.objects.get(pk=case.pk).reference == "ACC-2031-99999"

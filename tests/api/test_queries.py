"""Reading a case and listing cases cost a number of queries that does not grow with the case's
history or the page's length (issue 18's "fast": the national-scale timings are `make bench`'s,
not yet measured for the API)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.cases.models import FormRecord
from tests.factories import RAISED_AT, EscalatedCaseFactory, OpenCaseFactory, holder, later

from .helpers import Api, api_as
from .work_helpers import with_work

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _later() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(days=10), tick=False):
        yield


def counted(api: Api, path: str, **query: str) -> int:
    """The queries of a request after a first one (which also notes the token's use)."""
    api.get(path, **query)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(path, **query)
    assert response.status_code == 200, response.content
    return len(queries)


def test_a_case_read_costs_the_same_whatever_its_history() -> None:
    short = OpenCaseFactory()
    long = EscalatedCaseFactory(to_stage=3)
    with_work(
        long, 3, now=later(long, 1)
    )  # its tasks and planned meetings are read too, with who and when
    first = counted(api_as(short.raised_by), f"/api/v1/cases/{short.reference}/")
    second = counted(api_as(long.raised_by), f"/api/v1/cases/{long.reference}/")
    assert first == second
    assert first <= 12
    read = api_as(long.raised_by).get(f"/api/v1/cases/{long.reference}/").json()
    assert len(read["tasks"]) == len(read["planned_meetings"]) == 3


def test_a_page_of_fifty_costs_the_same_as_a_page_of_five() -> None:
    case = OpenCaseFactory()
    for n in range(4):
        OpenCaseFactory(
            partnership=case.partnership,
            policy_version=case.policy_version,
            raising_agency=case.raising_agency,
            receiving_agency=case.receiving_agency,
            raised_by=case.raised_by,
            now=RAISED_AT + timedelta(minutes=n + 1),
        )
    api = api_as(case.raised_by)
    five = counted(api, "/api/v1/cases/", queue="raised")
    for n in range(45):
        OpenCaseFactory(
            partnership=case.partnership,
            policy_version=case.policy_version,
            raising_agency=case.raising_agency,
            receiving_agency=case.receiving_agency,
            raised_by=case.raised_by,
            receiving_holder=holder(case),
            now=RAISED_AT + timedelta(minutes=n + 10),
        )
    fifty = counted(api, "/api/v1/cases/", queue="raised")
    assert fifty == five
    assert len(api.get("/api/v1/cases/", queue="raised").json()["results"]) == 50


def test_a_cases_form_records_cost_the_same_however_many() -> None:
    """The list of one record and of several (stage 3 adds its monitoring form), and reading a
    record of a short history or a long one."""
    short = EscalatedCaseFactory(to_stage=2)
    long = EscalatedCaseFactory(to_stage=3)
    assert FormRecord.objects.filter(case=short).count() == 1
    assert FormRecord.objects.filter(case=long).count() == 2
    few = counted(api_as(short.raised_by), f"/api/v1/cases/{short.reference}/forms/")
    many = counted(api_as(long.raised_by), f"/api/v1/cases/{long.reference}/forms/")
    assert few == many
    assert few <= 12
    reads = [
        counted(api_as(case.raised_by), f"/api/v1/cases/{case.reference}/forms/{record.pk}/")
        for case in (short, long)
        for record in FormRecord.objects.filter(case=case, form_id="notification")
    ]
    assert len(set(reads)) == 1, reads
    assert reads[0] <= 25

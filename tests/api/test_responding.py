"""Responding through the API: the web's form rules, the one order of refusals (403 not this
person, 409 not now), a stale `seen` refused, and the response recorded by the web's action."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from accord.api.models import ApiWrite
from accord.cases.models import Case, CaseEvent
from tests.factories import RAISED_AT, OpenCaseFactory, holder

from .helpers import api_as, problem_of

pytestmark = pytest.mark.django_db
NOW = RAISED_AT + timedelta(hours=2)


@pytest.fixture(autouse=True)
def _after_raising() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _respond_url(case: Case) -> str:
    return f"/api/v1/cases/{case.reference}/respond/"


def test_the_receiving_holder_responds_and_the_event_names_them() -> None:
    case = OpenCaseFactory()
    receiver = holder(case)
    api = api_as(receiver)
    seen = api.get(f"/api/v1/cases/{case.reference}/").json()["seen"]
    response = api.post(_respond_url(case), {"seen": seen, "position": "disagree", "note": "No."})
    assert response.status_code == 200, response.content
    event = CaseEvent.objects.filter(case=case).order_by("sequence").last()
    assert event is not None
    assert event.kind == "responded"
    assert event.actor == receiver
    assert response.json()["seen"] == event.sequence
    write = ApiWrite.objects.get(case=case)  # which system: the token, beside the event
    assert (write.sequence, write.operation, write.token.person) == (
        event.sequence, "respond", receiver,
    )  # fmt: skip
    again = api.post(_respond_url(case), {"seen": seen, "position": "agree"})
    problem_of(again, 409)  # answered already: the procedure does not offer it now


def test_the_web_forms_rules_hold() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    problem = problem_of(api.post(_respond_url(case), {"seen": 1, "position": "propose"}), 422)
    assert problem["errors"] == [{"field": "note", "detail": "Say what you propose"}]
    problem = problem_of(api.post(_respond_url(case), {"seen": 1, "position": "maybe"}), 422)
    assert [e["field"] for e in problem["errors"]] == ["position"]


def test_someone_else_who_sees_the_case_is_refused_with_the_pages_words() -> None:
    case = OpenCaseFactory()
    problem = problem_of(
        api_as(case.raised_by).post(_respond_url(case), {"seen": 1, "position": "agree"}), 403
    )
    assert "only the receiving side's holder" in problem["detail"]
    assert not CaseEvent.objects.filter(case=case, kind="responded").exists()
    assert not ApiWrite.objects.exists()


def test_a_stale_seen_is_refused_and_nothing_written() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    seen = api.get(f"/api/v1/cases/{case.reference}/").json()["seen"]
    problem = problem_of(api.post(_respond_url(case), {"seen": seen - 1, "position": "agree"}), 409)
    assert problem["type"].endswith("#problem-stale")
    assert not CaseEvent.objects.filter(case=case, kind="responded").exists()
    assert not ApiWrite.objects.exists()


def test_a_read_token_cannot_respond() -> None:
    case = OpenCaseFactory()
    problem = problem_of(
        api_as(holder(case), "read").post(_respond_url(case), {"seen": 1, "position": "agree"}),
        403,
    )
    assert "may only read" in problem["detail"]
    assert not CaseEvent.objects.filter(case=case, kind="responded").exists()
    assert not ApiWrite.objects.exists()


@pytest.mark.parametrize("written", [float, str], ids=["as 3.0", "as text"])
def test_a_stale_seen_written_otherwise_is_refused_too(written: Any) -> None:
    """`seen` as the body's integer field takes it (`3.0`, `"3"`): stale, it is stale so."""
    case = OpenCaseFactory()
    api = api_as(holder(case))
    seen = api.get(f"/api/v1/cases/{case.reference}/").json()["seen"]
    body = {"seen": written(seen - 1), "position": "agree"}
    problem = problem_of(api.post(_respond_url(case), body), 409)
    assert problem["type"].endswith("#problem-stale")
    assert not CaseEvent.objects.filter(case=case, kind="responded").exists()

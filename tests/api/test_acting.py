"""The other actions through the API, each the web's own declared action: escalate (the ladder's
holders), record the outcome (and, on a referred case, the decision), withdraw, complete a step;
with the pages' form messages and refusals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine

from accord.accounts.models import Level
from accord.cases.models import Case, CaseEvent
from tests.factories import (
    RAISED_AT,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PersonFactory,
    ReferredCaseFactory,
    SignedOffCaseFactory,
    decider,
    holder,
)

from .helpers import api_as, problem_of

pytestmark = pytest.mark.django_db
NOW = RAISED_AT + timedelta(hours=2)


@pytest.fixture(autouse=True)
def _after_raising() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _seen(api: object, case: Case) -> int:
    return int(api.get(f"/api/v1/cases/{case.reference}/").json()["seen"])  # type: ignore[attr-defined]


def test_a_holder_escalates_naming_holders_at_the_procedures_level() -> None:
    case = OpenCaseFactory()
    api = api_as(case.raised_by)
    raising = PersonFactory(agency=case.raising_agency, level=Level.FIRST_LINE_MANAGER)
    receiving = PersonFactory(agency=case.receiving_agency, level=Level.FIRST_LINE_MANAGER)
    url = f"/api/v1/cases/{case.reference}/escalate/"
    seen = _seen(api, case)
    practitioner = PersonFactory(agency=case.receiving_agency)  # not at stage 2's level
    wrong = {"seen": seen, "raising_holder": raising.pk, "receiving_holder": practitioner.pk,
             "reason": "No agreement"}  # fmt: skip
    problem = problem_of(api.post(url, wrong), 422)
    assert [e["field"] for e in problem["errors"]] == ["receiving_holder"]
    problem = problem_of(
        api.post(url, {**wrong, "receiving_holder": receiving.pk, "reason": ""}), 422
    )
    assert problem["errors"] == [
        {"field": "reason", "detail": "Say why the case is being escalated"}
    ]
    response = api.post(url, {**wrong, "receiving_holder": receiving.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"]["number"] == 2
    assert [h["id"] for h in body["holders"]["receiving"]] == [receiving.pk]
    assert CaseEvent.objects.filter(case=case, kind="escalated", actor=case.raised_by).exists()


def test_the_outcome_is_recorded_with_the_forms_rules() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    url = f"/api/v1/cases/{case.reference}/resolve/"
    seen = _seen(api, case)
    problem = problem_of(
        api.post(url, {"seen": seen, "agreed_outcome": "Assessment", "consensus": False}), 422
    )
    assert [e["field"] for e in problem["errors"]] == ["without_consensus"]
    response = api.post(url, {"seen": seen, "agreed_outcome": "Assessment", "consensus": True})
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == "resolved"


def test_on_a_referred_case_only_the_decision_makers_record_the_decision() -> None:
    case = ReferredCaseFactory()
    url = f"/api/v1/cases/{case.reference}/resolve/"
    with time_machine.travel(case.last_event_at + timedelta(hours=1), tick=False):
        raiser = api_as(case.raised_by)
        problem_of(raiser.post(url, {"seen": _seen(raiser, case), "agreed_outcome": "x"}), 403)
        chair = api_as(decider(case))
        response = chair.post(url, {"seen": _seen(chair, case), "agreed_outcome": "Decided."})
        assert response.status_code == 200, response.content
        assert response.json()["status"]["code"] == "resolved"


def test_the_raiser_withdraws_and_an_ended_case_refuses_more() -> None:
    case = OpenCaseFactory()
    api = api_as(case.raised_by)
    url = f"/api/v1/cases/{case.reference}/withdraw/"
    seen = _seen(api, case)
    problem_of(api_as(holder(case)).post(url, {"seen": seen, "reason": "x"}), 403)
    response = api.post(url, {"seen": seen, "reason": "Agreed informally"})
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == "withdrawn"
    after = api.post(url, {"seen": response.json()["seen"], "reason": "Again"})
    assert problem_of(after, 409)["type"].endswith("#problem-not-allowed-now")


def test_a_step_is_marked_done_and_an_unknown_step_refused() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    url = f"/api/v1/cases/{case.reference}/complete-step/"
    seen = _seen(api, case)
    problem = problem_of(api.post(url, {"seen": seen, "step": "no-such-step"}), 422)
    assert [e["field"] for e in problem["errors"]] == ["step"]
    response = api.post(url, {"seen": seen, "step": "response"})
    assert response.status_code == 200, response.content
    assert CaseEvent.objects.filter(case=case, kind="step_done").exists()


def test_a_holder_brings_a_deadline_forward_with_the_forms_rules() -> None:
    case = OpenCaseFactory()
    api = api_as(holder(case))
    url = f"/api/v1/cases/{case.reference}/set-deadline/"
    seen = _seen(api, case)
    stage = next(
        d for d in api.get(f"/api/v1/cases/{case.reference}/").json()["deadlines"]
        if d["key"] == "stage:1"
    )  # fmt: skip
    problem = problem_of(
        api.post(url, {"seen": seen, "deadline": "stage:1", "due": "2026-06-02", "reason": ""}),
        422,
    )
    assert [e["field"] for e in problem["errors"]] == ["reason"]
    response = api.post(
        url, {"seen": seen, "deadline": "stage:1", "due": "2026-06-02", "reason": "Urgent"}
    )
    assert response.status_code == 200, response.content
    moved = next(d for d in response.json()["deadlines"] if d["key"] == "stage:1")
    assert moved["due_on"] == "2026-06-02"
    assert moved["due_on"] < stage["due_on"]


def test_a_top_stage_holder_refers_and_a_signed_off_case_is_closed() -> None:
    case = EscalatedCaseFactory(to_stage=4)
    with time_machine.travel(case.last_event_at + timedelta(hours=1), tick=False):
        api = api_as(holder(case, "raising"))
        url = f"/api/v1/cases/{case.reference}/refer/"
        problem = problem_of(api.post(url, {"seen": _seen(api, case), "reason": ""}), 422)
        assert [e["field"] for e in problem["errors"]] == ["reason"]
        response = api.post(url, {"seen": _seen(api, case), "reason": "Unresolved"})
        assert response.status_code == 200, response.content
        assert response.json()["status"]["code"] == "referred"
    signed = SignedOffCaseFactory()
    with time_machine.travel(signed.last_event_at + timedelta(hours=1), tick=False):
        api = api_as(signed.raised_by)
        url = f"/api/v1/cases/{signed.reference}/close/"
        problem_of(api_as(PersonFactory()).post(url, {"seen": 1}), 404)
        response = api.post(url, {"seen": _seen(api, signed)})
        assert response.status_code == 200, response.content
        assert response.json()["status"]["code"] == "closed"

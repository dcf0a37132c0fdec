"""Raising a case through the API: the raise journey's questions and messages, idempotent by
`Idempotency-Key`, and refused to read-only tokens and to people of no agency."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import time_machine
from django.db import connection

from accord.api.models import ApiWrite
from accord.cases.models import AccessLog, Case
from tests.factories import PersonFactory
from tests.web.test_raise_journey import NOW, World, world

from .helpers import Api, api_as, problem_of, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def body(w: World, **changes: Any) -> dict[str, Any]:
    """Every answer the example policy's journey asks, as the API takes them."""
    answers: dict[str, Any] = {
        "exceptions": {"cp-conference": False, "own-manager": False},
        "immediate_risk": False,
        "subject_name": "Zebedee Quartermaine",
        "subject_date_of_birth": "2015-03-14",
        "subject_address": "10 Example Row, Demo Town",
        "concern_on": "2026-05-28",
        "decision": "Referral closed.",
        "decision_by": "Duty team manager",
        "outcome": "An assessment.",
        "agency": w.social_care.pk,
        "counterpart": str(w.social_worker.pk),
        "theme": "Communication",
        "facts": {"cp_plan": False},
    }
    answers.update(changes)
    return answers


def test_a_case_is_raised_with_the_journeys_answers_and_read_back() -> None:
    w = world()
    response = api_as(w.raiser).post("/api/v1/cases/", body(w), **{"Idempotency-Key": "k-1"})
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert response.headers["Location"] == f"/api/v1/cases/{case.reference}/"
    read = response.json()
    assert read["reference"] == case.reference
    assert read["status"]["code"] == "open"
    assert [h["id"] for h in read["holders"]["receiving"]] == [w.social_worker.pk]
    assert case.raised_by == w.raiser
    assert case.receiving_agency == w.social_care
    assert case.subject.name == "Zebedee Quartermaine"
    assert case.theme == "Communication"
    assert "Zebedee" not in response.content.decode()
    assert AccessLog.objects.filter(case=case, person=w.raiser).exists()
    write = ApiWrite.objects.get(case=case)
    assert (write.operation, write.sequence, write.token.person) == ("raise", 1, w.raiser)


def test_the_same_key_raises_once_and_a_different_request_under_it_is_refused() -> None:
    w = world()
    api = api_as(w.raiser)
    first = api.post("/api/v1/cases/", body(w), **{"Idempotency-Key": "same"})
    again = api.post("/api/v1/cases/", body(w), **{"Idempotency-Key": "same"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["reference"] == first.json()["reference"]
    assert Case.objects.count() == 1
    assert ApiWrite.objects.count() == 1
    changed = api.post("/api/v1/cases/", body(w, outcome="Else."), **{"Idempotency-Key": "same"})
    assert problem_of(changed, 422)["type"].endswith("#problem-idempotency-key-reused")
    other = api.post("/api/v1/cases/", body(w), **{"Idempotency-Key": "other"})
    assert other.status_code == 201
    assert Case.objects.count() == 2
    problem_of(api.post("/api/v1/cases/", body(w)), 400)  # no key at all


def test_missing_and_wrong_answers_get_the_journeys_own_messages_by_field() -> None:
    w = world()
    api = api_as(w.raiser)
    sent = body(w, decision="", concern_on="2030-01-01", facts={})
    del sent["subject_name"]
    problem = problem_of(api.post("/api/v1/cases/", sent, **{"Idempotency-Key": "a"}), 422)
    errors = {e["field"]: e["detail"] for e in problem["errors"]}
    assert errors["decision"] == "Enter the decision you disagree with"
    assert errors["subject_name"] == "Enter the child’s full name"
    assert (
        errors["concern_on"] == "The date the concern was identified must be today or in the past"
    )
    assert errors["facts.cp_plan"].startswith("Select yes or no")
    assert not Case.objects.exists()


def test_a_forged_agency_or_person_is_refused_and_later_questions_not_asked() -> None:
    w = world()
    api = api_as(w.raiser)
    sent = body(w, agency=w.school.pk)  # the raiser's own: not one the case may be raised with
    errors = problem_of(api.post("/api/v1/cases/", sent, **{"Idempotency-Key": "b"}), 422)
    assert [e["field"] for e in errors["errors"]] == ["agency"]
    stranger = PersonFactory()
    sent = body(w, counterpart=str(stranger.pk))
    errors = problem_of(api.post("/api/v1/cases/", sent, **{"Idempotency-Key": "c"}), 422)
    assert [e["field"] for e in errors["errors"]] == ["counterpart"]
    assert not Case.objects.exists()


def test_an_exception_answered_yes_says_its_route() -> None:
    w = world()
    sent = body(w, exceptions={"cp-conference": True, "own-manager": False})
    problem = problem_of(
        api_as(w.raiser).post("/api/v1/cases/", sent, **{"Idempotency-Key": "d"}), 422
    )
    fields = {e["field"]: e["detail"] for e in problem["errors"]}
    assert fields["exceptions.cp-conference"].startswith("This disagreement takes another route")


def test_wrong_types_are_problems_not_errors() -> None:
    w = world()
    api = api_as(w.raiser)
    sent = body(w, agency="social care", facts=["no"], immediate_risk="perhaps")
    problem = problem_of(api.post("/api/v1/cases/", sent, **{"Idempotency-Key": "e"}), 422)
    assert {"agency", "facts", "immediate_risk"} <= {e["field"] for e in problem["errors"]}
    problem_of(api.post("/api/v1/cases/", "{not json", **{"Idempotency-Key": "f"}), 400)
    problem_of(api.post("/api/v1/cases/", [1, 2], **{"Idempotency-Key": "g"}), 400)


def test_a_read_token_and_someone_of_no_agency_cannot_raise() -> None:
    w = world()
    problem_of(
        api_as(w.raiser, "read").post("/api/v1/cases/", body(w), **{"Idempotency-Key": "h"}), 403
    )
    nobody = PersonFactory(agency=None)
    problem_of(api_as(nobody).post("/api/v1/cases/", body(w), **{"Idempotency-Key": "i"}), 403)
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="simultaneous requests need a server database shared by threads (SQLite runs one "
    "writer at a time: every transaction is BEGIN IMMEDIATE)",
)
def test_simultaneous_raisings_with_one_key_raise_one_case() -> None:
    w = world()
    token = token_for(w.raiser)
    start = threading.Barrier(4)

    def post(_: int) -> tuple[int, str]:
        try:
            start.wait()
            response = Api(token).post("/api/v1/cases/", body(w), **{"Idempotency-Key": "race"})
            return response.status_code, response.json().get("reference", "")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = sorted(pool.map(post, range(4)))
    assert Case.objects.count() == 1
    assert [status for status, _ in answers].count(201) == 1
    assert {reference for _, reference in answers} == {Case.objects.get().reference}

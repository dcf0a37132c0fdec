"""A case's form records through the API: listed and read as on the forms pages (the same
people, the same refusals), every read in the access log; completed (saved, submitted,
corrected) through the page's form and action, with its errors by field, a stale `revision`
refused, and each write recorded with its token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from accord.api.models import ApiWrite
from accord.api.views_forms import LIST_READ, RECORD_READ
from accord.cases.models import AccessLog, Case, CaseEvent, FormRecord, FormStatus, Holding
from tests.factories import RAISED_AT, EscalatedCaseFactory, PersonFactory, holder

from .helpers import api_as, problem_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _later() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(days=3), tick=False):
        yield


def _record() -> FormRecord:
    """The notification record escalating to stage 2 of the example policy makes."""
    return FormRecord.objects.get(case=EscalatedCaseFactory(to_stage=2))


def _urls(record: FormRecord) -> tuple[str, str]:
    base = f"/api/v1/cases/{record.case.reference}/forms/"
    return base, f"{base}{record.pk}/"


def _former_holder(case: Case) -> Any:
    """The stage 1 receiving holder: sees the case, holds it no more, is asked for no record."""
    return Holding.objects.get(case=case, stage=1, side="receiving").person


def test_the_list_is_the_forms_pages_and_is_logged() -> None:
    record = _record()
    case = record.case
    listing, one = _urls(record)
    response = api_as(case.raised_by).get(listing)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["may_complete"] is True
    (row,) = body["results"]
    assert row["id"] == record.pk
    assert row["url"] == one
    assert (row["form"], row["title"], row["version"]) == ("notification", record.title, 1)
    assert row["made"] == "When the case entered stage 2"
    assert (row["status"], row["submitted_at"], row["replaced_by"]) == ("draft", None, None)
    logged = AccessLog.objects.filter(case=case, person=case.raised_by, action=LIST_READ)
    assert logged.count() == 1


def test_someone_who_sees_the_case_lists_its_records_but_may_not_open_them() -> None:
    record = _record()
    listing, one = _urls(record)
    api = api_as(_former_holder(record.case))
    body = api.get(listing).json()
    assert body["may_complete"] is False
    assert [row["url"] for row in body["results"]] == [None]
    problem = problem_of(api.get(one), 403)
    assert problem["detail"].startswith("You cannot open the form records of this case: only")
    assert problem_of(api.post(one, {"action": "save", "revision": 0}), 403)
    stranger = api_as(PersonFactory())
    assert (
        problem_of(stranger.get(listing), 404)["detail"]
        == problem_of(stranger.get(one), 404)["detail"]
    )


def test_a_record_is_read_with_its_questions_answers_and_what_may_be_done() -> None:
    record = _record()
    case = record.case
    _, one = _urls(record)
    api = api_as(holder(case, "raising"))
    response = api.get(one)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["case"], body["form"], body["status"], body["revision"]) == (
        case.reference, "notification", "draft", 0,
    )  # fmt: skip
    assert body["sent_to"] == ["Partnership business manager"]
    fields = {field["id"]: field for field in body["fields"]}
    assert fields["raised_on"]["label"] == "Date the disagreement was raised"
    assert fields["raised_on"]["answer"] == "2026-06-01"  # filled in from the case
    assert fields["agencies"]["type"] == "list"
    assert len(fields["agencies"]["answer"]) == 2
    assert fields["notes"]["answer"] == ""
    assert body["actions"] == ["save", "submit"]
    assert (body["saved_by"], body["submitted_by"]) == (None, None)
    logged = AccessLog.objects.filter(case=case, action=RECORD_READ)
    assert list(logged.values_list("person", flat=True)) == [holder(case, "raising").pk]
    assert problem_of(api.get(f"{one[:-1]}9{record.pk}/"), 404)["detail"] == (
        "No such form record for this case"
    )


def test_a_draft_is_saved_then_submitted_then_corrected() -> None:
    record = _record()
    case = record.case
    actor = holder(case, "raising")
    _, one = _urls(record)
    api = api_as(actor)
    saved = api.post(one, {"action": "save", "revision": 0, "answers": {"notes": "First notes"}})
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["status"], body["revision"]) == ("draft", 1)
    answers = {field["id"]: field["answer"] for field in body["fields"]}
    assert answers["notes"] == "First notes"
    assert answers["raised_on"] == "2026-06-01"  # left out: kept
    assert body["saved_by"]["id"] == actor.pk
    event = CaseEvent.objects.filter(case=case).order_by("sequence").last()
    assert event is not None
    assert (event.kind, event.actor) == ("form_saved", actor)
    write = ApiWrite.objects.get(case=case)
    assert (write.operation, write.sequence, write.token.person) == (
        "complete_form", event.sequence, actor,
    )  # fmt: skip

    stale = api.post(one, {"action": "save", "revision": 0, "answers": {"notes": "Mine"}})
    assert "saved by someone else" in problem_of(stale, 409)["detail"]
    unconfirmed = problem_of(api.post(one, {"action": "submit", "revision": 1}), 422)
    assert unconfirmed["errors"] == [
        {"field": "confirm", "detail": "Confirm the answers are accurate before you submit"}
    ]
    sent = api.post(one, {"action": "submit", "revision": 1, "confirm": True})
    assert sent.status_code == 200, sent.content
    assert (sent.json()["status"], sent.json()["actions"]) == ("submitted", ["correct"])
    assert sent.json()["submitted_by"]["id"] == actor.pk
    again = problem_of(api.post(one, {"action": "save", "revision": 2}), 409)
    assert "it has been submitted and never changes" in again["detail"]

    no_reason = problem_of(
        api.post(one, {"action": "correct", "revision": 2, "answers": {"notes": "Fixed"}}), 422
    )
    assert no_reason["errors"] == [
        {"field": "reason", "detail": "Enter the reason for the correction"}
    ]
    corrected = api.post(
        one,
        {"action": "correct", "revision": 2, "answers": {"notes": "Fixed"}, "reason": "Typo"},
    )
    assert corrected.status_code == 200, corrected.content
    body = corrected.json()
    assert (body["version"], body["replaces"], body["correction_reason"]) == (2, record.pk, "Typo")
    assert body["url"] != one
    assert FormRecord.objects.get(pk=record.pk).status == FormStatus.SUBMITTED
    listed = api.get(_urls(record)[0]).json()["results"]
    assert [(r["status"], r["replaced_by"]) for r in listed] == [
        ("corrected", body["id"]), ("submitted", None),
    ]  # fmt: skip
    old = problem_of(api.post(one, {"action": "correct", "revision": 2, "reason": "x"}), 409)
    assert "correct its latest version instead" in old["detail"]
    assert ApiWrite.objects.filter(case=case, operation="complete_form").count() == 3


def test_bad_answers_are_problems_by_field_and_nothing_is_saved() -> None:
    record = _record()
    _, one = _urls(record)
    api = api_as(record.case.raised_by)
    problem = problem_of(
        api.post(one, {"action": "save", "revision": 0, "answers": {"nope": "x", "notes": "y"}}),
        422,
    )
    assert problem["errors"] == [
        {"field": "answers.nope", "detail": "The form has no such question"}
    ]
    problem = problem_of(
        api.post(one, {"action": "save", "revision": 0, "answers": {"raised_on": "tomorrow"}}), 422
    )
    assert problem["errors"] == [
        {
            "field": "answers.raised_on",
            "detail": "Date the disagreement was raised must be a real date",
        }
    ]
    problem = problem_of(
        api.post(one, {"action": "save", "revision": 0, "answers": {"notes": 3}}), 422
    )
    assert [e["field"] for e in problem["errors"]] == ["answers.notes"]
    problem = problem_of(api.post(one, {"action": "file", "revision": 0}), 422)
    assert [e["field"] for e in problem["errors"]] == ["action"]
    assert problem_of(api.post(one, {"action": "save"}), 422)["errors"][0]["field"] == "revision"
    assert FormRecord.objects.get(pk=record.pk).revision == 0
    assert not ApiWrite.objects.exists()


def test_a_read_only_token_reads_records_but_completes_none() -> None:
    record = _record()
    listing, one = _urls(record)
    api = api_as(record.case.raised_by, scope="read")
    assert api.get(listing).status_code == 200
    assert api.get(one).status_code == 200
    problem_of(api.post(one, {"action": "save", "revision": 0}), 403)
    assert FormRecord.objects.get(pk=record.pk).revision == 0

"""A case's form records through the API: the list (the case's forms page), one record (its
page), and completing it (saving a draft, submitting it, correcting it), each through the
pages' own reads, refusals, form and action (`accord.web.views.documents`): a case the caller
may not see is a 404, someone who may not open its records a 403 (409 once the case has ended),
as on the pages. Every read is in the case's access log; every write has its `ApiWrite`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accord.cases import actions, summaries
from accord.cases.access import get_case_for
from accord.cases.form_values import current_values, trigger_words
from accord.cases.models import Case, FormRecord
from accord.cases.references import REFERENCE_PATTERN
from accord.input_limits import LARGEST_ID
from accord.partnerships.policies import policy_of
from accord.web.views import documents
from accord.web.views.case_acting import log_view
from accord.web.views.document_forms import CORRECT, PREFIX, SAVE, SUBMIT, posted_fields

from . import serializers_forms
from .base import ApiView
from .problems import Problem
from .reading import person_of as person_ref
from .views_cases import NOT_FOUND, PROBLEMS, WRITE_PROBLEMS, person_of
from .writes import note_write

LIST_READ = "read form records through the API"
RECORD_READ = "read a form record through the API"
NO_RECORD = "No such form record for this case"
FORM_ID = OpenApiParameter("form_id", int, OpenApiParameter.PATH, description="The record's id.")


def visible_case(request: Request, reference: str) -> Case:
    """The case for the caller (404 when they may not see it), as the forms pages find it."""
    if not REFERENCE_PATTERN.match(reference):
        raise Problem(404, "not-found", NOT_FOUND)
    try:
        return get_case_for(person_of(request), reference)
    except Case.DoesNotExist:
        raise Problem(404, "not-found", NOT_FOUND) from None


def log(request: Request, case: Case, now: datetime, action: str) -> None:
    log_view(request._request, case, now=now, action=action)


def refuse(found: documents.Refusal | None) -> None:
    if found is not None:
        slug = "forbidden" if found.status == 403 else "not-allowed-now"
        because = found.because.strip().rstrip(".")
        raise Problem(found.status, slug, f"You cannot {found.doing}: {because}")


def record_url(reference: str, record: FormRecord) -> str:
    return reverse("api:case-form", args=[reference, record.pk])


def _status(record: FormRecord, replaced_by: FormRecord | None) -> str:
    if replaced_by is not None:
        return "corrected"
    return "submitted" if record.is_submitted else "draft"


def row(case: Case, record: FormRecord, *, opens: bool) -> dict[str, Any]:
    replaced_by = documents.replaced_by_of(record)
    return {
        "id": record.pk,
        "url": record_url(case.reference, record) if opens else None,
        "form": record.form_id,
        "title": record.title,
        "version": record.version,
        "correction_reason": record.correction_reason,
        "made": trigger_words(record.trigger),
        "created_at": record.created_at,
        "status": _status(record, replaced_by),
        "submitted_at": record.submitted_at,
        "replaced_by": replaced_by.pk if replaced_by is not None else None,
    }


class CaseForms(ApiView):
    @extend_schema(
        operation_id="list_case_forms",
        summary="List a case's form records",
        description="Every version of every record the procedure asked for on the case, as its "
        "forms page lists them, and whether you may open them. Logged in the case's access log.",
        responses={(200, "application/json"): serializers_forms.FormRecordList, **PROBLEMS},
    )
    def get(self, request: Request, reference: str) -> Response:
        now = timezone.now()
        case = visible_case(request, reference)
        log(request, case, now, LIST_READ)
        records = documents.form_records(case)
        opens = documents.may_complete(person_of(request), case, records)
        body = {"results": [row(case, r, opens=opens) for r in records], "may_complete": opens}
        return Response(serializers_forms.FormRecordList(body).data)


# --- One record -----------------------------------------------------------------------------


def opened(request: Request, reference: str, form_id: int, now: datetime) -> FormRecord:
    """The record, for someone who may open it (the pages' refusals, in their order)."""
    case = visible_case(request, reference)
    record = None
    if form_id <= LARGEST_ID:
        record = (
            FormRecord.objects.filter(case=case, pk=form_id)
            .select_related("case", "saved_by__agency", "submitted_by__agency", "replaces")
            .first()
        )
    refuse(documents.opening_refusal(person_of(request), case, record, now=now))
    if record is None:
        raise Problem(404, "not-found", NO_RECORD)
    return record


def _person(person: Any) -> dict[str, Any] | None:
    return person_ref(person) if person is not None else None


def record_body(record: FormRecord) -> dict[str, Any]:
    """The record as its page shows it: what it is, its answers by question, who saved and
    submitted it, and what may be done to it now."""
    replaced_by = FormRecord.objects.filter(replaces=record).first()
    values = current_values(record)
    may = [
        action
        for action in (SAVE, SUBMIT, CORRECT)
        if documents.change_refusal(record, replaced_by, correcting=action == CORRECT) is None
    ]
    return {
        "id": record.pk,
        "url": record_url(record.case.reference, record),
        "case": record.case.reference,
        "form": record.form_id,
        "title": record.title,
        "version": record.version,
        "made": trigger_words(record.trigger),
        "created_at": record.created_at,
        "sent_to": summaries.recipient_words(record, policy_of(record.case.policy_version)),
        "status": _status(record, replaced_by),
        "revision": record.revision,
        "saved_at": record.saved_at,
        "saved_by": _person(record.saved_by),
        "submitted_at": record.submitted_at,
        "submitted_by": _person(record.submitted_by),
        "replaces": record.replaces_id,
        "correction_reason": record.correction_reason,
        "replaced_by": replaced_by.pk if replaced_by is not None else None,
        "fields": [
            {
                "id": spec["id"],
                "label": spec["label"],
                "type": spec["type"],
                "required": bool(spec.get("required")),
                "choices": list(spec.get("choices") or []),
                "answer": values.get(spec["id"], [] if spec["type"] == "list" else ""),
            }
            for spec in record.definition
        ],
        "actions": may,
    }


def read_record(request: Request, reference: str, form_id: int, now: datetime) -> dict[str, Any]:
    record = opened(request, reference, form_id, now)
    log(request, record.case, now, RECORD_READ)
    return serializers_forms.FormRecordOut(record_body(record)).data


class CaseForm(ApiView):
    @extend_schema(
        operation_id="read_case_form",
        summary="Read one of a case's form records",
        description="Its questions with their answers, who saved and submitted it, and what you "
        "may do to it, as on its page: for the case's current holders, its raiser, the people "
        "the record is asked of and the partnership's decision-makers (others who see the case "
        "get a 403). Logged in the case's access log.",
        parameters=[FORM_ID],
        responses={(200, "application/json"): serializers_forms.FormRecordOut, **PROBLEMS},
    )
    def get(self, request: Request, reference: str, form_id: int) -> Response:
        return Response(read_record(request, reference, form_id, timezone.now()))

    @extend_schema(
        operation_id="complete_form",
        summary="Save, submit or correct a form record",
        description="As on the record's page: `save` a draft's answers, `submit` it (with "
        "`confirm`; every required question answered), or `correct` a submitted record's "
        "latest version (a new version, with `reason`). Send back the `revision` you read: a "
        "draft saved by someone else since is a 409. The record as it is after (a correction: "
        "its new version).",
        parameters=[FORM_ID],
        request=serializers_forms.CompleteFormIn,
        responses={(200, "application/json"): serializers_forms.FormRecordOut, **WRITE_PROBLEMS},
    )
    def post(self, request: Request, reference: str, form_id: int) -> Response:
        return complete(request, reference, form_id)


def _invalid(errors: list[dict[str, str]]) -> Problem:
    return Problem(422, "invalid-input", "See `errors`", errors=errors)


def _field(name: str) -> str:
    if name == "__all__":
        return ""
    if name.startswith(PREFIX):
        return "answers." + name.removeprefix(PREFIX)
    return name


def complete(request: Request, reference: str, form_id: int) -> Response:
    """The record's page sent: its refusals, then the body's types, then the page's form
    (drawn with the record's current answers and the ones given), then the one action."""
    now = timezone.now()
    person = person_of(request)
    record = opened(request, reference, form_id, now)
    given = serializers_forms.CompleteFormIn(data=request.data)
    given.is_valid(raise_exception=True)
    body = given.validated_data
    correcting = body["action"] == CORRECT
    replaced_by = FormRecord.objects.filter(replaces=record).first()
    refuse(documents.change_refusal(record, replaced_by, correcting=correcting))
    answers = body.get("answers", {})
    known = {spec["id"] for spec in record.definition}
    if unknown := sorted(set(answers) - known):
        raise _invalid(
            [{"field": f"answers.{k}", "detail": "The form has no such question"} for k in unknown]
        )
    values = current_values(record)
    data = QueryDict(mutable=True)
    data.update(posted_fields(record.definition, {**values, **answers}))
    data.update({"revision": str(body["revision"]), "action": body["action"]})
    if body.get("confirm"):
        data["confirm"] = "on"
    if "reason" in body:
        data["reason"] = body["reason"]
    form = documents.record_form(
        record, data, values=values, correcting=correcting, action=body["action"]
    )
    if not form.is_valid():
        raise _invalid(
            [
                {"field": _field(name), "detail": str(message)}
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    try:
        with transaction.atomic():  # the action's event and which token made it, together
            done = documents.complete_record(person, record, form, correcting=correcting, now=now)
            note_write(request, record.case, operation="complete_form", now=now)
    except actions.CaseChanged as changed:
        raise Problem(409, "stale", changed.message) from None
    except actions.CaseActionRejected as refusal:
        raise _invalid([{"field": "", "detail": refusal.message}]) from None
    return Response(read_record(request, reference, done.pk, now))

"""A case's form records and documents: the list, filling in a record (draft, submit, correct),
and the PDFs of a record, the case summary and the written confirmation of the outcome.

Anyone who sees the case sees its list and downloads its PDFs, after confirming it's them (as
for an export: decision 19); the people who complete its records (`offers.completing_forms`,
with its refusal's words) open them. Every page and download is in the access log; files are
named by the case reference only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accord.accounts.models import Person
from accord.cases import access, summaries
from accord.cases.actions import CaseActionRejected, correct_form, save_form_draft, submit_form
from accord.cases.form_values import current_values, trigger_words
from accord.cases.models import (
    ENDED_STATUSES,
    Case,
    CaseEvent,
    Deadline,
    FormRecord,
    Holding,
    Outcome,
)
from accord.cases.offers import Permission, completing_forms
from accord.cases.state import replayed
from accord.documents.data import shown_value
from accord.documents.filenames import attachment, file_name
from accord.documents.pdf import render_pdf
from accord.engine.refusals import ended
from accord.notifications.queries import told_at, told_sentence
from accord.partnerships.policies import policy_of
from accord.web.reauth import confirm_it_is_them

from .case_acting import log_view, person_of, refused, visible_case
from .document_forms import CORRECT, SAVE, SUBMIT, RecordForm


def _completing(records: list[FormRecord]) -> Permission:
    """Who may complete the case's form records in hand (those they are asked of, too)."""
    return completing_forms(access.asked_of(records))


class Refusal(NamedTuple):
    """A page's (or the API's) refusal: its status, what was being done, and why not."""

    status: int
    doing: str
    because: str


def _ended(case: Case, *, now: datetime) -> str | None:
    """Why nothing more can be recorded on the case, in the engine's words (None: it goes on)."""
    if case.status not in ENDED_STATUSES:
        return None
    history = CaseEvent.objects.filter(case=case).order_by("sequence")
    policy, state = replayed(case, list(history), Deadline.objects.filter(case=case), now=now)
    return ended(policy, state)


def may_complete(person: Person, case: Case, records: list[FormRecord]) -> bool:
    """May `person` open (fill in, submit, correct) the case's `records`?"""
    holdings = list(Holding.objects.filter(case=case, ended_at__isnull=True))  # page content
    return _completing(records).may(access.case_access(person, case, holdings))


def form_records(case: Case) -> list[FormRecord]:
    """The case's form records, every version, in the order of its forms page (each with
    `replaced_by` when corrected)."""
    return list(
        FormRecord.objects.filter(case=case)
        .select_related("submitted_by")
        .prefetch_related("replaced_by")
        .order_by("created_at", "form_id", "trigger", "version")
    )


def replaced_by_of(record: FormRecord) -> FormRecord | None:
    """The version correcting `record` (None: it is the latest), from `form_records`'s
    prefetch."""
    return getattr(record, "replaced_by", None)


def opening_refusal(
    person: Person, case: Case, record: FormRecord | None, *, now: datetime
) -> Refusal | None:
    """Why `person` may not open the record (None: they may). The one order of refusals
    (case_acting.refusal): an ended case says so first, so Back to a form after closing never
    blames the person (whose holding has ended); then who may."""
    if may_complete(person, case, [record] if record is not None else []):
        return None
    completing = _completing([])
    if reason := _ended(case, now=now):
        return Refusal(409, str(completing.doing), reason)
    return Refusal(403, str(completing.doing), str(completing.only))


def change_refusal(
    record: FormRecord, replaced_by: FormRecord | None, *, correcting: bool
) -> Refusal | None:
    """Why the record cannot be changed as asked (None: it can): a submitted record never
    changes, only its latest version is corrected, and a draft is saved or submitted."""
    doing = "change this form on this case"
    if record.is_submitted and (not correcting or replaced_by is not None):
        because = "it has been submitted and never changes: correct its latest version instead"
        return Refusal(409, doing, because)
    if correcting and not record.is_submitted:
        return Refusal(409, doing, "it is still a draft: save it or submit it")
    return None


def record_form(
    record: FormRecord, data: Any, *, values: dict[str, Any], correcting: bool, action: str
) -> RecordForm:
    """The record's form (bound to `data` when sent), drawn with its current `values`."""
    return RecordForm(
        data,
        definition=record.definition,
        values=values,
        revision=record.revision,
        correcting=correcting,
        action=SUBMIT if action == SUBMIT else SAVE,
        form_id=record.form_id,
    )


def record_file_name(record: FormRecord) -> str:
    """`ACC-2026-00042-stage-3-monitoring.pdf`; the trigger is added when the case has another
    record of the same form (`...-resolved`), the version after a correction (`...-v2`)."""
    others = FormRecord.objects.filter(case_id=record.case_id, form_id=record.form_id, version=1)
    first = others.order_by("created_at", "pk").values_list("trigger", flat=True).first()
    parts = [record.form_id]
    if first is not None and record.trigger != first:
        parts.append(record.trigger.rpartition("/")[2])
    if record.version > 1:
        parts.append(f"v{record.version}")
    return file_name(record.case.reference, *parts)


def _pdf(
    request: HttpRequest, case: Case, kind: str, document: Any, *, name: str, what: str
) -> HttpResponse:
    """`document` drawn as a PDF of `kind`, downloaded as `name` by someone who confirmed it is
    them recently (decision 19: a case's PDFs leave Accord, as its exports do); the download is
    logged."""
    confirm_it_is_them(request)
    body = render_pdf(kind, document, language=request.LANGUAGE_CODE)
    log_view(request, case, now=timezone.now(), action=f"downloaded {what} (PDF)")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = attachment(name)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def case_forms(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's form records (every version) and its documents."""
    person = person_of(request)
    case = visible_case(request, reference)
    log_view(request, case, now=timezone.now(), action="viewed forms and documents")
    records = form_records(case)
    rows = [
        {
            "record": record,
            "made": trigger_words(record.trigger),
            "replaced_by": replaced_by_of(record),
        }
        for record in records
    ]
    return render(
        request,
        "web/documents/case_forms.html",
        {
            "case": case,
            "section": "forms",
            "rows": rows,
            "may_complete": may_complete(person, case, records),
            "has_outcome": Outcome.objects.filter(case=case).exists(),
        },
    )


def _answers(record: FormRecord, values: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for spec in record.definition:
        shown = shown_value(spec["type"], values.get(spec["id"], ""))
        label = record.shown_label(spec)
        rows.append({"label": label, "value": shown, "is_list": isinstance(shown, list)})
    return rows


@login_required
def case_form(request: HttpRequest, reference: str, form_id: int) -> HttpResponse:
    """One form record: filled in and saved as a draft, then submitted; once submitted, read
    and corrected (a new version with the reason)."""
    now = timezone.now()
    person = person_of(request)
    case = visible_case(request, reference)
    record = (
        FormRecord.objects.filter(case=case, pk=form_id)
        .select_related("case", "submitted_by", "replaces")
        .first()
    )
    if found := opening_refusal(person, case, record, now=now):
        return refused(request, case, doing=found.doing, because=found.because, status=found.status)
    if record is None:
        raise Http404("No such form record for this case")
    replaced_by = FormRecord.objects.filter(replaces=record).first()
    posted = request.POST.get("action", SAVE) if request.method == "POST" else ""
    correcting = record.is_submitted and replaced_by is None
    correcting = correcting and (request.GET.get("correct") == "1" or posted == CORRECT)
    if request.method == "POST" and (
        found := change_refusal(record, replaced_by, correcting=correcting)
    ):
        return refused(request, case, doing=found.doing, because=found.because, status=found.status)
    values = current_values(record)
    form = None
    if not record.is_submitted or correcting:
        data = request.POST if request.method == "POST" else None
        form = record_form(record, data, values=values, correcting=correcting, action=posted)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            return _apply(request, person, record, form, correcting=correcting, now=now)
        except CaseActionRejected as rejected:
            form.add_error(None, rejected.message)
    elif request.method != "POST":
        log_view(request, case, now=now, action="opened a form record")
    return render(
        request,
        "web/documents/form_record.html",
        {
            "case": case,
            "section": "forms",
            "record": record,
            "made": trigger_words(record.trigger),
            "recipients": summaries.recipient_words(record, policy_of(case.policy_version)),
            "answers": _answers(record, values),
            "form": form,
            "correcting": correcting,
            "replaced_by": replaced_by,
        },
    )


def _apply(
    request: HttpRequest,
    person: Person,
    record: FormRecord,
    form: RecordForm,
    *,
    correcting: bool,
    now: datetime,
) -> HttpResponse:
    """Run the one action the form asks for; its success message; back to the record."""
    record = complete_record(person, record, form, correcting=correcting, now=now)
    title = record.shown_title
    if correcting:
        done = gettext("Version %(version)s of %(title)s has been submitted.") % {
            "version": record.version,
            "title": title,
        }
        done += told_sentence(told_at(record.case.reference, now))
    elif form.action == SUBMIT:
        done = gettext("%(title)s has been submitted.") % {"title": title}
        done += told_sentence(told_at(record.case.reference, now))
    else:
        done = gettext("%(title)s has been saved as a draft") % {"title": title}
    messages.success(request, done)
    return HttpResponseRedirect(
        reverse("web:case-form", kwargs={"reference": record.case.reference, "form_id": record.pk})
    )


def complete_record(
    person: Person, record: FormRecord, form: RecordForm, *, correcting: bool, now: datetime
) -> FormRecord:
    """The one action a valid `record_form` asks for (correct, submit or save as a draft), by
    `person`; the record as it is after (a correction: its new version)."""
    values = form.values()
    if correcting:
        reason = form.cleaned_data["reason"]
        return correct_form(record=record, actor=person, values=values, reason=reason, now=now)
    revision = form.cleaned_data["revision"]
    if form.action == SUBMIT:
        return submit_form(record=record, actor=person, values=values, revision=revision, now=now)
    return save_form_draft(record=record, actor=person, values=values, revision=revision, now=now)


@login_required
def case_form_pdf(request: HttpRequest, reference: str, form_id: int) -> HttpResponse:
    person = person_of(request)
    case = visible_case(request, reference)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    record = FormRecord.objects.filter(case=case, pk=form_id).select_related("case").first()
    if record is None:
        raise Http404("No such form record for this case")
    document = summaries.form_document(record, person=person, now=timezone.now())
    return _pdf(
        request, case, "form", document, name=record_file_name(record), what="a form record"
    )


@login_required
def case_summary_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    person = person_of(request)
    case = visible_case(request, reference)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    document = summaries.case_summary(case, person=person, now=timezone.now())
    name = file_name(case.reference, "case-summary")
    return _pdf(request, case, "case_summary", document, name=name, what="the case summary")


@login_required
def case_outcome_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    person = person_of(request)
    case = visible_case(request, reference)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET"])
    document = summaries.outcome_confirmation(case, person=person, now=timezone.now())
    if document is None:
        messages.info(request, gettext("No outcome has been recorded for this case yet"))
        return HttpResponseRedirect(reverse("web:case-forms", args=[case.reference]))
    name = file_name(case.reference, "outcome-confirmation")
    return _pdf(request, case, "outcome", document, name=name, what="the outcome confirmation")

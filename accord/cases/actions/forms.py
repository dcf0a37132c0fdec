"""Completing a case's form records: saving a draft, submitting it, correcting a submitted one.

A record is made, pre-filled, when the notify rule naming its form fires (`accord.cases.
form_values.create_triggered_records`, in that action's transaction, as the notification is).
People then save it as a draft any number of times and submit it once; a submitted record never
changes, and a correction is a new version, submitted at once with its reason. Form records can
be completed whatever the case's status (a record of what happened is still due after a case is
closed). Each action is one transaction with its case event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, ngettext

from accord.accounts.models import Person
from accord.documents.data import Value
from accord.documents.standard_forms import shown_label
from accord.engine.notices import Recorded

from ..access import asked_of, load_case_access
from ..models import Case, FormRecord, FormStatus
from ..notifying import FORM_TOPIC, notify_record
from ..offers import completing_forms
from ._core import CaseActionRejected, CaseChanged, Locked, lock_case, record_only
from ._who import NOT_ACTIVE, require

TEXT_LIMIT = 500
LONGTEXT_LIMIT = 20_000
LIST_LIMIT = 100


def clean_values(
    definition: Sequence[Mapping[str, Any]], values: Mapping[str, Any], *, form_id: str = ""
) -> dict[str, Value]:
    """Every field of the form with a value of its type (refusing what does not fit): a date
    as YYYY-MM-DD, yes/no as "yes"/"no", a choice among its choices, a list as a list of text.
    A refusal names the field by its label in the reader's language (`shown_label`, the record's
    `form_id` telling a standard form's own labels)."""
    cleaned: dict[str, Value] = {}
    known = {field["id"] for field in definition}
    if unknown := sorted(set(values) - known):
        raise CaseActionRejected(
            gettext("The form has no question %(question)s") % {"question": repr(unknown[0])}
        )
    for field in definition:
        kind, raw = field["type"], values.get(field["id"])
        label = shown_label(form_id, field)
        if kind == "list":
            items = raw if isinstance(raw, list) else str(raw or "").splitlines()
            cleaned[field["id"]] = [str(item).strip() for item in items if str(item).strip()]
            if len(cleaned[field["id"]]) > LIST_LIMIT:
                raise CaseActionRejected(
                    ngettext(
                        "%(label)s can list up to %(count)s item",
                        "%(label)s can list up to %(count)s items",
                        LIST_LIMIT,
                    )
                    % {"label": label, "count": LIST_LIMIT}
                )
            continue
        text = str(raw or "").strip() if not isinstance(raw, list) else ""
        if kind == "date" and text:
            try:
                date.fromisoformat(text)
            except ValueError:
                raise CaseActionRejected(
                    gettext("%(label)s must be a real date") % {"label": label}
                ) from None
        elif kind == "yesno" and text not in {"", "yes", "no"}:
            raise CaseActionRejected(gettext("Answer yes or no to %(label)s") % {"label": label})
        elif kind == "choice" and text and text not in (field.get("choices") or []):
            raise CaseActionRejected(
                gettext("Choose an answer from the list for %(label)s") % {"label": label}
            )
        limit = LONGTEXT_LIMIT if kind == "longtext" else TEXT_LIMIT
        if len(text) > limit:
            raise CaseActionRejected(
                ngettext(
                    "%(label)s must be %(count)s character or fewer",
                    "%(label)s must be %(count)s characters or fewer",
                    limit,
                )
                % {"label": label, "count": f"{limit:,}"}
            )
        cleaned[field["id"]] = text
    return cleaned


def unanswered(
    definition: Sequence[Mapping[str, Any]], values: Mapping[str, Value], *, form_id: str = ""
) -> list[str]:
    """The labels of the required fields (`required = true` in the policy) left empty, in the
    reader's language (`shown_label`)."""
    return [
        shown_label(form_id, field)
        for field in definition
        if field.get("required") and not _answered(values.get(field["id"]))
    ]


def _answered(value: Value | None) -> bool:
    if isinstance(value, list):
        return bool(value)
    return bool((value or "").strip())


def _require_answers(record: FormRecord, values: Mapping[str, Value]) -> None:
    """A record is submitted (or corrected) only with every required field answered."""
    if missing := unanswered(record.definition, values, form_id=record.form_id):
        raise CaseActionRejected(
            gettext("Answer every required question before submitting: %(questions)s")
            % {"questions": "; ".join(missing)}
        )


def _locked_record(record: FormRecord, actor: Person) -> tuple[Locked, FormRecord]:
    """Lock the case, then the record, and check the actor may complete it."""
    locked = lock_case(record.case)
    if not actor.is_active:
        raise CaseActionRejected(NOT_ACTIVE)
    completing = completing_forms(asked_of([record]))
    require(
        completing.may(load_case_access(actor, locked.case, locked.holdings)),
        completing.refusal,
    )
    fresh = FormRecord.objects.select_for_update().get(pk=record.pk)
    return locked, fresh


def _require_draft(record: FormRecord, revision: int | None) -> None:
    if record.status != FormStatus.DRAFT:
        raise CaseActionRejected(
            gettext("%(title)s has been submitted and cannot be changed: correct it instead")
            % {"title": record.shown_title}
        )
    if revision is not None and revision != record.revision:
        raise CaseChanged(  # a page (or an API read) older than the record: look again
            gettext(
                "%(title)s was saved by someone else after you opened it. Nothing was saved: "
                "open it again to see their changes"
            )
            % {"title": record.shown_title}
        )


@transaction.atomic
def save_form_draft(
    *,
    record: FormRecord,
    actor: Person,
    values: Mapping[str, Any],
    now: datetime,
    revision: int | None = None,
) -> FormRecord:
    """Save the answers so far; the record stays a draft. `revision` is the draft's revision
    when the page was drawn: a page drawn before someone else saved is refused."""
    return _save_draft(record, actor, values, now, revision, submit=False)


@transaction.atomic
def submit_form(
    *,
    record: FormRecord,
    actor: Person,
    values: Mapping[str, Any],
    now: datetime,
    revision: int | None = None,
) -> FormRecord:
    """Submit the record with these answers: it goes to its recipients, who are told at once
    (with a link to it), and never changes."""
    return _save_draft(record, actor, values, now, revision, submit=True)


def _save_draft(
    record: FormRecord,
    actor: Person,
    values: Mapping[str, Any],
    now: datetime,
    revision: int | None,
    *,
    submit: bool,
) -> FormRecord:
    """A draft's answers saved (and, with `submit`, the record submitted), with its event."""
    locked, record = _locked_record(record, actor)
    _require_draft(record, revision)
    record.values = clean_values(record.definition, values, form_id=record.form_id)
    if submit:
        _require_answers(record, record.values)
    record.revision += 1
    record.saved_at, record.saved_by = now, actor
    changed = ["values", "revision", "saved_at", "saved_by"]
    if submit:
        record.status = FormStatus.SUBMITTED
        record.submitted_at, record.submitted_by = now, actor
        changed += ["status", "submitted_at", "submitted_by"]
    record.save(update_fields=changed)
    details: dict[str, Any] = {"form_record": record.pk, "form": record.form_id}
    if submit:
        kind, summary, details["version"] = "form_submitted", "Form submitted", record.version
    else:
        kind, summary, details["revision"] = "form_saved", "Form saved as a draft", record.revision
    record_only(
        locked,
        kind=kind,
        actor=actor,
        summary=f"{summary}: {record.title}"[:300],
        details=details,
        now=now,
    )
    if submit:
        _tell_recipients(record, case=locked.case, actor=actor, now=now)
    return record


def _tell_recipients(record: FormRecord, *, case: Case, actor: Person, now: datetime) -> None:
    """The people the policy sends the submitted record (or its correction) to are told."""
    notify_record(
        case,
        Recorded.FORM_SUBMITTED,
        topic=f"{FORM_TOPIC}{record.pk}",
        label=record.title,
        now=now,
        actor=actor,
        form=record.form_id,
        trigger=record.trigger,
    )


@transaction.atomic
def correct_form(
    *,
    record: FormRecord,
    actor: Person,
    values: Mapping[str, Any],
    reason: str,
    now: datetime,
) -> FormRecord:
    """Correct a submitted record: a new version with these answers and the reason, submitted
    at once; the version it replaces stays as it was."""
    if not reason.strip():
        raise CaseActionRejected(gettext("Enter the reason for the correction"))
    locked, record = _locked_record(record, actor)
    if record.status != FormStatus.SUBMITTED:
        raise CaseActionRejected(
            gettext("%(title)s is still a draft: change it and submit it")
            % {"title": record.shown_title}
        )
    if FormRecord.objects.filter(replaces=record).exists():
        raise CaseActionRejected(
            gettext(
                "Version %(version)s of %(title)s has already been corrected: correct the latest "
                "version"
            )
            % {"version": record.version, "title": record.shown_title}
        )
    cleaned = clean_values(record.definition, values, form_id=record.form_id)
    if cleaned == clean_values(record.definition, record.values, form_id=record.form_id):
        raise CaseActionRejected(gettext("Change at least one answer, or cancel the correction"))
    _require_answers(record, cleaned)
    correction = FormRecord.objects.create(
        case=record.case,
        form_id=record.form_id,
        title=record.title,
        trigger=record.trigger,
        stage=record.stage,
        status=FormStatus.SUBMITTED,
        version=record.version + 1,
        replaces=record,
        correction_reason=reason.strip(),
        definition=record.definition,
        values=cleaned,
        recipients=record.recipients,
        created_at=now,
        revision=1,
        saved_at=now,
        saved_by=actor,
        submitted_at=now,
        submitted_by=actor,
    )
    record_only(
        locked,
        kind="form_corrected",
        actor=actor,
        summary=f"Form corrected (version {correction.version}): {record.title}"[:300],
        details={
            "form_record": correction.pk,
            "replaces": record.pk,
            "form": record.form_id,
            "version": correction.version,
        },
        now=now,
    )
    _tell_recipients(correction, case=locked.case, actor=actor, now=now)
    return correction

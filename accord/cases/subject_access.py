"""Finding everything Accord holds about one child or adult, and gathering it for the subject
access export (`accord.documents.subject_access`; decision 25).

A subject is found in one partnership by name and date of birth. Names are compared as people
type them, ignoring case and runs of spaces; a case whose subject has the name but no date of
birth kept is found too, marked unconfirmed, for the administrator to check before anything is
sent. The request records the cases it found, never the name or date of birth.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q

from accord.accounts.models import Person
from accord.documents.subject_access import (
    AccessEntry,
    EventEntry,
    NoticeEntry,
    SubjectAccessExport,
    SubjectCase,
    SubjectDetails,
)
from accord.partnerships.models import Partnership
from accord.partnerships.policies import policy_of

from .models import (
    AccessLog,
    Case,
    CaseEvent,
    CaseNotification,
    FormRecord,
    Subject,
    SubjectAccessRequest,
    SubjectKind,
)
from .summaries import case_summary, form_document, role_words

_NOT_WRITTEN = {"type", "at"}  # a stored event's fields that nobody wrote


def same_name(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def find_subject(
    partnership: Partnership, *, name: str, date_of_birth: date
) -> tuple[list[int], list[int]]:
    """The ids of the partnership's cases about the subject: those whose date of birth matches,
    and those found by the name alone (no date of birth kept), each oldest first."""
    words = name.split()
    subjects = (
        Subject.objects.filter(case__partnership=partnership, name__icontains=words[-1])
        .exclude(case__subject_kind=SubjectKind.THEME)
        .filter(Q(date_of_birth=date_of_birth) | Q(date_of_birth__isnull=True))
    )
    confirmed: list[int] = []
    unconfirmed: list[int] = []
    for case_id, found_name, born in subjects.order_by("case__raised_at", "case_id").values_list(
        "case_id", "name", "date_of_birth"
    ):
        if same_name(found_name, name):
            (confirmed if born is not None else unconfirmed).append(case_id)
    return confirmed, unconfirmed


def _written(payload: dict[str, object]) -> list[tuple[str, str]]:
    """What people wrote in an event: its text fields (and its `details`'), named in words."""
    details = payload.get("details")
    fields = {**payload, **(details if isinstance(details, dict) else {})}
    return [
        (key.replace("_", " ").capitalize(), value.strip())
        for key, value in fields.items()
        if key not in _NOT_WRITTEN and isinstance(value, str) and value.strip()
    ]


def _subject_case(case: Case, *, confirmed: bool, person: Person, now: datetime) -> SubjectCase:
    policy = policy_of(case.policy_version)
    subject = Subject.objects.filter(case=case).first()
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("sequence"))
    records = FormRecord.objects.filter(case=case).order_by("created_at", "version", "pk")
    notices = CaseNotification.objects.filter(case=case).order_by("due_at", "pk")
    access = AccessLog.objects.filter(case=case).select_related("person").order_by("at", "pk")
    return SubjectCase(
        summary=case_summary(case, person=person, now=now),
        subject=SubjectDetails(
            kind=case.get_subject_kind_display(),
            name=subject.name if subject else "",
            date_of_birth=subject.date_of_birth if subject else None,
            address=subject.address if subject else "",
        ),
        decision_summary=case.decision_summary,
        outcome_sought=case.outcome_sought,
        confirmed=confirmed,
        events=[
            EventEntry(
                sequence=e.sequence,
                at=e.at,
                kind=e.kind,
                summary=e.summary,
                by=e.actor.full_name if e.actor else "Accord",
                written=_written(e.payload),
            )
            for e in events
        ],
        forms=[form_document(record, person=person, now=now) for record in records],
        notices=[
            NoticeEntry(n.due_at, n.summary, ", ".join(role_words(n.roles, policy)))
            for n in notices
        ],
        access=[AccessEntry(a.at, a.person.full_name, a.action) for a in access],
        payloads=[{"sequence": e.sequence, "kind": e.kind, "payload": e.payload} for e in events],
    )


def subject_access_export(
    request: SubjectAccessRequest, *, person: Person, now: datetime
) -> SubjectAccessExport:
    """Everything held about the request's subject, as `person` produces it `now` (the caller
    has checked they may, and logs the export in each case's access log)."""
    unconfirmed = set(request.unconfirmed.values_list("pk", flat=True))
    confirmed = set(request.cases.values_list("pk", flat=True))
    cases = (
        Case.objects.filter(pk__in=confirmed | unconfirmed)
        .select_related("partnership", "policy_version")
        .order_by("raised_at", "pk")
    )
    return SubjectAccessExport(
        reference=request.reference,
        partnership=request.partnership.name,
        requested_by=request.requested_by.full_name,
        requested_at=request.requested_at,
        produced_by=person.full_name,
        produced_at=now,
        cases=[
            _subject_case(case, confirmed=case.pk not in unconfirmed, person=person, now=now)
            for case in cases
        ],
    )

"""Asking for everything Accord holds about one child or adult (a subject access request)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext

from accord.accounts.actions import log_subject_access
from accord.accounts.models import Person
from accord.partnerships.models import Partnership

from ..models import SubjectAccessRequest
from ..subject_access import find_subject
from ._core import CaseActionRejected


@transaction.atomic
def request_subject_access(
    *, actor: Person, partnership: Partnership, name: str, date_of_birth: date, now: datetime
) -> SubjectAccessRequest:
    """Record `actor`'s request for everything held about the subject named `name`, born on
    `date_of_birth`, in `partnership`, with the cases it finds, and log it in the administration
    log. Refused unless `actor` administers the partnership."""
    if not name.split():
        raise CaseActionRejected(gettext("Enter the full name of the child or adult"))
    confirmed, unconfirmed = find_subject(partnership, name=name, date_of_birth=date_of_birth)
    request = SubjectAccessRequest.objects.create(
        partnership=partnership, requested_by=actor, requested_at=now
    )
    request.cases.set(confirmed)
    request.unconfirmed.set(unconfirmed)
    log_subject_access(
        actor=actor,
        partnership_id=partnership.pk,
        reference=request.reference,
        found=len(confirmed) + len(unconfirmed),
        now=now,
    )
    return request

"""Removing cases with their whole record, audit trail included.

The only way case events and access-log rows are ever deleted (the models refuse it): used by
the demo reset now, and by retention (with its own audit) later.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from accord.notifications.models import InAppNotification, OutboxMessage

from .models import AccessLog, Case, CaseEvent


@transaction.atomic
def purge_cases(cases: QuerySet[Case]) -> int:
    """Delete `cases` and everything recorded about them; returns how many cases went."""
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        return 0
    db = cases.db
    references = list(Case.objects.filter(pk__in=ids).values_list("reference", flat=True))
    InAppNotification.objects.filter(reference__in=references).delete()
    OutboxMessage.objects.filter(reference__in=references).delete()
    CaseEvent.objects.filter(case_id__in=ids)._raw_delete(db)
    AccessLog.objects.filter(case_id__in=ids)._raw_delete(db)
    deleted, _ = Case.objects.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0

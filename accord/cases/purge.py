"""Removing cases with their whole record, audit trail included.

The only way case events and access-log rows are ever deleted: the models refuse it, and the
database's triggers (`accord.cases.log_triggers`) refuse it for any case with no `PurgedCase`
row. So a purge first records each case it removes (reference, how many events, its head), in
the same transaction, then deletes. Used by the demo reset now, and by retention later.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connections, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from accord.notifications.models import InAppNotification, OutboxMessage

from .models import AccessLog, Case, CaseEvent, ChainHead, PurgedCase


@transaction.atomic
def purge_cases(cases: QuerySet[Case], *, reason: str, now: datetime | None = None) -> int:
    """Delete `cases` and everything recorded about them, leaving a `PurgedCase` record of each
    (`reason` says why: no personal data); returns how many cases went."""
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        return 0
    db = cases.db
    now = now or timezone.now()
    references = dict(Case.objects.filter(pk__in=ids).values_list("pk", "reference"))
    counts = dict(
        CaseEvent.objects.filter(case_id__in=ids)
        .values_list("case_id")
        .annotate(n=Count("pk"))
        .values_list("case_id", "n")
    )
    heads = {
        pk: (sequence, hash_)
        for pk, sequence, hash_ in ChainHead.objects.filter(case_id__in=ids).values_list(
            "case_id", "sequence", "hash"
        )
    }
    PurgedCase.objects.using(db).bulk_create(
        [
            PurgedCase(
                purged_at=now,
                reason=reason[:200],
                case_id=pk,
                case_reference=reference,
                events=counts.get(pk, 0),
                head_sequence=heads.get(pk, (0, ""))[0],
                head_hash=heads.get(pk, (0, ""))[1],
            )
            for pk, reference in sorted(references.items())
        ]
    )
    InAppNotification.objects.filter(reference__in=references.values()).delete()
    OutboxMessage.objects.filter(reference__in=references.values()).delete()
    with connections[db].cursor() as cursor:
        for model in (CaseEvent, AccessLog, ChainHead):
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} WHERE case_id IN ({marks})",  # noqa: S608
                    chunk,
                )
    deleted, _ = Case.objects.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0

"""Cases the sweep could not replay: recorded with their reason, skipped, and tried again.

One case whose history no longer replays (an edited row, a policy the engine now reads
differently) must never stop the alerts of every other case. The sweep records it here, goes on,
and tries it again at every later sweep until it replays; its partnership's administrators see
it on /manage/sweep/ and `tick --json` lists it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db.models import F, QuerySet

from accord.engine.lifecycle import EventRejected

from .chain import LogAltered
from .models import Case, SweepFailure

log = logging.getLogger(__name__)


def reason_of(error: Exception) -> str:
    """What went wrong, in words that name no person: the engine's own reason for a refused
    event, otherwise the kind of error (its text could quote a stored value)."""
    if isinstance(error, EventRejected | LogAltered):
        return error.message
    return f"{type(error).__name__} while replaying the case's events (see the server log)"


def record_failure(case: Case, error: Exception, *, now: datetime) -> str:
    """Record that the sweep could not replay `case` (one open row per case); its reason."""
    reason = reason_of(error)
    log.warning("sweep skipped case %s: %s", case.reference, reason)
    updated = SweepFailure.objects.filter(case=case, cleared_at__isnull=True).update(
        reason=reason, last_failed_at=now, attempts=F("attempts") + 1
    )
    if not updated:
        SweepFailure.objects.create(
            case=case, reason=reason, first_failed_at=now, last_failed_at=now
        )
    return reason


def clear_failures(case_ids: Iterable[int], *, now: datetime) -> int:
    """The cases of `case_ids` replayed again: their open failures are cleared."""
    ids = list(case_ids)
    if not ids:
        return 0
    return SweepFailure.objects.filter(case_id__in=ids, cleared_at__isnull=True).update(
        cleared_at=now
    )


def failing_case_ids() -> list[int]:
    """The cases whose last sweep failed: tried again by every sweep."""
    return list(
        SweepFailure.objects.filter(cleared_at__isnull=True)
        .order_by("case_id")
        .values_list("case_id", flat=True)
    )


def open_failures(partnership_ids: Iterable[int]) -> QuerySet[SweepFailure]:
    """The open failures of cases of `partnership_ids`, newest first, with their case."""
    return (
        SweepFailure.objects.filter(
            cleared_at__isnull=True, case__partnership_id__in=list(partnership_ids)
        )
        .select_related("case", "case__partnership")
        .order_by("-last_failed_at", "pk")
    )

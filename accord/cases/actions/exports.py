"""Recording an export of many cases in each case's access log (one insert for them all)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from accord.accounts.models import Person

from ..models import AccessLog


def log_cases_exported(
    *,
    person: Person,
    case_ids: Iterable[int],
    action: str,
    now: datetime,
    ip_address: str | None = None,
    user_agent: str = "",
) -> int:
    """Record that `person` exported the cases `case_ids` (`action` says how, e.g. "exported in
    the partnership's list (CSV)"): a row in each case's access log. Returns how many."""
    rows = [
        AccessLog(
            person=person,
            case_id=case_id,
            action=action[:50],
            at=now,
            ip_address=ip_address or None,
            user_agent=user_agent[:300],
        )
        for case_id in case_ids
    ]
    AccessLog.objects.bulk_create(rows, batch_size=500)
    return len(rows)

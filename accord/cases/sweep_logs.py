"""The sweep's checks of the cases' event logs (`accord.cases.chain`): every case's log once a
day, and the notice that tells a partnership's administrators of a broken one."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from accord.engine.london import london_date

from .chain import Break, verify
from .models import Case, SweepRun
from .models import NotificationKind as Kind
from .notices import CASE_TOPIC, Expected
from .notifying import Found


def first_check_today(now: datetime) -> str | None:
    """The London day of `now` when no sweep has checked every case's log on it yet (None when
    one has)."""
    today = london_date(now).isoformat()
    if SweepRun.objects.filter(report__logs_checked_on=today).exists():
        return None
    return today


def breaks_found(*, already: set[str]) -> dict[str, list[Break]]:
    """Every case's log verified, streaming: the breaks of the cases not `already` found, by
    reference."""
    broken: dict[str, list[Break]] = defaultdict(list)
    for item in verify():
        if item.reference not in already:
            broken[item.reference].append(item)
    return dict(broken)


def log_altered(case: Case, breaks: list[Break], *, now: datetime) -> Found:
    """The administrators' notice of a broken log: once per case and first broken event."""
    notice = Expected(
        topic=CASE_TOPIC,
        kind=Kind.LOG_ALTERED,
        number=breaks[0].sequence,
        trigger="the check of the case's event log",
        at=now,
        roles=("administrator",),
    )
    return case, [notice], {}

"""The sweep's checks of the cases' event logs (`accord.cases.chain`): every case's log in turn, a
bounded slice at each sweep, and the notice that tells a partnership's administrators of a
broken one."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.conf import settings

from .chain import Break, verify_in_turn
from .models import Case, SweepRun
from .models import NotificationKind as Kind
from .notices import CASE_TOPIC, Expected
from .notifying import Found


def checked_in_turn(*, now: datetime, already: set[str]) -> tuple[dict[str, list[Break]], int, int]:
    """This sweep's turn of the check of every case's log: the next
    `ACCORD_LOG_CHECKS_PER_SWEEP` cases after where the last sweep stopped (its report's
    `logs_checked_through`), so each tick's work is bounded and, a tick a minute, every case is
    checked at least once a day up to 1,440 times that many cases. The breaks found in cases not
    `already` found, by reference; how far this turn went; how many cases it checked."""
    last = (
        SweepRun.objects.filter(now__lte=now)
        .order_by("-now")
        .values_list("report__logs_checked_through", flat=True)
        .first()
    )
    found, through, checked = verify_in_turn(
        after=int(last or 0), count=settings.ACCORD_LOG_CHECKS_PER_SWEEP
    )
    broken: dict[str, list[Break]] = defaultdict(list)
    for item in found:
        if item.reference not in already:
            broken[item.reference].append(item)
    return dict(broken), through, checked


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

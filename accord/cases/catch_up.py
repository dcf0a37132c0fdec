"""What a catch-up tells: only what is true now (decision 21).

When a sweep has not run for a while (an outage, a long weekend, the first start), several alerts
of one deadline can fall due at once: due soon, then passed, then non-response, then reminders.
Each is recorded in the case's record (`CaseNotification`), but only the latest of a deadline is
told to anyone; the earlier ones are overtaken. "Due soon" for a deadline already reported
passed is stale, and so is a reminder followed by another.
"""

from __future__ import annotations

from collections.abc import Sequence

from .models import CaseNotification
from .models import NotificationKind as Kind
from .notices import Notice

# The alerts of one deadline (its topic), in the order they fall: a stage's own `due_soon` and
# `breached` rules fire with its due-soon and passed alerts.
_ORDER: dict[str, int] = {  # by the kind's value: a row's kind is read as it is stored
    Kind.DUE_SOON: 0,
    Kind.STAGE_DUE_SOON: 0,
    Kind.PASSED: 1,
    Kind.STAGE_BREACHED: 1,
    Kind.NON_RESPONSE: 2,
    Kind.NUDGE: 3,
    Kind.NUDGES_STOPPED: 4,
}


def _place(row: CaseNotification | Notice) -> tuple[int, int]:
    """Where an alert falls among its deadline's: reminders by their number."""
    return _ORDER[row.kind], row.number if row.kind == Kind.NUDGE else 0


def current[R: (CaseNotification, Notice)](rows: Sequence[R]) -> list[R]:
    """`rows` (recorded together) less the alerts overtaken by a later alert of the same
    deadline among them; everything that is not a deadline's alert is current."""
    latest: dict[tuple[int, str], tuple[int, int]] = {}
    for row in rows:
        if row.kind in _ORDER:
            key = (row.case_id, row.topic)
            latest[key] = max(latest.get(key, (-1, -1)), _place(row))
    return [
        row
        for row in rows
        if row.kind not in _ORDER or _place(row) >= latest[(row.case_id, row.topic)]
    ]

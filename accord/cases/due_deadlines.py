"""A deadline as the sweep reads it: the columns its alerts, their words and their "by when" need
(`DueDeadline`), not a model instance of all thirty.

A catch-up reads thousands of due deadlines; most of a `Deadline`'s columns (when its clock
started, how its due was set, its window) are never looked at by the sweep, and each instant
read costs a call in Python to load it. So the sweep reads the columns below as tuples
(`read_due`), fires their alerts (`sweep._fire`) and writes back what moved
(`deadline_alerts.save_alerts`, which reads the same attributes a `Deadline` has).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from django.db.models import QuerySet

from accord.engine.deadlines import UNFINISHED

from .models import Deadline
from .models.deadlines import due_of, next_alert


@dataclass(slots=True, eq=False)
class DueDeadline:
    """The columns of a `Deadline` the sweep reads, under the same names (`READ`)."""

    id: int
    case_id: int
    key: str
    label: str
    kind: str
    stage: int | None
    status: str
    due_on: date | None
    due_at: datetime | None
    nudge_within: int | None
    nudge_unit: str
    nudge_limit: int | None
    due_soon_alert_at: datetime | None
    passed_alert_at: datetime | None
    non_response_alert_at: datetime | None
    nudge_alert_at: datetime | None
    nudges_sent: int
    next_alert_at: datetime | None

    @property
    def due(self) -> date | datetime | None:
        """As `Deadline.due`."""
        return due_of(self)

    @property
    def is_open(self) -> bool:
        """As `Deadline.is_open`."""
        return self.status in UNFINISHED

    def set_next_alert(self) -> None:
        """As `Deadline.set_next_alert`."""
        self.next_alert_at = next_alert(self)


READ = tuple(f.name for f in fields(DueDeadline))  # the columns, in the order it takes them


def read_due(query: QuerySet[Deadline]) -> list[DueDeadline]:
    """The rows of `query` (of deadlines, locked as it says) as `DueDeadline`s."""
    return [DueDeadline(*values) for values in query.values_list(*READ)]

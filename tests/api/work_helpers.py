"""Tasks and planned meetings on a case, through the actions, for the API's tests to read and
act on."""

from __future__ import annotations

from datetime import datetime, timedelta

from accord.cases import actions
from accord.cases.models import Case
from tests.factories import holder


def with_work(case: Case, count: int, *, now: datetime) -> None:
    """`count` tasks, set by the raising side's holder for the receiving side's, and `count`
    meetings they plan (a month after `now`), chaired by the raising side's holder."""
    raising = holder(case, "raising")
    for n in range(count):
        actions.add_task(
            case=case, actor=raising, title=f"Task {n}", owner=holder(case),
            due_on=(now + timedelta(days=30)).date(), now=now,
        )  # fmt: skip
        case.refresh_from_db()
        actions.plan_meeting(
            case=case, actor=raising, starts_at=now + timedelta(days=30), chair=raising,
            attendees=[holder(case)], place="Room 2", now=now,
        )  # fmt: skip
        case.refresh_from_db()

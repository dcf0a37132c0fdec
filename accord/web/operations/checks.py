"""Whether the service is working, for machines (`/healthz/ready`), people (the status page) and
the metrics: the database answers, the task worker finished a task lately (its heartbeat), no
e-mail has waited too long, and the sweep ran lately. Each check is decided here, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q

from accord.cases.models import SweepRun
from accord.notifications.heartbeat import worker_last_seen
from accord.notifications.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class Check:
    name: str  # database | worker | outbox | sweep
    ok: bool
    detail: str  # in words, no personal data
    age_seconds: float | None = None  # how long ago the thing it watches last happened

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail, "age_seconds": self.age_seconds}


def _ago(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} seconds ago"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes ago"
    return f"{seconds / 3600:.1f} hours ago"


def _within(name: str, last: datetime | None, now: datetime, limit: int, what: str) -> Check:
    if last is None:
        return Check(name, False, f"{what}: never")
    age = max((now - last).total_seconds(), 0.0)
    ok = age <= limit
    return Check(name, ok, f"{what} {_ago(age)}" + ("" if ok else f" (more than {limit} s)"), age)


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False, "The database does not answer")
    return Check("database", True, "The database answers")


def outbox_figures(now: datetime) -> dict[str, Any]:
    """The outbox as the checks, the status page and the metrics count it, in one query: e-mails
    `pending`, `overdue` (pending and due by `now`), `failing` (pending after a failed attempt),
    `dead` (given up), and when the oldest overdue one was queued (`oldest_waiting`)."""
    pending = Q(status=OutboxStatus.PENDING)
    due = pending & Q(next_attempt_at__lte=now)
    found: dict[str, Any] = OutboxMessage.objects.aggregate(
        pending=Count("pk", filter=pending),
        overdue=Count("pk", filter=due),
        failing=Count("pk", filter=pending & Q(attempts__gt=0)),
        dead=Count("pk", filter=Q(status=OutboxStatus.DEAD)),
        oldest_waiting=Min("created_at", filter=due),
    )
    return found


@dataclass(frozen=True)
class Health:
    """Every check as of one instant, and the outbox's figures they were judged on (None when
    the database does not answer: then the database's is the only check)."""

    checks: list[Check]
    emails: dict[str, Any] | None


def readiness(now: datetime) -> Health:
    """Every check, as of `now`."""
    database = database_check()
    if not database.ok:
        return Health([database], None)
    emails = outbox_figures(now)
    waiting = emails["oldest_waiting"]
    last_sweep = SweepRun.objects.order_by("-now").values_list("now", flat=True).first()
    checks = [
        database,
        _within(
            "worker", worker_last_seen(), now, settings.ACCORD_HEALTH_WORKER_SILENT_SECONDS,
            "The task worker last finished a task",
        ),
        Check("outbox", True, "No e-mail is waiting to be sent", 0.0)
        if waiting is None
        else _within(
            "outbox", waiting, now, settings.ACCORD_HEALTH_OUTBOX_WAIT_SECONDS,
            "The oldest e-mail waiting to be sent was queued",
        ),
        _within(
            "sweep", last_sweep, now, settings.ACCORD_HEALTH_SWEEP_SILENT_SECONDS,
            "The alerts sweep last ran",
        ),
    ]  # fmt: skip
    return Health(checks, emails)

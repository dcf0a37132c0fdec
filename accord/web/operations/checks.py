"""Whether the service is working, for machines (`/healthz/ready`), people (the status page) and
the metrics: the database answers, the task worker finished a task lately (its heartbeat), no
e-mail has waited too long, and the sweep ran lately. Each check is decided here, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min

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


def oldest_waiting_email(now: datetime) -> datetime | None:
    """When the oldest e-mail still waiting to be sent (due by `now`) was queued."""
    found: datetime | None = OutboxMessage.objects.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).aggregate(oldest=Min("created_at"))["oldest"]
    return found


def readiness(now: datetime) -> list[Check]:
    """Every check, as of `now`; only the database's if the database does not answer."""
    database = database_check()
    if not database.ok:
        return [database]
    waiting = oldest_waiting_email(now)
    last_sweep = SweepRun.objects.order_by("-now").values_list("now", flat=True).first()
    return [
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

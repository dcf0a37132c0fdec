"""Whether the service is working, for machines (`/healthz/ready`), people (the status page) and
the metrics: the database answers, the task worker finished a task lately (its heartbeat), no
e-mail has waited too long, and the sweep ran lately. Each check is decided here, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.utils.translation import gettext, gettext_lazy

from accord.cases.models import SweepRun
from accord.notifications.heartbeat import worker_last_seen
from accord.notifications.models import OutboxMessage, OutboxStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Check:
    name: str  # database | worker | outbox | sweep
    ok: bool
    detail: str  # in words (the active language's), no personal data
    age_seconds: float | None = None  # how long ago the thing it watches last happened

    @property
    def label(self) -> StrOrPromise:
        """The check's name on the status page."""
        return LABELS[self.name]

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail, "age_seconds": self.age_seconds}


# What each check says, in whole sentences: when the thing it watches last happened, by unit.
_SAID: dict[str, dict[str, StrOrPromise]] = {
    "worker": {
        "never": gettext_lazy("The task worker last finished a task: never"),
        "seconds": gettext_lazy("The task worker last finished a task %(age)s seconds ago"),
        "minutes": gettext_lazy("The task worker last finished a task %(age)s minutes ago"),
        "hours": gettext_lazy("The task worker last finished a task %(age)s hours ago"),
    },
    "outbox": {
        "never": gettext_lazy("The oldest e-mail waiting to be sent was queued: never"),
        "seconds": gettext_lazy(
            "The oldest e-mail waiting to be sent was queued %(age)s seconds ago"
        ),
        "minutes": gettext_lazy(
            "The oldest e-mail waiting to be sent was queued %(age)s minutes ago"
        ),
        "hours": gettext_lazy("The oldest e-mail waiting to be sent was queued %(age)s hours ago"),
    },
    "sweep": {
        "never": gettext_lazy("The alerts sweep last ran: never"),
        "seconds": gettext_lazy("The alerts sweep last ran %(age)s seconds ago"),
        "minutes": gettext_lazy("The alerts sweep last ran %(age)s minutes ago"),
        "hours": gettext_lazy("The alerts sweep last ran %(age)s hours ago"),
    },
}
# The checks' names as the status page shows them.
LABELS = {
    "database": gettext_lazy("Database"),
    "worker": gettext_lazy("Worker"),
    "outbox": gettext_lazy("Outbox"),
    "sweep": gettext_lazy("Sweep"),
}


def _ago(name: str, seconds: float) -> str:
    said = _SAID[name]
    if seconds < 120:
        return str(said["seconds"]) % {"age": f"{seconds:.0f}"}
    if seconds < 7200:
        return str(said["minutes"]) % {"age": f"{seconds / 60:.0f}"}
    return str(said["hours"]) % {"age": f"{seconds / 3600:.1f}"}


def _within(name: str, last: datetime | None, now: datetime, limit: int) -> Check:
    if last is None:
        return Check(name, False, str(_SAID[name]["never"]))
    age = max((now - last).total_seconds(), 0.0)
    ok = age <= limit
    detail = _ago(name, age)
    if not ok:
        detail = gettext("%(detail)s (more than %(limit)s s)") % {"detail": detail, "limit": limit}
    return Check(name, ok, detail, age)


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False, gettext("The database does not answer"))
    return Check("database", True, gettext("The database answers"))


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
        _within("worker", worker_last_seen(), now, settings.ACCORD_HEALTH_WORKER_SILENT_SECONDS),
        Check("outbox", True, gettext("No e-mail is waiting to be sent"), 0.0)
        if waiting is None
        else _within("outbox", waiting, now, settings.ACCORD_HEALTH_OUTBOX_WAIT_SECONDS),
        _within("sweep", last_sweep, now, settings.ACCORD_HEALTH_SWEEP_SILENT_SECONDS),
    ]
    return Health(checks, emails)

"""The figures of the service's status page (site administrators): the health checks, the last
sweeps, the e-mails waiting and given up, the delivery tasks, the event logs' checking, the
database's size and the version running. Reads only; nothing here names a person or a case."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django_tasks_db.models import DBTaskResult, get_date_max

from accord.cases.models import SweepFailure, SweepRun
from accord.notifications.worker import READY, RUNNING, lost_tasks

from .checks import Check, readiness


@dataclass(frozen=True)
class Status:
    checks: list[Check]
    version: str
    database: str  # "PostgreSQL, 1.2 GB"
    sweeps: list[dict[str, Any]]  # the last sweeps' reports, newest first
    failing_cases: int  # cases the sweep skips (their replay or log fails)
    emails: dict[str, Any]  # pending, overdue, failing, dead, oldest_waiting
    tasks: dict[str, int]  # ready, overdue, running, stale
    logs_checked_through: int  # the last case id the sweeps' log checks reached


def running_version() -> str:
    """The release (ACCORD_RELEASE, set by the deployment) or the installed package's version."""
    try:
        installed = version("accord")
    except PackageNotFoundError:
        installed = "unknown"
    return os.environ.get("ACCORD_RELEASE", "") or installed


def _size(amount: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1024 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1024
    raise AssertionError("unreachable")


def database_size() -> str:
    """The database's kind and size on disk."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            (size,) = cursor.fetchone()
            return f"PostgreSQL, {_size(size)}"
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA page_size")
        (page_size,) = cursor.fetchone()
        return f"{connection.vendor.capitalize()}, {_size(pages * page_size)}"


def _tasks(now: datetime) -> dict[str, int]:
    """Tasks waiting for the worker (and those waiting too long), running, and delivery tasks
    whose worker was lost (`worker.lost_tasks`: the sweep queues their e-mails again)."""
    late = now - timedelta(seconds=settings.ACCORD_HEALTH_WORKER_SILENT_SECONDS)
    ready = Q(status=READY)
    found: dict[str, int] = DBTaskResult.objects.aggregate(
        ready=Count("pk", filter=ready),
        overdue=Count("pk", filter=ready & Q(enqueued_at__lte=late)
                      & (Q(run_after=get_date_max()) | Q(run_after__lte=late))),
        running=Count("pk", filter=Q(status=RUNNING)),
    )  # fmt: skip
    found["stale"] = lost_tasks(now).count()
    return found


def service_status(now: datetime) -> Status:
    sweeps = [
        {**report, "at": at}
        for at, report in SweepRun.objects.order_by("-now").values_list("now", "report")[:10]
    ]
    health = readiness(now)
    assert health.emails is not None  # the page itself has read the database
    return Status(
        checks=health.checks,
        version=running_version(),
        database=database_size(),
        sweeps=sweeps,
        failing_cases=SweepFailure.objects.filter(cleared_at__isnull=True).count(),
        emails=health.emails,
        tasks=_tasks(now),
        logs_checked_through=next(
            (s.get("logs_checked_through", 0) for s in sweeps if s.get("logs_checked")), 0
        ),
    )

"""The task worker's heartbeat: each sweep leaves a `heartbeat` task for the worker (unless one is
still waiting), so even with nothing to deliver the worker finishes a task a minute, and the time
it last finished one says whether it is running (`worker_last_seen`, asked by `/healthz/ready` and
the status page)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from .worker import READY


@task()
def heartbeat() -> None:
    """Nothing to do: finishing is the beat."""


def beat() -> bool:
    """Leave a heartbeat for the worker unless one is already waiting; whether one was left."""
    if DBTaskResult.objects.filter(task_path=heartbeat.module_path, status=READY).exists():
        return False
    heartbeat.enqueue()
    return True


def worker_last_seen() -> datetime | None:
    """When the worker last finished a task (any task), or None if it never has."""
    found: datetime | None = DBTaskResult.objects.aggregate(last=Max("finished_at"))["last"]
    return found

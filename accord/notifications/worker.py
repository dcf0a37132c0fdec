"""The delivery tasks' rows (django-tasks-db's `DBTaskResult`): which are live, and the rows a
killed worker left RUNNING.

A worker killed mid-task (SIGKILL, the machine lost) never finishes its row: it stays RUNNING
for ever. A row RUNNING for longer than `ACCORD_TASK_STALE_AFTER_SECONDS` is taken as lost: the
sweep marks it failed, so its e-mails have no live task and `outbox.requeue_stuck` queues them
again once they are overdue. The outbox's claim (the attempt counted and committed before
sending) keeps a message the lost worker had claimed from being sent twice by the retry.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django_tasks_db.models import DBTaskResult

from .tasks import send_outbox, send_webhooks

log = logging.getLogger(__name__)
RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"
LOST = "accord.notifications.worker.WorkerLost"  # the failure recorded on a lost task's row
DELIVERING = (send_outbox.module_path, send_webhooks.module_path)  # e-mails, webhook posts


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.ACCORD_TASK_STALE_AFTER_SECONDS)


def live_message_ids(now: datetime, *, webhooks: bool = False) -> set[int]:
    """The e-mails (or, with `webhooks`, the webhook deliveries) a delivery task will still
    try: those of READY rows (due or not) and of rows RUNNING since less than the stale
    interval."""
    path = (send_webhooks if webhooks else send_outbox).module_path
    live = DBTaskResult.objects.filter(task_path=path).filter(
        Q(status=READY) | Q(status=RUNNING, started_at__gte=_stale_before(now))
    )
    ids: set[int] = set()
    for args_kwargs in live.values_list("args_kwargs", flat=True).iterator():
        ids.update(int(pk) for pk in args_kwargs["args"][0])
    return ids


def lost_tasks(now: datetime) -> QuerySet[DBTaskResult[Any, Any]]:
    """The delivery tasks (e-mails and webhook posts) RUNNING since before the stale
    interval: their worker is gone."""
    return DBTaskResult.objects.filter(
        task_path__in=DELIVERING, status=RUNNING, started_at__lt=_stale_before(now)
    )


def recover_lost_tasks(*, now: datetime) -> int:
    """Mark failed the delivery tasks whose worker is gone (`lost_tasks`); their e-mails are
    queued again by `requeue_stuck`. Returns how many rows."""
    lost = lost_tasks(now).update(
        status=FAILED,
        finished_at=now,
        exception_class_path=LOST,
        traceback=f"No worker finished it within {settings.ACCORD_TASK_STALE_AFTER_SECONDS} s.",
    )
    if lost:
        log.warning("%d delivery tasks lost their worker: marked failed, e-mails re-queued", lost)
    return lost

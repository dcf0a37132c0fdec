"""The background task that delivers outbox e-mails (run by `db_worker`, django-tasks-db)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from .delivery import deliver


@task()
def send_outbox(message_ids: list[int]) -> dict[str, object]:
    """Deliver the outbox e-mails `message_ids` that are due; failures are re-enqueued."""
    now = timezone.now()  # a task is an edge: the clock is read here, once
    return deliver(message_ids=message_ids, now=now).as_dict()


@task()
def send_webhooks(delivery_ids: list[int]) -> dict[str, object]:
    """Post the webhook deliveries `delivery_ids` that are due; failures are re-enqueued."""
    from .webhooks import deliver_webhooks  # webhooks imports this module to enqueue

    now = timezone.now()
    return deliver_webhooks(delivery_ids=delivery_ids, now=now).as_dict()

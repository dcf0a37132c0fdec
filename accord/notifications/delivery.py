"""Sending outbox e-mails: claim, send, mark sent; back off and retry on failure, then give up.

Failures are retried with a doubling back-off capped at `ACCORD_OUTBOX_MAX_BACKOFF_SECONDS`, for
`ACCORD_OUTBOX_GIVE_UP_AFTER_HOURS` from its first attempt (since it was last queued again, so a
worker that was down does not eat the window): the first failure after that window gives it up
(`gives_up`, the one rule). `accord.notifications.outages`
queues given-up messages again once the mail server answers, and tells the administrators.

A message is claimed by counting the attempt and moving `next_attempt_at` on (committed before
sending), so a worker that dies mid-send leaves it to be retried after the back-off, never lost.
A crash after the SMTP server accepted a message but before `mark_sent` commits means it is sent
again: the at-least-once case, with the same Message-ID, which mail clients show once.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import OutboxMessage, OutboxStatus, WebhookDelivery

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    retry_at: datetime | None = None

    def as_dict(self) -> dict[str, object]:
        retry = self.retry_at.isoformat() if self.retry_at else None
        return {"sent": self.sent, "failed": self.failed, "dead": self.dead, "retry_at": retry}


def enqueue_batches(
    task: Any, ids: Iterable[int], *, per_task: int, run_after: datetime | None = None
) -> None:
    """Enqueue `task` (sending e-mails, or posting webhooks) for `ids` (each once, in order),
    `per_task` to a task, not before `run_after` when given.

    The tasks are rows written in the caller's transaction, with what they deliver (the
    transactional outbox): the worker sees a task only once its e-mails or deliveries have
    committed, a rollback takes the task with them, and a write is one commit, not a second
    transaction after it to add the task (decision 23)."""
    chosen = task if run_after is None else task.using(run_after=run_after)
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), per_task):
        chosen.enqueue(ordered[start : start + per_task])


def backoff(attempts: int) -> timedelta:
    """How long to wait after attempt number `attempts` (1, 2, ...): doubling, capped."""
    cap = int(settings.ACCORD_OUTBOX_MAX_BACKOFF_SECONDS)
    doublings = min(max(attempts - 1, 0), cap.bit_length())  # no huge powers past the cap
    return timedelta(seconds=min(int(settings.ACCORD_OUTBOX_BACKOFF_SECONDS) * 2**doublings, cap))


def gives_up(message: OutboxMessage | WebhookDelivery, *, now: datetime) -> bool:
    """Whether a failed attempt at `now` is the last: the retry window, from the first attempt
    (since the message was last queued again), has passed."""
    window = timedelta(hours=settings.ACCORD_OUTBOX_GIVE_UP_AFTER_HOURS)
    return now >= (message.first_attempt_at or now).astimezone(UTC) + window  # real hours


def deliver(*, message_ids: Sequence[int], now: datetime) -> DeliveryReport:
    """Send each pending message of `message_ids` that is due by `now`; re-enqueue failures."""
    report = DeliveryReport()
    waiting: list[int] = []
    connection = mailers.default
    try:
        for pk in message_ids:
            message = claim(pk, now=now)
            if message is None:
                continue  # sent, dead, claimed by another worker, or not due yet
            try:
                send(message, connection=connection)
            except (smtplib.SMTPException, OSError) as error:
                _close(connection)  # the next message starts a fresh connection
                if failed(message, error=error, now=now):
                    report.dead += 1
                else:
                    report.failed += 1
                    waiting.append(message.pk)
                    retry = message.next_attempt_at
                    report.retry_at = min(report.retry_at or retry, retry)
                continue
            mark_sent(message, now=now)
            report.sent += 1
    finally:
        _close(connection)
    if waiting and report.retry_at is not None:
        from .outbox import enqueue

        enqueue(waiting, run_after=report.retry_at)
    return report


def claim(pk: int, *, now: datetime) -> OutboxMessage | None:
    """Take a due, pending message for one attempt (committed before anything is sent)."""
    return claim_row(OutboxMessage, pk, now=now)


def claim_row[M: (OutboxMessage, WebhookDelivery)](
    model: type[M], pk: int, *, now: datetime
) -> M | None:
    """Take a due, pending row of `model` (an e-mail, or a webhook delivery) for one attempt:
    its attempt counted and its next one moved on by the back-off, committed before anything
    is sent."""
    with transaction.atomic():
        message = (
            model.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + backoff(message.attempts)
        message.first_attempt_at = message.first_attempt_at or now
        message.save(update_fields=["attempts", "next_attempt_at", "first_attempt_at"])
    return message


def send(message: OutboxMessage, *, connection: BaseEmailBackend) -> None:
    """Hand one message to the mail server, under its own Message-ID."""
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        headers={"Message-ID": message.message_id},
    )
    connection.send_messages([email])


def _close(connection: BaseEmailBackend) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def mark_sent(message: OutboxMessage, *, now: datetime) -> None:
    """Record that the mail server accepted `message`."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=now, last_error=""
    )
    log.info("outbox e-mail %s sent (attempt %d)", message.pk, message.attempts)


def failed(message: OutboxMessage, *, error: Exception, now: datetime) -> bool:
    """Record a failed attempt; True when it was the last one allowed (the message is dead)."""
    # The error's class and SMTP code only: server replies can echo addresses back.
    reason = type(error).__name__
    code = getattr(error, "smtp_code", None)
    if code:
        reason = f"{reason} {code}"
    dead = gives_up(message, now=now)
    status = OutboxStatus.DEAD if dead else OutboxStatus.PENDING
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, last_error=reason, dead_at=now if dead else None
    )
    log.warning(
        "outbox e-mail %s not sent (attempt %d): %s%s",
        message.pk,
        message.attempts,
        reason,
        "; given up" if dead else "",
    )
    return dead

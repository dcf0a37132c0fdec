"""Posting webhook deliveries to agencies' systems, signed as Standard Webhooks signs, with the
outbox's claim, back-off and retry window (decision 32).

Each post carries `webhook-id` (the delivery's, the same on every attempt), `webhook-timestamp`
(the attempt's, in Unix seconds) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256, keyed
with the endpoint's secret (the base64 after `whsec_`), of `{id}.{timestamp}.{body}`; for
`ROTATION_GRACE` after the secret is rotated, a second such signature with the previous secret,
separated by a space (`signing_secrets`). A 2xx answer
delivers it; anything else (another status, a redirect, no answer within
`ACCORD_WEBHOOK_TIMEOUT_SECONDS`) is a failed attempt, retried after `delivery.backoff` until
`delivery.gives_up`, as an e-mail is. Every attempt is recorded (`WebhookAttempt`) with the
status and the error's kind in words; the receiver's reply is never kept or logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from .delivery import DeliveryReport, backoff, claim_row, enqueue_batches, gives_up
from .models import OutboxStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of every secret, not one
TASK_BATCH = 20  # webhook deliveries per task: each may wait a timeout
# After a rotation, how long posts are signed with the previous secret too: a day for the
# system's keepers to install the new one (Standard Webhooks' several signatures).
ROTATION_GRACE = timedelta(hours=24)


def new_secret() -> str:
    """A signing secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks' form)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, *, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header's value for one post: `v1,` and the base64 HMAC-SHA256 of
    `{id}.{timestamp}.{body}` keyed with the secret's bytes."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signing_secrets(endpoint: WebhookEndpoint, *, at: datetime) -> list[str]:
    """The secrets a post to `endpoint` at `at` is signed with: its own, and within
    `ROTATION_GRACE` of a rotation the one it replaced."""
    secrets = [endpoint.secret]
    until = endpoint.previous_secret_until
    if endpoint.previous_secret and until is not None and at < until:
        secrets.append(endpoint.previous_secret)
    return secrets


def headers(delivery: WebhookDelivery, *, secrets: Sequence[str], at: datetime) -> dict[str, str]:
    """The headers of one attempt at `at`: one signature for each of `secrets`, space-separated
    (the newest first)."""
    timestamp = int(at.timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": "Accord-Webhooks/1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(
                secret, message_id=delivery.message_id, timestamp=timestamp, body=delivery.body
            )
            for secret in secrets
        ),
    }


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is not a delivery: it is answered as the status it is (and retried)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@cache
def _opener() -> urllib.request.OpenerDirector:
    """The opener posts go through, built at the first post: building it loads the system's
    certificates (about 30 ms), which a process that posts nothing (`accord tick`) need not pay."""
    return urllib.request.build_opener(_NoRedirects)


def post(
    delivery: WebhookDelivery, *, secrets: Sequence[str], url: str, at: datetime
) -> tuple[int | None, str]:
    """Post `delivery` to `url`: the HTTP status answered (None when none was) and, unless it
    was a 2xx, what went wrong in words (the kind of error, never the reply)."""
    request = urllib.request.Request(  # noqa: S310 - the URL is validated https (or local) when registered
        url,
        data=delivery.body.encode(),
        headers=headers(delivery, secrets=secrets, at=at),
        method="POST",
    )
    timeout = settings.ACCORD_WEBHOOK_TIMEOUT_SECONDS
    try:
        with _opener().open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code), f"The system answered {error.code}"
    except TimeoutError:
        return None, f"No answer within {timeout} seconds"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return None, f"Could not connect ({type(reason).__name__})"
    if 200 <= status < 300:
        return status, ""
    return status, f"The system answered {status}"


def deliver_webhooks(*, delivery_ids: Sequence[int], now: datetime) -> DeliveryReport:
    """Post each pending delivery of `delivery_ids` that is due by `now`; re-enqueue failures."""
    report = DeliveryReport()
    waiting: list[int] = []
    for pk in delivery_ids:
        delivery = claim_row(WebhookDelivery, pk, now=now)
        if delivery is None:
            continue  # sent, given up, claimed by another worker, or not due yet
        endpoint = delivery.endpoint
        if not endpoint.active:
            _finish(delivery, now=now, status=None, error="The endpoint was deactivated", dead=True)
            report.dead += 1
            continue
        started = time.monotonic()
        secrets = signing_secrets(endpoint, at=now)
        status, error = post(delivery, secrets=secrets, url=endpoint.url, at=now)
        took = int((time.monotonic() - started) * 1000)
        if not error:
            _finish(delivery, now=now, status=status, error="", milliseconds=took)
            report.sent += 1
            continue
        dead = gives_up(delivery, now=now)
        _finish(delivery, now=now, status=status, error=error, dead=dead, milliseconds=took)
        if dead:
            report.dead += 1
        else:
            report.failed += 1
            waiting.append(delivery.pk)
            retry = delivery.next_attempt_at
            report.retry_at = min(report.retry_at or retry, retry)
    if waiting and report.retry_at is not None:
        enqueue(waiting, run_after=report.retry_at)
    return report


def _finish(
    delivery: WebhookDelivery,
    *,
    now: datetime,
    status: int | None,
    error: str,
    dead: bool = False,
    milliseconds: int = 0,
) -> None:
    """Record one attempt, and the delivery sent, waiting for its next attempt, or given up."""
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, at=now, status_code=status, error=error, milliseconds=milliseconds
        )
        if not error:
            changes: dict[str, Any] = {
                "status": OutboxStatus.SENT,
                "sent_at": now,
                "last_error": "",
            }
        else:
            changes = {
                "status": OutboxStatus.DEAD if dead else OutboxStatus.PENDING,
                "last_error": error,
                "dead_at": now if dead else None,
            }
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**changes)
    log.log(
        logging.INFO if not error else logging.WARNING,
        "webhook delivery %s attempt %d: %s%s",
        delivery.pk,
        delivery.attempts,
        status if status is not None else "no answer",
        "; given up" if dead else "",
    )


def enqueue(delivery_ids: Iterable[int], *, run_after: datetime | None = None) -> None:
    """Ask the task worker to post these deliveries once the caller's transaction commits
    (`delivery.enqueue_batches`), TASK_BATCH to a task."""
    from .tasks import send_webhooks  # the task module imports this one

    enqueue_batches(send_webhooks, delivery_ids, per_task=TASK_BATCH, run_after=run_after)


def send_again(deliveries: QuerySet[WebhookDelivery], *, now: datetime) -> int:
    """Queue `deliveries` again (given up, or waiting) with a new retry window from `now`, as
    `outbox.send_again` does for e-mails. Returns how many."""
    ids = list(deliveries.exclude(status=OutboxStatus.SENT).values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        first_attempt_at=None,
        dead_at=None,
        revived_at=now,
    )
    enqueue(ids)
    return len(ids)


def requeue_stuck(*, now: datetime) -> int:
    """Enqueue again every pending delivery that has waited past its time by more than
    `ACCORD_OUTBOX_STUCK_AFTER_SECONDS` and that no live task holds, as `outbox.requeue_stuck`
    does for e-mails (the tick runs both)."""
    from .worker import live_message_ids  # the worker module imports the task module

    limit = now - timedelta(seconds=settings.ACCORD_OUTBOX_STUCK_AFTER_SECONDS)
    live = live_message_ids(now, webhooks=True)
    stuck = WebhookDelivery.objects.filter(
        status=OutboxStatus.PENDING, next_attempt_at__lte=limit
    ).order_by("next_attempt_at", "pk")
    ids = [pk for pk in stuck.values_list("pk", flat=True) if pk not in live]
    if ids:
        log.info("re-queueing %d webhook deliveries that waited too long", len(ids))
        enqueue(ids)
    return len(ids)


__all__ = [
    "backoff",
    "deliver_webhooks",
    "new_secret",
    "send_again",
    "signature",
    "signing_secrets",
]

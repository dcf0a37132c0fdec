"""Webhooks through the real task worker (`db_worker --batch`) with real commits: the action
enqueues the delivery's task on commit; the worker posts it to a real HTTP server on 127.0.0.1,
which answers 500; the task comes back after the outbox's back-off and the second post is
delivered. Runs on SQLite, and on PostgreSQL when DATABASE_URL names one."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accord.accounts.models import AgencyKind
from accord.cases.webhooks import register_endpoint
from accord.notifications.models import WebhookAttempt, WebhookDelivery
from accord.notifications.tasks import send_webhooks

from .walking import Walker, london, partnership_for
from .webhook_receiver import receiving

pytestmark = pytest.mark.django_db(transaction=True)

START = london("2027-03-22")  # a Monday, 10:00 London


def tasks() -> Any:
    return DBTaskResult.objects.filter(task_path=send_webhooks.module_path)


def worker(at: datetime) -> None:
    """The task worker, as of `at`, runs every task that is due and stops."""
    with time_machine.travel(at, tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


def test_the_worker_posts_retries_after_the_back_off_and_delivers() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    with receiving() as receiver:
        register_endpoint(
            actor=walker.demo.staff["administrator"],
            partnership=walker.demo.partnership,
            agency=walker.demo.agencies[AgencyKind.SOCIAL_CARE].agency,
            name="Case system",
            url=receiver.url(),
            events=["case.raised"],
            now=START,
        )
        with time_machine.travel(START, tick=False):
            case = walker.raise_case(START)
        assert tasks().count() == 1  # enqueued when the raise committed
        receiver.answers = [500]
        worker(START + timedelta(seconds=1))
        assert [p.path for p in receiver.posts] == ["/hook"]
        worker(START + timedelta(seconds=30))  # before the back-off: nothing
        assert len(receiver.posts) == 1
        worker(START + timedelta(seconds=62))
        assert len(receiver.posts) == 2
    delivery = WebhookDelivery.objects.get()
    assert (delivery.reference, delivery.status, delivery.attempts) == (case.reference, "sent", 2)
    statuses = WebhookAttempt.objects.order_by("at").values_list("status_code", flat=True)
    assert list(statuses) == [500, 204]

"""Chaos: the mail server down for three days, and a worker killed mid-batch, with the real sweep
(`tick`), the real task worker (`db_worker --batch`) and a real SMTP server on 127.0.0.1 that
refuses connections (stopped) and then accepts them. Every e-mail must arrive exactly once,
counted by Message-ID, and the administrators must be told. Runs on SQLite, and on PostgreSQL
when DATABASE_URL names one."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.accounts.models import PartnershipRoleKind
from accord.cases.sweep import tick
from accord.notifications import delivery
from accord.notifications.models import InAppNotification, OutboxMessage, OutboxStatus
from accord.notifications.outages import GIVEN_UP, REVIVED
from accord.notifications.tasks import send_outbox

from .conftest import SmtpServer, _free_port
from .walking import Walker, london, partnership_for

# Real commits: the actions enqueue on commit and the worker opens its own transactions.
pytestmark = pytest.mark.django_db(transaction=True)

START = london("2027-03-22")  # a Monday, 10:00 London
CASES = 3  # each raised urgent at stage 2: four people told at once, by e-mail


def delivery_tasks() -> Any:
    """The delivery tasks' rows (not the worker's heartbeats, one left by each sweep)."""
    return DBTaskResult.objects.filter(task_path=send_outbox.module_path)


def worker(at: datetime) -> None:
    """The task worker, as of `at`, runs every task that is due and stops."""
    with time_machine.travel(at, tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


def ticks(at: datetime) -> dict[str, int]:
    with time_machine.travel(at, tick=False):
        report = tick(now=at)
    return {k: v for k, v in report.items() if isinstance(v, int)}


def raise_cases(walker: Walker, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        for n in range(CASES):
            walker.raise_case(at + timedelta(minutes=n), stage=2, urgent=True)


def delivered_once(smtp_server: SmtpServer) -> Counter[str]:
    """How many times the server received each stored message's Message-ID."""
    received = Counter(smtp_server.message_ids())
    stored = list(OutboxMessage.objects.values_list("message_id", flat=True))
    assert set(received) == set(stored)
    return received


def test_three_days_without_a_mail_server(smtp_server: SmtpServer, settings: object) -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    admin = demo.staff[PartnershipRoleKind.ADMINISTRATOR]
    smtp_server.stop()  # connections refused from the start
    raise_cases(Walker(demo), START)
    queued = OutboxMessage.objects.count()
    assert queued == 4 * CASES

    at, step, hours = START, timedelta(hours=1), 0
    tasks_seen = []
    while at < START + timedelta(hours=75):  # down for three days and three hours
        at += step
        hours += 1
        ticks(at)
        worker(at)
        tasks_seen.append(delivery_tasks().exclude(status="SUCCESSFUL").count())
    assert smtp_server.messages == []
    given_up = OutboxMessage.objects.filter(status=OutboxStatus.DEAD)
    assert given_up.count() == queued  # every e-mail retried for 72 hours, then given up
    attempts = set(given_up.values_list("attempts", flat=True))
    assert min(attempts) >= 72  # hourly at most, once the back-off reached its cap
    for message in given_up:
        assert message.first_attempt_at is not None
        assert message.dead_at is not None
        assert message.dead_at - message.first_attempt_at >= timedelta(hours=72)
    told = InAppNotification.objects.filter(person=admin, kind=GIVEN_UP)
    assert told.count() == 1  # once, however many ticks saw them given up
    assert max(tasks_seen) <= queued  # the sweep never piled up tasks

    smtp_server.start()  # the mail server is back
    for _ in range(3):
        at += step
        ticks(at)
        worker(at)
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
    received = delivered_once(smtp_server)
    assert set(received.values()) == {1}  # exactly once each, by Message-ID
    assert InAppNotification.objects.filter(person=admin, kind=REVIVED).count() == 1
    # The administrator's own e-mails (given up, sent again) were among those delivered.
    assert OutboxMessage.objects.filter(person=admin).count() == 2
    assert len(received) == queued + 2
    assert set(OutboxMessage.objects.values_list("revived_at", flat=True)) != {None}


def test_a_worker_killed_mid_batch(smtp_server: SmtpServer) -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    raise_cases(Walker(demo), START)
    task = delivery_tasks().order_by("enqueued_at").first()
    assert task is not None
    assert task.status == "READY"
    ids = task.args_kwargs["args"][0]
    assert len(ids) == 4

    # The worker takes the task, sends two e-mails, claims a third and is killed (SIGKILL): its
    # row stays RUNNING, the third e-mail is claimed and not sent, the fourth untouched.
    killed_at = START + timedelta(seconds=5)
    with time_machine.travel(killed_at, tick=False):
        task.claim("killed-worker")
    delivery.deliver(message_ids=ids[:2], now=killed_at)
    assert delivery.claim(ids[2], now=killed_at) is not None
    assert len(smtp_server.messages) == 2

    # Until the row is stale, its e-mails are the lost worker's: nothing re-queued or re-sent.
    for minutes in (5, 10, 20):
        at = killed_at + timedelta(minutes=minutes)
        assert ticks(at)["tasks_lost"] == 0
        worker(at)
    assert len(smtp_server.messages) == 4 * (CASES - 1) + 2  # the other tasks ran
    assert delivery_tasks().filter(status="RUNNING").count() == 1

    at = killed_at + timedelta(minutes=31)  # past ACCORD_TASK_STALE_AFTER_SECONDS (30 minutes)
    report = ticks(at)
    assert (report["tasks_lost"], report["emails_requeued"]) == (1, 2)
    assert ticks(at + timedelta(minutes=1))["emails_requeued"] == 0  # no second task
    worker(at + timedelta(minutes=1))
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
    received = delivered_once(smtp_server)
    assert len(received) == 4 * CASES
    assert set(received.values()) == {1}  # exactly once each, the claimed one too
    assert delivery_tasks().get(pk=task.pk).status == "FAILED"


def test_ticks_with_the_worker_stopped_queue_each_email_once(smtp_server: SmtpServer) -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    raise_cases(Walker(demo), START)
    assert delivery_tasks().count() == CASES  # one task per action, enqueued on commit
    delivery_tasks().filter(pk=delivery_tasks().order_by("enqueued_at")[0].pk).delete()

    at = START
    requeued = []
    for _ in range(48):  # four hours of ticks every five minutes, and no worker
        at += timedelta(minutes=5)
        requeued.append(ticks(at)["emails_requeued"])
    assert sum(requeued) == 4  # the lost task's four e-mails, once
    assert delivery_tasks().count() == CASES
    worker(at)
    received = delivered_once(smtp_server)
    assert len(received) == 4 * CASES
    assert set(received.values()) == {1}


class SlowSmtp(SmtpServer):
    """An SMTP server that takes `delay` seconds to accept each message's data."""

    delay = 1.5
    receiving: threading.Event

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.messages:
            self.receiving.set()  # a second message is on its way in
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="the worker process needs a server database"
)
def test_a_real_worker_killed_with_sigkill(settings: Any) -> None:
    """A real `db_worker` process sends to a slow SMTP server and is killed (SIGKILL) while the
    second e-mail of its batch is in flight; the sweep recovers its task after the stale interval
    and every e-mail arrives exactly once."""
    server = SlowSmtp(port=_free_port())
    server.receiving = threading.Event()
    server.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
            }
        }
        demo = partnership_for("blackburn-with-darwen.toml")
        Walker(demo).raise_case(timezone.now(), stage=2, urgent=True)
        assert delivery_tasks().count() == 1
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        )
        env = os.environ | {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "accord.config.settings.test",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
        }
        worker_process = subprocess.Popen(
            [sys.executable, "-m", "django", "db_worker", "--no-startup-delay", "--no-reload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert server.receiving.wait(timeout=90)
        finally:
            worker_process.send_signal(signal.SIGKILL)
            worker_process.wait(timeout=10)
        assert len(server.messages) == 1
        assert delivery_tasks().get().status == "RUNNING"  # for ever, without the sweep

        server.delay = 0
        later = timezone.now() + timedelta(minutes=31)
        assert ticks(later)["tasks_lost"] == 1
        worker(later + timedelta(minutes=5))  # past the claimed e-mail's back-off
        assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
        received = delivered_once(server)
        assert len(received) == 4
        assert set(received.values()) == {1}
    finally:
        server.stop()

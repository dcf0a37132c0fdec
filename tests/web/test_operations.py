"""Running the service: `/healthz/ready` says whether the worker, the outbox and the sweep are
working, the status page shows it to site administrators, every response and log line carries a
request id, and `/metrics` gives Prometheus the same figures (only with its token)."""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.cases.sweep import tick
from accord.notifications.heartbeat import beat, heartbeat, worker_last_seen
from accord.notifications.models import OutboxMessage, OutboxStatus
from accord.web.operations.request_ids import HEADER, WithRequestId
from tests.access.helpers import signed_in
from tests.factories import OpenCaseFactory, PartnershipRoleFactory, PersonFactory

pytestmark = pytest.mark.django_db
READY = "/healthz/ready"


# The worker commits and closes its connections, as it does running for real: the tests that run
# it commit too.
WITH_WORKER = pytest.mark.django_db(transaction=True)


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


@WITH_WORKER
def test_a_sweep_leaves_one_heartbeat_and_the_worker_beats() -> None:
    assert worker_last_seen() is None
    assert beat() is True
    assert beat() is False  # one waits already: no pile of heartbeats with the worker stopped
    assert DBTaskResult.objects.filter(task_path=heartbeat.module_path).count() == 1
    _worker()
    assert worker_last_seen() is not None
    assert beat() is True


@WITH_WORKER
def test_readiness_fails_until_the_sweep_and_the_worker_have_run() -> None:
    answer = Client().get(READY)
    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert checks["database"]["ok"]
    assert not checks["worker"]["ok"]
    assert not checks["sweep"]["ok"]
    tick(now=timezone.now())
    _worker()
    answer = Client().get(READY)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "ok"


@WITH_WORKER
def test_an_email_waiting_too_long_fails_the_outbox_check() -> None:
    tick(now=timezone.now())
    _worker()
    OpenCaseFactory(now=timezone.now())  # its e-mails are queued; no worker runs now
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        checks = Client().get(READY).json()["checks"]
    assert not checks["outbox"]["ok"]
    assert (
        "The oldest e-mail waiting to be sent was queued 20 minutes ago"
        in (checks["outbox"]["detail"])
    )


def test_each_response_and_log_line_has_a_request_id() -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    keeper = Keep()
    keeper.addFilter(WithRequestId())
    logger = logging.getLogger("accord.web.views.health")
    logger.addHandler(keeper)
    try:
        answer = Client().get(READY)  # fails (nothing has run): logs a warning
    finally:
        logger.removeHandler(keeper)
    made = answer.headers[HEADER]
    assert len(made) == 32
    assert [r.request_id for r in records] == [made]  # type: ignore[attr-defined]
    kept = Client().get("/healthz", headers={HEADER: "proxy-id-1234"})
    assert kept.headers[HEADER] == "proxy-id-1234"
    forged = Client().get("/healthz", headers={HEADER: "x\r\nSet-Cookie: a=b"})
    assert forged.headers[HEADER] != "x\r\nSet-Cookie: a=b"


def test_the_status_page_is_for_site_administrators() -> None:
    site_admin = signed_in(PersonFactory(agency=None, is_superuser=True, is_staff=True))
    partnership_admin = signed_in(PartnershipRoleFactory(role="administrator").person)
    url = reverse("web:manage-status")
    assert partnership_admin.get(url).status_code == 403
    tick(now=timezone.now())
    page = site_admin.get(url).content.decode()
    assert "<title>Service status – Accord</title>" in page
    assert "The alerts sweep last ran" in page
    assert "Version " in page


def test_the_status_page_sends_given_up_emails_again() -> None:
    OpenCaseFactory()
    OutboxMessage.objects.update(status=OutboxStatus.DEAD, dead_at=timezone.now())
    dead = OutboxMessage.objects.count()
    client = signed_in(PersonFactory(agency=None, is_superuser=True, is_staff=True))
    assert f'<dd class="govuk-summary-list__value">{dead}</dd>' in (
        client.get(reverse("web:manage-status")).content.decode()
    )
    client.post(reverse("web:manage-status"))
    assert not OutboxMessage.objects.filter(status=OutboxStatus.DEAD).exists()


def test_metrics_need_the_scrapers_token() -> None:
    assert Client().get("/metrics").status_code == 404
    with override_settings(ACCORD_METRICS_TOKEN="scrape-me"):
        assert (
            Client().get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
        )
        case = OpenCaseFactory()
        signed_in(case.raised_by).get(reverse("web:case-detail", args=[case.reference]))
        tick(now=timezone.now())
        text = Client().get("/metrics", headers={"Authorization": "Bearer scrape-me"}).content
    body = text.decode()
    assert 'accord_check_ok{check="database"} 1.0' in body
    assert "accord_outbox_pending " in body
    assert "accord_sweep_last_duration_seconds " in body
    assert 'route="web:case-detail"' in body
    assert case.reference not in body  # routes by name, never by path

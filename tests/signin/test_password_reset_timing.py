"""A password reset reveals nothing by its timing: the e-mail to an existing account is queued
in the outbox and sent by the worker, so the request takes as long as one for an unknown address
even when the mail server is slow (issue 16, ASVS V6 account enumeration)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.notifications.delivery import deliver
from accord.notifications.models import OutboxMessage
from tests.factories import PersonFactory
from tests.notifications.conftest import SmtpServer, _free_port

pytestmark = pytest.mark.django_db

SMTP_DELAY = 1.5  # seconds the server takes to accept a message


class SlowSmtpServer(SmtpServer):
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(SMTP_DELAY)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp_server(settings: Any) -> Iterator[SlowSmtpServer]:
    server = SlowSmtpServer(port=_free_port())
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
        }
    }
    yield server
    server.stop()


def _timed_reset(address: str) -> float:
    started = time.perf_counter()
    response = Client().post(reverse("account_reset_password"), {"email": address})
    assert response.status_code == 302
    return time.perf_counter() - started


def test_a_reset_takes_as_long_for_an_account_as_for_nobody(
    slow_smtp_server: SlowSmtpServer,
) -> None:
    PersonFactory(email="known@school.example")
    _timed_reset("warm-up@school.example")
    known = min(_timed_reset("known@school.example") for _ in range(3))
    unknown = min(_timed_reset("nobody@school.example") for _ in range(3))
    # Sent inside the request, the existing account's reset would take the server's 1.5 s.
    assert known < SMTP_DELAY / 2
    assert abs(known - unknown) < SMTP_DELAY / 3, f"{known=:.3f} s, {unknown=:.3f} s"
    assert slow_smtp_server.messages == []
    # The worker sends them afterwards: three resets, three e-mails, all to the known address.
    queued = list(OutboxMessage.objects.values_list("pk", "to_address"))
    assert [address for _, address in queued] == ["known@school.example"] * 3
    report = deliver(message_ids=[pk for pk, _ in queued], now=timezone.now())
    assert report.sent == 3
    assert [m["To"] for m in slow_smtp_server.messages] == ["known@school.example"] * 3

"""Fixtures for the notification tests: a real SMTP server, and a guard that fails any test whose
e-mails, messages or log lines name a demo child (or any other detail of who a case is about)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from accord.cases.models import CaseNotification
from accord.demo.cases import CHILDREN
from accord.notifications.models import InAppNotification, OutboxMessage

# Everything the tests put in a case about its subject: the demo children, their dates of birth
# and addresses, and the factories' child.
FORBIDDEN = [name for name, _ in CHILDREN] + [
    born.strftime(f) for _, born in CHILDREN for f in ("%d/%m/%Y", "%Y-%m-%d")
]
FORBIDDEN += ["Example Row", "Test Child", "Demo Town"]
RECEIVED: list[bytes] = []  # every message any test's SMTP server accepted


def leaks(text: str) -> list[str]:
    """The forbidden words found in `text` (ignoring case)."""
    lowered = text.lower()
    return [word for word in FORBIDDEN if word.lower() in lowered]


@pytest.fixture(autouse=True)
def no_personal_data_leaves(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """After each test: no e-mail sent or queued, notification stored, or log line written names
    a child, a date of birth or an address."""
    caplog.set_level(logging.DEBUG, logger="accord")
    database = "db" in request.fixturenames or request.node.get_closest_marker("django_db")
    received_before = len(RECEIVED)
    yield
    texts = [record.getMessage() for record in caplog.records]
    texts += [f"{m.subject}\n{m.body}\n{m.message().as_string()}" for m in mail.outbox]
    texts += [raw.decode("utf-8", "replace") for raw in RECEIVED[received_before:]]
    if database:
        texts += [
            f"{m.subject}\n{m.body}\n{m.message_id}\n{m.key}" for m in OutboxMessage.objects.all()
        ]
        texts += [f"{n.what}\n{n.form}\n{n.key}" for n in InAppNotification.objects.all()]
        texts += [f"{n.summary}\n{n.trigger}" for n in CaseNotification.objects.all()]
    found = sorted({word for text in texts for word in leaks(text)})
    assert not found, f"personal data left Accord in a message or log line: {found}"


@dataclass
class SmtpServer:
    """aiosmtpd on 127.0.0.1: `messages` are the e-mails it accepted; `stop` and `start` take it
    down and bring it back on the same port."""

    port: int
    messages: list[Message] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        RECEIVED.append(raw)
        self.messages.append(message_from_bytes(raw))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.messages]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    """A real SMTP server for this test, and Accord's default mailer pointed at it."""
    server = SmtpServer(port=_free_port())
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()

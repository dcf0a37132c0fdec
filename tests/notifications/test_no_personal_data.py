"""Messages carry the reference, what is needed and a sign-in link: never who a case is about.

Every test in this folder is also checked by `conftest.no_personal_data_leaves`, which greps the
e-mails, stored messages and log lines it produced for the demo children's names, dates of birth
and addresses. This test runs the whole demo through the sweep and the outbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from accord.cases.models import Subject
from accord.cases.sweep import tick
from accord.engine.london import LONDON
from accord.notifications.delivery import deliver
from accord.notifications.models import OutboxMessage, OutboxStatus

from .conftest import leaks

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo")]


def test_the_whole_demo_sends_no_child_data() -> None:
    call_command("seed_demo", today="2026-12-21", stdout=StringIO())
    assert Subject.objects.exclude(name="").exists()  # there are names to leak
    now = datetime(2026, 12, 28, 9, 30, tzinfo=LONDON)
    report = tick(now=now)
    assert report["notifications"] > 0
    ids = list(OutboxMessage.objects.values_list("pk", flat=True))
    sent = deliver(message_ids=ids, now=now + timedelta(minutes=1))
    assert sent.sent == len(ids) > 100
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
    assert len(mail.outbox) == len(ids)
    for message in mail.outbox:
        text = message.message().as_string()
        assert "A case needs your attention: sign in to see it." in text
        assert not leaks(text)
        for subject in Subject.objects.all():
            assert subject.name not in text
            assert not subject.address or subject.address not in text

"""Given-up e-mails go again, once, when the mail server answers (it accepted a later e-mail, or it
answers a probe), and the partnership's administrators are told of both, once each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accord.accounts.models import PartnershipRoleKind, Person
from accord.notifications.delivery import deliver
from accord.notifications.models import InAppNotification, OutboxMessage, OutboxStatus
from accord.notifications.outages import GIVEN_UP, REVIVED, revive_given_up, tell_given_up

from .conftest import SmtpServer
from .walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db

START = london("2027-03-22")


def given_up(smtp_server: SmtpServer) -> tuple[Person, list[int], datetime]:
    """A raised case's four e-mails, tried with the server down for three days and given up; the
    partnership's administrator; and when they were given up."""
    demo = partnership_for("blackburn-with-darwen.toml")
    Walker(demo).raise_case(START, stage=2, urgent=True)
    ids = list(OutboxMessage.objects.order_by("pk").values_list("pk", flat=True))
    smtp_server.stop()
    deliver(message_ids=ids, now=START)
    dead_at = START + timedelta(hours=72)
    assert deliver(message_ids=ids, now=dead_at).dead == 4
    return demo.staff[PartnershipRoleKind.ADMINISTRATOR], ids, dead_at


def told(admin: Person, kind: str) -> int:
    return InAppNotification.objects.filter(person=admin, kind=kind).count()


def test_the_administrators_are_told_once_a_day(smtp_server: SmtpServer) -> None:
    admin, _, dead_at = given_up(smtp_server)
    assert told(admin, GIVEN_UP) == 0
    assert tell_given_up(now=dead_at) == 1  # the administrator's e-mail, queued
    for minutes in (1, 2, 60):
        tell_given_up(now=dead_at + timedelta(minutes=minutes))
    assert told(admin, GIVEN_UP) == 1
    notice = InAppNotification.objects.get(person=admin, kind=GIVEN_UP)
    assert "72 hours" in notice.what


def test_after_a_probe_they_go_again_once(smtp_server: SmtpServer) -> None:
    admin, ids, dead_at = given_up(smtp_server)
    later = dead_at + timedelta(minutes=5)
    assert revive_given_up(now=later) == 0  # the probe is refused
    assert told(admin, REVIVED) == 0

    smtp_server.start()
    assert revive_given_up(now=later) == 4
    assert revive_given_up(now=later) == 0
    assert told(admin, REVIVED) == 1
    revived = OutboxMessage.objects.filter(pk__in=ids)
    assert {(m.status, m.attempts, m.revived_at) for m in revived} == {
        (OutboxStatus.PENDING, 0, later)
    }
    assert deliver(message_ids=ids, now=later).sent == 4
    assert len(smtp_server.messages) == 4

    # Given up a second time (a new window from the revival): an administrator decides.
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.DEAD, dead_at=later)
    assert revive_given_up(now=later + timedelta(hours=1)) == 0


def test_a_later_email_accepted_is_enough(smtp_server: SmtpServer) -> None:
    admin, _ids, dead_at = given_up(smtp_server)
    smtp_server.start()
    after = dead_at + timedelta(minutes=10)
    assert tell_given_up(now=after) == 1
    assert deliver(message_ids=[OutboxMessage.objects.get(person=admin).pk], now=after).sent == 1
    smtp_server.stop()  # no probe could succeed now: the accepted e-mail is the evidence
    assert revive_given_up(now=after + timedelta(minutes=1)) == 4
    assert told(admin, REVIVED) == 1


def test_the_admins_send_again_opens_a_new_window(smtp_server: SmtpServer) -> None:
    from django.test import Client

    from tests.factories import PersonFactory

    _, ids, dead_at = given_up(smtp_server)
    client = Client()
    client.force_login(PersonFactory(agency=None, is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/notifications/outboxmessage/",
        {"action": "retry", "_selected_action": [str(pk) for pk in ids]},
    )
    assert response.status_code == 302
    again = list(OutboxMessage.objects.filter(pk__in=ids))
    assert {(m.status, m.attempts, m.first_attempt_at, m.dead_at) for m in again} == {
        (OutboxStatus.PENDING, 0, None, None)
    }
    # The window runs from the next attempt: a failure a day after the old one is not the last
    # (in real hours: British Summer Time starts in this window).
    retry_at = (dead_at + timedelta(days=1)).astimezone(UTC)
    assert deliver(message_ids=ids, now=retry_at).failed == 4
    assert deliver(message_ids=ids, now=retry_at + timedelta(hours=71)).failed == 4
    assert deliver(message_ids=ids, now=retry_at + timedelta(hours=72)).dead == 4

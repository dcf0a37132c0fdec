"""Whoever is told reads what is needed in their own language (issue 20): a notification keeps its
words in English (the record, whoever's request wrote it) and in Welsh beside them, and the
e-mail, the gathered e-mail, the digest and the notifications page each say the one their
reader reads."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse
from django.utils import translation

from accord.accounts.models import EmailFrequency, Person
from accord.cases import actions
from accord.notifications.digests import send_digests
from accord.notifications.gathered import send_gathered
from accord.notifications.models import AwaitingEmail, InAppNotification, OutboxMessage
from tests.access.helpers import signed_in
from tests.factories import holder

from .walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db

ENGLISH = "The receiving side has responded: read it and reply"
WELSH = "Mae’r ochr sy’n derbyn wedi ymateb: darllenwch yr ymateb ac atebwch"


def _responded(welsh_reader: bool) -> tuple[Person, InAppNotification]:
    """A case on the Wales procedure responded to by its receiving holder from a Welsh page; the
    notification of its raising holder (who reads Welsh if `welsh_reader`)."""
    walker = Walker(partnership_for("wales.toml"))
    case = walker.raise_case(london("2027-01-11"))
    raising, receiving = holder(case, "raising"), holder(case, "receiving")
    raising.language = "cy" if welsh_reader else ""
    raising.save(update_fields=["language"])
    with translation.override("cy"):  # the page the receiving holder acts on is in Welsh
        actions.record_response(
            case=case, actor=receiving, position="propose", now=london("2027-01-12")
        )
    row = InAppNotification.objects.get(reference=case.reference, kind="responded", person=raising)
    return raising, row


def test_the_record_is_english_and_the_welsh_is_kept_beside_it() -> None:
    _, row = _responded(welsh_reader=True)
    assert row.what.startswith(f"{ENGLISH} (Stage 1: ")
    assert row.what_cy.startswith(f"{WELSH} (Cam 1: ")
    # the stage by the policy's own Welsh name for it
    assert "O fewn asiantaeth yr ymarferydd ei hun" in row.what_cy


def test_a_welsh_reader_is_e_mailed_in_welsh() -> None:
    raising, row = _responded(welsh_reader=True)
    email = OutboxMessage.objects.get(person=raising, key__startswith=row.key)
    assert f"Beth sydd ei angen: {WELSH} (Cam 1: " in email.body
    assert ENGLISH not in email.body


def test_an_english_reader_is_e_mailed_in_english() -> None:
    raising, row = _responded(welsh_reader=False)
    email = OutboxMessage.objects.get(person=raising, key__startswith=row.key)
    assert f"What is needed: {ENGLISH} (Stage 1: " in email.body
    assert WELSH not in email.body


def test_the_digest_and_the_notifications_page_say_it_in_welsh() -> None:
    raising, row = _responded(welsh_reader=True)
    InAppNotification.objects.filter(pk=row.pk).update(awaiting_digest=True)
    raising.email_frequency = EmailFrequency.DAILY
    raising.save(update_fields=["email_frequency"])
    assert send_digests(now=london("2027-01-13", at=time(18)))
    digest = OutboxMessage.objects.get(person=raising, key__startswith="digest/")
    assert WELSH in digest.body
    assert ENGLISH not in digest.body
    page = signed_in(raising).get(reverse("web:notifications")).content.decode()
    assert WELSH in page
    assert ENGLISH not in page


def test_the_sweeps_gathered_e_mail_says_it_in_welsh() -> None:
    raising, row = _responded(welsh_reader=True)
    OutboxMessage.objects.all().delete()
    AwaitingEmail.objects.create(notification=row)
    assert send_gathered(now=london("2027-01-13")) == 1
    body = OutboxMessage.objects.get(person=raising).body
    assert WELSH in body
    assert ENGLISH not in body

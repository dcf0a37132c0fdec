"""Confirm it's you: `accord.web.reauth` asks for the authenticator code again unless one was
given in the last 5 minutes, then carries on (replaying a POST as it was sent)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.signing_in import give_authenticator, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.signin.reauth_urls")]


@pytest.fixture
def person_and_secret() -> tuple[object, str]:
    person = PersonFactory()
    return person, give_authenticator(person)


def test_a_recent_sign_in_goes_straight_through(person_and_secret: tuple[object, str]) -> None:
    person, _ = person_and_secret
    client = Client()
    client.force_login(person)  # signed in with password and code, just now
    assert client.get("/test/export/").content == b"the export"
    assert client.get("/test/export-view/").content == b"the class-based export"


def test_after_five_minutes_the_code_is_asked_for_again(
    person_and_secret: tuple[object, str],
) -> None:
    person, secret = person_and_secret
    client = Client()
    client.force_login(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = client.get("/test/export/")
        assert response.status_code == 302
        assert response.headers["Location"] == (
            f"{reverse('mfa_reauthenticate')}?next={quote('/test/export/', safe='')}"
        )
        page = client.get(response.headers["Location"]).content.decode()
        assert "<title>Confirm it’s you – Accord</title>" in page
        wrong = client.post(response.headers["Location"], {"code": "000000"})
        assert "Error: Confirm it’s you" in wrong.content.decode()
        confirmed = client.post(response.headers["Location"], {"code": totp_code(secret)})
        assert confirmed.headers["Location"] == "/test/export/"
        assert client.get("/test/export/").content == b"the export"
        assert client.get("/test/export-view/").content == b"the class-based export"


def test_a_password_alone_does_not_confirm(person_and_secret: tuple[object, str]) -> None:
    """Someone with an authenticator confirms with it: the password page is not offered."""
    person, _ = person_and_secret
    client = Client()
    client.force_login(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
        assert client.get("/test/export/").status_code == 302


def test_a_sign_off_shows_its_form_then_asks_and_replays_the_post(
    person_and_secret: tuple[object, str],
) -> None:
    person, secret = person_and_secret
    client = Client()
    client.force_login(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert b"the sign-off form" in client.get("/test/sign-off/").content
        response = client.post("/test/sign-off/", {"outcome": "Assessment agreed"})
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        replayed = client.post(response.headers["Location"], {"code": totp_code(secret)})
        assert replayed.status_code == 200
        assert replayed.content == b"signed off: Assessment agreed"

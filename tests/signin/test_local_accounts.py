"""Local accounts: e-mail and password, no self sign-up, strong passwords, resets that reveal
nothing, signing out, and the admin's sign-in going through Accord's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Person
from accord.notifications.delivery import deliver
from accord.notifications.models import OutboxMessage, OutboxStatus
from tests.factories import PASSWORD, PersonFactory
from tests.signing_in import give_authenticator, totp_code

pytestmark = pytest.mark.django_db


def send_queued_email() -> None:
    """What the task worker does: deliver every e-mail waiting in the outbox."""
    waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).values_list("pk", flat=True)
    deliver(message_ids=list(waiting), now=timezone.now())


def test_nobody_can_sign_up() -> None:
    client = Client()
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert "<title>You cannot create an account – Accord</title>" in page.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "new@school.example", "password1": "a long enough passphrase"},
    )
    assert not Person.objects.filter(email="new@school.example").exists()


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Short1!x", "at least 12 characters"),
        ("123456789012345", "entirely numeric"),
        ("password12345", "too common"),
    ],
)
def test_passwords_must_be_strong(password: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        validate_password(password, PersonFactory.build())
    validate_password("correct horse battery staple")


def test_password_reset_says_the_same_whether_or_not_the_account_exists() -> None:
    PersonFactory(email="known@school.example")
    known = Client().post(reverse("account_reset_password"), {"email": "known@school.example"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@school.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    done = Client().get(known.headers["Location"]).content.decode()
    assert "If the email address you entered belongs to an Accord account" in done
    # Nothing is sent inside the request (see test_password_reset_timing.py); the worker sends
    # one e-mail, to the known address only, and nothing to the unknown one.
    assert mail.outbox == []
    send_queued_email()
    assert [message.to for message in mail.outbox] == [["known@school.example"]]
    assert mail.outbox[0].subject == "Accord: Reset your password"


def test_a_reset_link_sets_a_new_password_that_must_be_strong() -> None:
    person = PersonFactory(email="known@school.example")
    secret = give_authenticator(person)
    client = Client()
    client.post(reverse("account_reset_password"), {"email": person.email})
    send_queued_email()
    link = re.search(r"http://testserver(/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    html = form_page.content.decode()
    assert "<title>Choose a new password – Accord</title>" in html
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    weak = client.post(action, {"password1": "short", "password2": "short"}).content.decode()
    assert "This password is too short" in weak
    mismatch = client.post(
        action, {"password1": "a brand new passphrase", "password2": "another passphrase"}
    ).content.decode()
    assert "The passwords do not match" in mismatch
    done = client.post(
        action, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )
    assert done.headers["Location"] == reverse("account_reset_password_from_key_done")
    person.refresh_from_db()
    assert person.check_password("a brand new passphrase")
    # Not signed in by the reset: the sign-in still asks for the authenticator's code.
    assert not client.get("/cases/").wsgi_request.user.is_authenticated
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": "a brand new passphrase"}
    )
    assert response.headers["Location"] == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).status_code == 302
    # The link works once.
    used = client.get(link.group(1), follow=True).content.decode()
    assert "This link no longer works" in used


def test_signing_out_is_a_post_and_ends_the_session() -> None:
    person = PersonFactory()
    client = Client()
    client.force_login(person)
    confirm = client.get(reverse("web:sign-out"))
    assert "Are you sure you want to sign out" in confirm.content.decode()
    assert client.get("/cases/").status_code == 200
    response = client.post(reverse("web:sign-out"))
    assert response.headers["Location"] == reverse("web:sign-in")
    assert client.get("/cases/").status_code == 302
    assert "You have signed out" in client.get(reverse("web:sign-in")).content.decode()


def test_the_admin_has_no_sign_in_of_its_own() -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_an_inactive_person_cannot_sign_in() -> None:
    person = PersonFactory(is_active=False)
    response = Client().post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated


def test_sign_in_pages_need_no_javascript_and_carry_no_placeholders() -> None:
    html = Client().get(reverse("account_login")).content.decode()
    assert "placeholder" not in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert '<form method="post" action="/sign-in/" novalidate>' in html

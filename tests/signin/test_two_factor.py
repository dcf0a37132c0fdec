"""Two-factor authentication is required of everyone before any page with case data."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accord.notifications.models import OutboxMessage
from tests.factories import PASSWORD, OpenCaseFactory, PersonFactory
from tests.signing_in import (
    force_login_password_only,
    give_authenticator,
    recovery_codes_of,
    totp_code,
)

pytestmark = pytest.mark.django_db


def sign_in_with_password(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_without_an_authenticator_every_case_page_sends_you_to_set_one_up() -> None:
    case = OpenCaseFactory()
    client = Client()
    response = sign_in_with_password(client, case.raised_by.email)
    assert response.headers["Location"] == reverse("web:case-list")  # type: ignore[attr-defined]
    for url in ["/cases/", f"/cases/{case.reference}/", "/notifications/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == reverse("mfa_activate_totp"), url
    # Signing out, and the two-factor pages themselves, stay open.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


@pytest.mark.django_db(transaction=True)  # allauth signals and e-mails after the commit
def test_setting_up_the_app_shows_recovery_codes_then_the_page_first_asked_for() -> None:
    case = OpenCaseFactory()
    person = case.raised_by
    client = Client()
    sign_in_with_password(client, person.email)
    client.get(f"/cases/{case.reference}/")  # sent to set up; remembered
    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert "<title>Set up an authenticator app – Accord</title>" in html
    assert re.search(r'<svg role="img" aria-label="QR code to scan', html)
    assert "<?xml" not in html
    secret = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', html)
    assert secret is not None

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "<title>Error: Set up an authenticator app – Accord</title>" in wrong.content.decode()
    assert "The security code is not correct" in wrong.content.decode()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
    assert response.headers["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "<title>Your recovery codes – Accord</title>" in codes_page
    for code in recovery_codes_of(person):
        assert f"<code>{code}</code>" in codes_page
    assert f'href="/cases/{case.reference}/"' in codes_page  # "Continue"
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    # People are told when how they sign in changes (by e-mail, through the outbox).
    assert OutboxMessage.objects.filter(
        to_address=person.email, body__contains="authenticator app"
    ).exists()


def test_signing_in_asks_for_the_code_and_refuses_a_wrong_one() -> None:
    person = PersonFactory()
    secret = give_authenticator(person)
    client = Client()
    response = sign_in_with_password(client, person.email)
    assert response.headers["Location"] == reverse("mfa_authenticate")  # type: ignore[attr-defined]
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "<title>Enter the security code – Accord</title>" in page
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert "Error: Enter the security code" in wrong.content.decode()
    assert not client.get("/cases/").wsgi_request.user.is_authenticated
    empty = client.post(reverse("mfa_authenticate"), {"code": ""}).content.decode()
    assert '<a href="#id_code">Enter the security code</a>' in empty
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.headers["Location"] == reverse("web:case-list")
    assert client.get("/cases/").status_code == 200


def test_a_code_works_only_once() -> None:
    person = PersonFactory()
    secret = give_authenticator(person)
    code = totp_code(secret)
    first = Client()
    sign_in_with_password(first, person.email)
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    second = Client()
    sign_in_with_password(second, person.email)
    assert second.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200


def test_a_recovery_code_signs_in_once() -> None:
    person = PersonFactory()
    give_authenticator(person)
    code = recovery_codes_of(person)[0]
    client = Client()
    sign_in_with_password(client, person.email)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert code not in recovery_codes_of(person)
    again = Client()
    sign_in_with_password(again, person.email)
    assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200


def test_a_session_without_the_second_factor_is_asked_for_the_code() -> None:
    person = PersonFactory()
    secret = give_authenticator(person)
    client = Client()
    force_login_password_only(client, person)
    response = client.get("/cases/")
    assert response.headers["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fcases%2F"
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/cases/",
        {"code": totp_code(secret), "next": "/cases/"},
    )
    assert response.headers["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_nobody_can_turn_off_two_factor_authentication() -> None:
    person = PersonFactory()
    give_authenticator(person)
    client = Client()
    client.force_login(person)
    page = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "You cannot turn off two-factor authentication" in page
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=person, type="totp").exists()


def test_the_two_factor_page_says_what_is_set_up() -> None:
    person = PersonFactory()
    give_authenticator(person)
    client = Client()
    client.force_login(person)
    html = client.get(reverse("mfa_index")).content.decode()
    assert "<title>Two-factor authentication – Accord</title>" in html
    assert "10 of 10 unused" in html


def test_the_factory_makes_people_with_an_authenticator() -> None:
    from tests.signing_in import secret_of

    person = PersonFactory(authenticator=True)
    client = Client()
    sign_in_with_password(client, person.email)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret_of(person))})
    assert response.headers["Location"] == reverse("web:case-list")
    assert not Authenticator.objects.filter(user=PersonFactory()).exists()

"""Signing in with an organisation's own account, against a real OpenID Connect provider.

The provider (oidc-provider-mock) runs on 127.0.0.1 for each test; allauth discovers it, sends
the person to its authorisation page, exchanges the code and reads the ID token and userinfo.
Accord matches the sign-in to an existing person by a verified e-mail address in the provider's
domains, within the provider's agencies, and never creates anyone.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from accord.accounts.models import Person
from accord.signin.models import IdentityProvider, provider_for_email
from tests.factories import AgencyFactory, PersonFactory
from tests.oidc_provider import Provider, connect_agency, oidc_provider  # noqa: F401
from tests.signing_in import give_authenticator, totp_code

pytestmark = pytest.mark.django_db

DOMAIN = "northshire.police.example"


def start(client: Client, email: str, next_url: str = "") -> str:
    """Ask for the organisation's sign-in: the provider's authorisation URL."""
    data = {"email": email, **({"next": next_url} if next_url else {})}
    response = client.post(reverse("web:sign-in-organisation"), data)
    assert response.status_code == 302, response.content.decode()
    return str(response.headers["Location"])


def come_back(client: Client, callback_url: str) -> object:
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_at_provider(client: Client, provider: Provider, email: str, **claims: object) -> object:
    provider.set_user(email, email=email, **claims)
    authorize_url = start(client, email)
    return come_back(client, provider.authorize(authorize_url, email))


@pytest.fixture
def police() -> object:
    return AgencyFactory(name="Northshire Police")


def test_a_known_person_signs_in_and_still_gives_their_authenticator_code(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    person = PersonFactory(email=f"sam.jones@{DOMAIN}", agency=police)
    secret = give_authenticator(person)
    client = Client()

    authorize_url = start(client, f"Sam.Jones@{DOMAIN}", next_url="/cases/")
    assert authorize_url.startswith(f"{oidc_provider.url}/oauth2/authorize?")
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["client_id"] == ["accord-test-client"]
    assert query["login_hint"] == [f"sam.jones@{DOMAIN}"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [
        "http://testserver/sign-in/oidc/northshire-police/login/callback/"
    ]

    oidc_provider.set_user("entra-object-id-1", email=f"sam.jones@{DOMAIN}", email_verified=True)
    response = come_back(client, oidc_provider.authorize(authorize_url, "entra-object-id-1"))
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response.headers["Location"] == reverse("mfa_authenticate")  # type: ignore[attr-defined]
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.headers["Location"] == "/cases/"
    assert response.wsgi_request.user == person
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (
        person,
        "northshire-police",
        "entra-object-id-1",
    )
    assert client.get("/cases/").status_code == 200


def test_the_second_sign_in_uses_the_link_even_if_the_address_changed(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    person = PersonFactory(email=f"sam.jones@{DOMAIN}", agency=police)
    give_authenticator(person)
    oidc_provider.set_user("object-1", email=f"sam.jones@{DOMAIN}", email_verified=True)
    first = Client()
    come_back(first, oidc_provider.authorize(start(first, person.email), "object-1"))
    assert SocialAccount.objects.filter(user=person).count() == 1

    oidc_provider.set_user("object-1", email=f"s.jones@{DOMAIN}", email_verified=True)
    client = Client()
    response = come_back(client, oidc_provider.authorize(start(client, person.email), "object-1"))
    assert response.headers["Location"] == reverse("mfa_authenticate")  # type: ignore[attr-defined]


def test_an_unknown_address_is_refused_and_nobody_is_created(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    people = Person.objects.count()
    client = Client()
    response = sign_in_at_provider(
        client, oidc_provider, f"new.starter@{DOMAIN}", email_verified=True
    )
    assert response.status_code == 403  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "<title>We could not find your Accord account – Accord</title>" in html
    assert "Ask them to add you" in html
    assert Person.objects.count() == people
    assert not SocialAccount.objects.exists()
    assert not client.get("/cases/").wsgi_request.user.is_authenticated


def test_a_person_of_another_agency_is_refused(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    """The provider answers for its agencies only, even for an address in its domain."""
    connect_agency(oidc_provider, police, domains=DOMAIN)
    PersonFactory(email=f"visitor@{DOMAIN}", agency=AgencyFactory())
    response = sign_in_at_provider(
        Client(), oidc_provider, f"visitor@{DOMAIN}", email_verified=True
    )
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not SocialAccount.objects.exists()


def test_an_unverified_address_is_refused_unless_the_provider_is_trusted_for_its_domain(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    identity_provider = connect_agency(oidc_provider, police, domains=DOMAIN)
    person = PersonFactory(email=f"sam.jones@{DOMAIN}", agency=police)
    response = sign_in_at_provider(Client(), oidc_provider, person.email)  # no email_verified
    assert response.status_code == 403  # type: ignore[attr-defined]
    response = sign_in_at_provider(Client(), oidc_provider, person.email, email_verified=False)
    assert response.status_code == 403  # type: ignore[attr-defined]

    # Entra ID sends no email_verified; its own tenant owns the domain (the administrator says so).
    identity_provider.assume_email_verified = True
    identity_provider.save()
    client = Client()
    response = sign_in_at_provider(client, oidc_provider, person.email)
    assert response.status_code == 302  # type: ignore[attr-defined]
    # No authenticator yet: signed in, then sent to set one up before anything else.
    assert client.get("/cases/").headers["Location"] == reverse("mfa_activate_totp")


def test_a_verified_address_outside_the_providers_domains_is_refused(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    PersonFactory(email="sam@elsewhere.example", agency=police)
    client = Client()
    oidc_provider.set_user("object-9", email="sam@elsewhere.example", email_verified=True)
    authorize_url = start(client, f"sam@{DOMAIN}")
    response = come_back(client, oidc_provider.authorize(authorize_url, "object-9"))
    assert response.status_code == 403  # type: ignore[attr-defined]


def test_someone_who_moved_agency_is_refused_until_matched_again(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    person = PersonFactory(email=f"sam.jones@{DOMAIN}", agency=police)
    oidc_provider.set_user("object-1", email=person.email, email_verified=True)
    first = Client()
    come_back(first, oidc_provider.authorize(start(first, person.email), "object-1"))
    assert SocialAccount.objects.filter(user=person).exists()
    Person.objects.filter(pk=person.pk).update(agency=AgencyFactory())
    client = Client()
    response = come_back(client, oidc_provider.authorize(start(client, person.email), "object-1"))
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "now belongs to a different organisation" in response.content.decode()  # type: ignore[attr-defined]


def test_an_inactive_person_cannot_sign_in(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    PersonFactory(email=f"left@{DOMAIN}", agency=police, is_active=False)
    response = sign_in_at_provider(Client(), oidc_provider, f"left@{DOMAIN}", email_verified=True)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not SocialAccount.objects.exists()


def test_an_address_with_no_provider_is_told_to_use_a_password(police: object) -> None:
    response = Client().post(reverse("web:sign-in-organisation"), {"email": "a@school.example"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in with your organisation’s account – Accord</title>" in html
    assert "Your organisation does not have its own sign-in for Accord" in html


def test_the_organisation_page_lets_its_form_lead_to_the_providers(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    policy = Client().get(reverse("web:sign-in-organisation")).headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.url}" in policy
    other = Client().get(reverse("web:sign-in")).headers["Content-Security-Policy"]
    assert "form-action 'self';" in other
    # allauth's own "Continue" page (a link to a provider's sign-in, opened with GET) too.
    page = Client().get("/sign-in/oidc/northshire-police/login/")
    assert "<title>Sign in with Northshire Police – Accord</title>" in page.content.decode()
    assert f"form-action 'self' {oidc_provider.url}" in page.headers["Content-Security-Policy"]


def test_the_sign_in_page_offers_the_organisation_sign_in_only_when_one_is_set_up(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    link = "Sign in with your organisation’s account"
    assert link not in Client().get(reverse("web:sign-in")).content.decode()
    connect_agency(oidc_provider, police, domains=DOMAIN)
    assert link in Client().get(reverse("web:sign-in")).content.decode()


def test_a_cancelled_sign_in_says_so(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    connect_agency(oidc_provider, police, domains=DOMAIN)
    client = Client()
    authorize_url = start(client, f"sam@{DOMAIN}")
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    response = client.get(
        f"/sign-in/oidc/northshire-police/login/callback/?error=access_denied&state={state}",
        follow=True,
    )
    assert "<title>You did not sign in – Accord</title>" in response.content.decode()


def test_identity_provider_domains_are_unique_and_tidied(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    from django.core.exceptions import ValidationError

    first = connect_agency(oidc_provider, police, domains=f"{DOMAIN.upper()}; @other.example")
    first.full_clean()
    assert first.email_domains == f"{DOMAIN}, other.example"
    assert provider_for_email(f"x@{DOMAIN}") == first
    assert provider_for_email("x@notours.example") is None
    second = IdentityProvider(app=first.app, email_domains=f"other.example, {DOMAIN}")
    second.pk = None
    with pytest.raises(ValidationError):
        second.clean()


def test_accords_logs_never_name_the_person_signing_in(
    oidc_provider: Provider,  # noqa: F811
    police: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Refusals are logged by rule and provider, never by address (the provider's own log, and
    the HTTP client's debug lines for the calls this test makes to it, are not Accord's)."""
    caplog.set_level(logging.DEBUG)
    connect_agency(oidc_provider, police, domains=DOMAIN)
    sign_in_at_provider(Client(), oidc_provider, f"new.starter@{DOMAIN}", email_verified=True)
    harness = ("werkzeug", "oidc_provider_mock", "urllib3")
    ours = [r for r in caplog.records if not r.name.startswith(harness)]
    assert any("refused: no_person" in r.getMessage() for r in ours)
    assert not [r.getMessage() for r in ours if "new.starter" in r.getMessage()]


def test_only_signing_in_is_offered_not_connecting_an_account(
    oidc_provider: Provider,  # noqa: F811
    police: object,
) -> None:
    """allauth can also connect a provider account to whoever is signed in; Accord does not."""
    connect_agency(oidc_provider, police, domains=DOMAIN)
    person = PersonFactory(email=f"sam.jones@{DOMAIN}", agency=police)
    client = Client()
    client.force_login(PersonFactory())
    response = client.post("/sign-in/oidc/northshire-police/login/?process=connect")
    assert response.status_code == 302
    oidc_provider.set_user("object-1", email=person.email, email_verified=True)
    back = come_back(client, oidc_provider.authorize(response.headers["Location"], "object-1"))
    assert back.status_code == 403  # type: ignore[attr-defined]
    assert not SocialAccount.objects.exists()

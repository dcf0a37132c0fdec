"""Personal access tokens: made on the person's page after their authenticator code, shown
once, only a hash kept; revoked, expired or unknown tokens are a 401."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accord.api.models import ApiToken, TokenEvent
from accord.api.tokens import digest_of
from tests.access.helpers import signed_in
from tests.factories import PersonFactory
from tests.signing_in import secret_of, totp_code

from .helpers import Api, problem_of, token_for

pytestmark = pytest.mark.django_db
MAKE = {"name": "Our case system", "scope": "read", "days": "30"}


def test_a_token_is_made_on_the_page_shown_once_and_only_its_hash_kept() -> None:
    person = PersonFactory(authenticator=True)
    client = signed_in(person)
    assert client.get(reverse("api-tokens")).status_code == 200
    response = client.post(reverse("api-token-add"), MAKE)
    assert response.status_code == 200
    text = re.search(r"accord_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", response.content.decode())
    assert text is not None
    token = ApiToken.objects.get(person=person)
    assert token.digest == digest_of(text.group())
    assert text.group() not in token.digest
    assert token.scope == "read"
    assert (token.expires_at - token.created_at).days == 30
    assert TokenEvent.objects.get(token=token).kind == "created"
    listing = client.get(reverse("api-tokens")).content.decode()
    assert token.prefix in listing
    assert text.group() not in listing
    me = Api(text.group()).get("/api/v1/token/")
    assert me.status_code == 200
    assert me.json()["person"]["id"] == person.pk


def test_making_a_token_asks_for_the_authenticator_code_again_after_a_while() -> None:
    person = PersonFactory(authenticator=True)
    client = signed_in(person)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        asked = client.post(reverse("api-token-add"), MAKE)
        assert asked.status_code == 302
        assert "confirm-its-you" in asked.headers["Location"]
        assert not ApiToken.objects.exists()
        confirmed = client.post(
            asked.headers["Location"], {"code": totp_code(secret_of(person))}, follow=True
        )
        assert confirmed.status_code == 200
    assert ApiToken.objects.filter(person=person).count() == 1


def test_bad_answers_on_the_page_are_errors_and_make_nothing() -> None:
    client = signed_in(PersonFactory(authenticator=True))
    response = client.post(reverse("api-token-add"), {"name": "", "scope": "all", "days": "9999"})
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Enter a name for the token",
        "Choose what the token may do",
        "Choose when the token expires",
    ):
        assert message in page
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_and_nobody_revokes_anothers() -> None:
    person = PersonFactory(authenticator=True)
    text = token_for(person)
    token = ApiToken.objects.get(person=person)
    other = signed_in(PersonFactory(authenticator=True))
    assert other.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert Api(text).get("/api/v1/token/").status_code == 200
    revoked = signed_in(person).post(reverse("api-token-revoke", args=[token.pk]))
    assert revoked.status_code == 302
    problem = problem_of(Api(text).get("/api/v1/token/"), 401)
    assert problem["type"].endswith("#problem-unauthenticated")
    assert [e.kind for e in TokenEvent.objects.filter(token=token)] == ["created", "revoked"]


def test_expired_unknown_malformed_and_missing_tokens_are_401s() -> None:
    person = PersonFactory()
    text = token_for(person, days=7)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Api(text).get("/api/v1/token/")
        assert problem_of(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    forged = text[:-4] + ("AAAA" if not text.endswith("AAAA") else "BBBB")
    problem_of(Api(forged).get("/api/v1/token/"), 401)
    problem_of(Api("accord_nothing").get("/api/v1/token/"), 401)
    problem_of(Api(None).get("/api/v1/cases/"), 401)
    basic = Api(None)
    basic.headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    problem_of(basic.get("/api/v1/cases/"), 401)


def test_a_person_made_inactive_loses_their_tokens() -> None:
    person = PersonFactory()
    text = token_for(person)
    person.is_active = False
    person.save()
    problem_of(Api(text).get("/api/v1/token/"), 401)

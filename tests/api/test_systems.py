"""Agency systems (OAuth 2.0 client credentials, decision 30): registered on Administration →
API clients after the authenticator code, the secret shown once; the token endpoint speaks
RFC 6749 with problem details; a system acts only for a named, active person of its own agency,
sees what they see and does what they may; revoking the system stops its tokens at once."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accord.accounts.models import AdminEvent
from accord.api.clients import register_client, revoke_client
from accord.api.models import ApiClient, ApiWrite
from accord.api.tokens import digest_of
from accord.cases.models import AccessLog, CaseEvent
from tests.access.helpers import signed_in
from tests.factories import (
    RAISED_AT,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
)

from .helpers import Api, problem_of

pytestmark = pytest.mark.django_db
NOW = RAISED_AT + timedelta(hours=2)
TOKEN_URL = "/api/v1/oauth/token"


@pytest.fixture(autouse=True)
def _after_raising() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _system(case, scope="read_write"):  # type: ignore[no-untyped-def]
    """The receiving agency's system, registered by the partnership's administrator: its
    client id and secret."""
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    made = register_client(
        actor=admin, agency=case.receiving_agency, name="Case system", scope=scope, now=NOW
    )
    return made.client.client_id, made.secret


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def _token(client_id: str, secret: str) -> str:
    response = Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        headers={"Authorization": _basic(client_id, secret)},
    )
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def _as(token: str, email: str | None) -> Api:
    api = Api(token)
    if email is not None:
        api.headers["Accord-On-Behalf-Of"] = email
    return api


def test_the_token_endpoint_issues_an_hours_token_by_basic_or_form() -> None:
    client_id, secret = _system(OpenCaseFactory())
    by_basic = Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        headers={"Authorization": _basic(client_id, secret)},
    )
    by_form = Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    for response in (by_basic, by_form):
        assert response.status_code == 200
        assert "no-store" in response.headers["Cache-Control"]
        body = response.json()
        assert (body["token_type"], body["expires_in"], body["scope"]) == (
            "Bearer", 3600, "read_write",
        )  # fmt: skip
        assert re.fullmatch(r"accord_system_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", body["access_token"])
    assert ApiClient.objects.get().secret_digest == digest_of(secret)


def test_the_token_endpoint_refuses_in_oauths_words_and_as_problem_details() -> None:
    client_id, secret = _system(OpenCaseFactory())
    wrong = Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        headers={"Authorization": _basic(client_id, secret + "x")},
    )
    assert problem_of(wrong, 401)["error"] == "invalid_client"
    assert wrong.headers["WWW-Authenticate"] == 'Basic realm="accord"'
    grant = Client().post(TOKEN_URL, {"grant_type": "password", "client_id": client_id})
    assert problem_of(grant, 400)["error"] == "unsupported_grant_type"
    nothing = Client().post(TOKEN_URL, {"grant_type": "client_credentials"})
    assert problem_of(nothing, 401)["error"] == "invalid_client"


def test_a_system_acts_for_a_named_person_of_its_agency_as_they_would() -> None:
    case = OpenCaseFactory()
    token = _token(*_system(case))
    receiver = holder(case)
    api = _as(token, receiver.email.upper())  # e-mail addresses match whatever their case

    read = api.get(f"/api/v1/cases/{case.reference}/")
    assert read.status_code == 200
    assert AccessLog.objects.filter(case=case, person=receiver).exists()
    seen = read.json()["seen"]
    url = f"/api/v1/cases/{case.reference}/respond/"
    answered = api.post(url, {"seen": seen, "position": "disagree", "note": "No."})
    assert answered.status_code == 200, answered.content
    event = CaseEvent.objects.filter(case=case).latest("sequence")
    assert (event.kind, event.actor) == ("responded", receiver)
    write = ApiWrite.objects.get(case=case)
    assert (write.client.name, write.token, write.sequence) == ("Case system", None, event.sequence)


def test_a_system_may_not_act_for_nobody_or_for_another_agencys_people() -> None:
    case = OpenCaseFactory()
    token = _token(*_system(case))
    url = f"/api/v1/cases/{case.reference}/"
    assert "Accord-On-Behalf-Of" in problem_of(_as(token, None).get(url), 403)["detail"]
    problem_of(_as(token, case.raised_by.email).get(url), 403)  # the raising agency's person
    problem_of(_as(token, "nobody@example.org").get(url), 403)
    departed = PersonFactory(agency=case.receiving_agency, is_active=False)
    problem_of(_as(token, departed.email).get(url), 403)
    outsider = PersonFactory(agency=case.receiving_agency)  # of the agency, not of the case
    problem_of(_as(token, outsider.email).get(url), 404)  # what that person sees: nothing


def test_a_read_only_system_cannot_write() -> None:
    case = OpenCaseFactory()
    token = _token(*_system(case, scope="read"))
    api = _as(token, holder(case).email)
    seen = api.get(f"/api/v1/cases/{case.reference}/").json()["seen"]
    refused = api.post(
        f"/api/v1/cases/{case.reference}/respond/", {"seen": seen, "position": "agree"}
    )
    problem_of(refused, 403)
    assert not ApiWrite.objects.exists()


def test_revoking_the_system_stops_its_tokens_and_expired_tokens_stop_too() -> None:
    case = OpenCaseFactory()
    client_id, secret = _system(case)
    api = _as(_token(client_id, secret), holder(case).email)
    url = f"/api/v1/cases/{case.reference}/"
    with time_machine.travel(NOW + timedelta(minutes=61), tick=False):
        problem_of(api.get(url), 401)
    assert api.get(url).status_code == 200
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    revoke_client(actor=admin, client_id=ApiClient.objects.get().pk, now=NOW)
    problem_of(api.get(url), 401)
    again = Client().post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        headers={"Authorization": _basic(client_id, secret)},
    )
    assert problem_of(again, 401)["error"] == "invalid_client"
    assert AdminEvent.objects.filter(kind="api_client_revoked").count() == 1


def test_an_administrator_registers_a_system_on_the_page_and_sees_its_secret_once() -> None:
    case = OpenCaseFactory()
    admin = PartnershipRoleFactory(
        partnership=case.partnership, role="administrator", person__authenticator=True
    ).person
    browser = signed_in(admin)
    assert browser.get(reverse("api-clients")).status_code == 200
    bad = browser.post(reverse("api-client-add"), {"agency": case.receiving_agency_id})
    assert bad.status_code == 400
    assert "Enter the system&#x27;s name" in bad.content.decode()
    made = browser.post(
        reverse("api-client-add"),
        {"agency": case.receiving_agency_id, "name": "Social care system", "scope": "read"},
    )
    assert made.status_code == 200
    secret = re.search(r'id="client-secret" class="accord-token">([^<]+)<', made.content.decode())
    assert secret is not None
    client = ApiClient.objects.get()
    assert client.secret_digest == digest_of(secret.group(1))
    assert secret.group(1) not in browser.get(reverse("api-clients")).content.decode()
    assert AdminEvent.objects.filter(kind="api_client_registered").exists()
    other = PartnershipRoleFactory(role="administrator").person
    assert signed_in(other).post(reverse("api-client-revoke", args=[client.pk])).status_code == 403

"""Signing off an outcome through the API (decision 33): the page's action, with the signer's
authenticator code (or a recovery code) in `Accord-Authenticator-Code`, checked by the
"Confirm it's you" page's own form: missing or wrong is a 403 and nothing is signed, a code is
not taken twice, and wrong codes count against the same limit as on the page (then a 429)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.api.clients import register_client
from accord.api.models import ApiWrite
from accord.api.signing import HEADER
from accord.cases.models import Case, CaseEvent, SignOff
from tests.access.helpers import signed_in
from tests.factories import (
    RAISED_AT,
    OpenCaseFactory,
    PartnershipRoleFactory,
    ResolvedCaseFactory,
    holder,
)
from tests.signing_in import give_authenticator, recovery_codes_of, totp_code

from .helpers import Api, api_as, problem_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _later() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(days=3), tick=False):
        yield


def _sign(api: Api, case: Case, side: str, code: str | None, **body: Any) -> Any:
    seen = api.get(f"/api/v1/cases/{case.reference}/").json().get("seen", 0)
    headers = {HEADER: code} if code is not None else {}
    sent = {"seen": seen, "confirmed": True, **body}
    return api.post(f"/api/v1/cases/{case.reference}/sign-off/{side}/", sent, **headers)


def _another(factory: Any, case: Case) -> Case:
    """Another case between the same people."""
    return factory(  # type: ignore[no-any-return]
        partnership=case.partnership,
        policy_version=case.policy_version,
        raising_agency=case.raising_agency,
        receiving_agency=case.receiving_agency,
        raised_by=case.raised_by,
        receiving_holder=holder(case, "receiving"),
    )


def test_each_side_signs_off_with_its_code_and_the_case_is_signed_off() -> None:
    case = ResolvedCaseFactory()
    raising, receiving = holder(case, "raising"), holder(case, "receiving")
    secrets = {person.pk: give_authenticator(person) for person in (raising, receiving)}
    read = api_as(raising).get(f"/api/v1/cases/{case.reference}/").json()
    offered = {a["action"]: a["href"] for a in read["actions"]}
    assert offered["sign_off_raising"] == f"/api/v1/cases/{case.reference}/sign-off/raising/"
    for person, side in ((raising, "raising"), (receiving, "receiving")):
        done = _sign(api_as(person), case, side, totp_code(secrets[person.pk]))
        assert done.status_code == 200, done.content
        event = CaseEvent.objects.filter(case=case).order_by("sequence").last()
        assert event is not None
        assert event.actor == person
        write = ApiWrite.objects.get(case=case, operation=f"sign_off_{side}")
        assert (write.sequence, write.token.person) == (event.sequence, person)
    assert done.json()["status"]["code"] == "signed_off"
    assert set(SignOff.objects.filter(case=case).values_list("side", "person")) == {
        ("raising", raising.pk), ("receiving", receiving.pk),
    }  # fmt: skip


def test_no_code_or_a_wrong_one_signs_nothing() -> None:
    case = ResolvedCaseFactory()
    person = holder(case, "receiving")
    secret = give_authenticator(person)
    api = api_as(person)
    missing = problem_of(_sign(api, case, "receiving", None), 403)
    assert missing["type"].endswith("#problem-authenticator-code-needed")
    assert HEADER in missing["detail"]
    wrong = problem_of(_sign(api, case, "receiving", "000000"), 403)
    assert wrong["type"].endswith("#problem-authenticator-code-wrong")
    someone_elses = give_authenticator(holder(case, "raising"))
    problem_of(_sign(api, case, "receiving", totp_code(someone_elses)), 403)
    assert not SignOff.objects.filter(case=case).exists()
    assert not ApiWrite.objects.exists()
    code = totp_code(secret)
    assert _sign(api, case, "receiving", code).status_code == 200


def test_a_code_is_taken_once_and_a_recovery_code_is_used_up() -> None:
    case = ResolvedCaseFactory()
    raising, receiving = holder(case, "raising"), holder(case, "receiving")
    give_authenticator(receiving)
    give_authenticator(raising)
    recovery = recovery_codes_of(receiving)[0]
    assert _sign(api_as(receiving), case, "receiving", recovery).status_code == 200
    assert recovery not in recovery_codes_of(receiving)
    other = _another(ResolvedCaseFactory, case)
    problem_of(_sign(api_as(receiving), other, "receiving", recovery), 403)  # used up
    assert not SignOff.objects.filter(case=other).exists()


def test_wrong_codes_count_against_the_confirm_its_you_pages_limit() -> None:
    case = ResolvedCaseFactory()
    person = holder(case, "receiving")
    secret = give_authenticator(person)
    client = signed_in(person)
    confirm = reverse("mfa_reauthenticate")
    for _ in range(5):  # five wrong codes typed on the page
        client.post(confirm, {"code": "000000"})
    limited = _sign(api_as(person), case, "receiving", totp_code(secret))
    problem = problem_of(limited, 429)
    assert int(limited.headers["Retry-After"]) >= 60
    assert "Too many wrong authenticator codes" in problem["detail"]
    assert not SignOff.objects.filter(case=case).exists()


def test_the_pages_refusals_come_first_and_the_confirmation_is_needed() -> None:
    case = ResolvedCaseFactory()
    person = holder(case, "receiving")
    secret = give_authenticator(person)
    api = api_as(person)
    # Not this person's side: 403 before any code is asked (nor used up).
    assert "raising side" in problem_of(_sign(api, case, "raising", "000000"), 403)["detail"]
    assert problem_of(_sign(api, case, "nobody", totp_code(secret)), 404)
    stale = api.post(
        f"/api/v1/cases/{case.reference}/sign-off/receiving/",
        {"seen": 1, "confirmed": True},
        **{HEADER: "000000"},
    )
    problem_of(stale, 409)
    unticked = problem_of(_sign(api, case, "receiving", "000000", confirmed=False), 422)
    assert unticked["errors"] == [
        {"field": "confirmed", "detail": "Confirm that this outcome is what you agreed"}
    ]
    open_case = _another(OpenCaseFactory, case)
    problem_of(_sign(api, open_case, "receiving", totp_code(secret)), 409)
    assert not SignOff.objects.exists()
    assert _sign(api, case, "receiving", totp_code(secret)).status_code == 200  # code unused


def test_a_system_acting_for_a_person_sends_the_code_they_typed() -> None:
    case = ResolvedCaseFactory()
    person = holder(case, "receiving")
    secret = give_authenticator(person)
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    made = register_client(
        actor=admin,
        agency=case.receiving_agency,
        name="Case system",
        scope="read_write",
        now=timezone.now(),
    )
    issued = Client().post(
        "/api/v1/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": made.client.client_id,
            "client_secret": made.secret,
        },
    )
    api = Api(issued.json()["access_token"])
    api.headers["Accord-On-Behalf-Of"] = person.email
    problem_of(_sign(api, case, "receiving", None), 403)
    done = _sign(api, case, "receiving", totp_code(secret))
    assert done.status_code == 200, done.content
    write = ApiWrite.objects.get(case=case)
    assert (write.client, write.token) == (made.client, None)
    assert SignOff.objects.get(case=case).person == person

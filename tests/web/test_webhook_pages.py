"""The webhook pages: a partnership administrator adds an endpoint for one of its agencies'
systems and sees its secret once (it signs what the system then receives), bad input comes back
with a GOV.UK error summary, the delivery history lists each attempt by case reference only, a
given-up delivery is sent again and arrives, and an endpoint is deactivated; each write is in
the administration log."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import AdminEvent, AgencyKind, Person
from accord.notifications.models import WebhookDelivery, WebhookEndpoint
from accord.notifications.webhooks import deliver_webhooks
from accord.partnerships.models import Partnership
from tests.access.helpers import signed_in
from tests.factories import (
    AgencyFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
)
from tests.notifications.webhook_receiver import receiving
from tests.signing_in import give_authenticator, totp_code

pytestmark = pytest.mark.django_db
PAGE = reverse("web:manage-webhooks")


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory()


@pytest.fixture
def admin(partnership: Partnership) -> Person:
    return PartnershipRoleFactory(partnership=partnership, role="administrator").person


def test_add_see_the_secret_once_receive_signed_posts_send_again_and_deactivate(
    partnership: Partnership, admin: Person
) -> None:
    school = AgencyFactory(home_partnership=partnership, kind=AgencyKind.EDUCATION)
    social_care = AgencyFactory(home_partnership=partnership, kind=AgencyKind.SOCIAL_CARE)
    client = signed_in(admin)
    add = reverse("web:manage-webhook-add", args=[partnership.pk])
    assert "Add an endpoint" in client.get(PAGE).content.decode()
    with receiving() as receiver:
        answer = client.post(
            add,
            {
                "agency": social_care.pk,
                "name": "Children's system",
                "url": receiver.url(),
                "events": ["case.raised", "case.responded"],
            },
        )
        assert answer.status_code == 200
        assert "no-store" in answer["Cache-Control"]
        text = answer.content.decode()
        endpoint = WebhookEndpoint.objects.get()
        assert endpoint.secret in text  # shown this once
        assert endpoint.secret not in client.get(PAGE).content.decode()
        deliveries = reverse("web:manage-webhook-deliveries", args=[endpoint.pk])
        assert endpoint.secret not in client.get(deliveries).content.decode()
        assert AdminEvent.objects.filter(kind="webhook_added", actor=admin).exists()

        case = OpenCaseFactory(
            partnership=partnership,
            raising_agency=school,
            receiving_agency=social_care,
            subject_name="Maya Patel",
        )
        delivery = WebhookDelivery.objects.get()
        at = case.raised_at + timedelta(minutes=1)
        receiver.answers = [500]
        deliver_webhooks(delivery_ids=[delivery.pk], now=at)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status="dead", dead_at=at)

        history = client.get(deliveries).content.decode()
        assert case.reference in history
        assert "500 (The system answered 500)" in history
        assert "Given up" in history
        assert "Maya" not in history
        again = reverse("web:manage-webhook-send-again", args=[delivery.pk])
        assert again in history
        assert client.get(again).status_code == 200
        assert client.post(again).status_code == 302
        deliver_webhooks(delivery_ids=[delivery.pk], now=timezone.now())
        delivery.refresh_from_db()
        assert delivery.status == "sent"
        assert "Delivered" in client.get(deliveries).content.decode()
        refused = client.post(again).content.decode()  # delivered: nothing to send again
        assert "govuk-error-summary" in refused
        assert "nothing to send again" in refused

    assert len(receiver.posts) == 2
    post = receiver.posts[-1]
    key = base64.b64decode(endpoint.secret.removeprefix("whsec_"))
    signed = f"{post.headers['webhook-id']}.{post.headers['webhook-timestamp']}.".encode()
    expected = base64.b64encode(hmac.new(key, signed + post.body, hashlib.sha256).digest())
    assert post.headers["webhook-signature"] == "v1," + expected.decode()
    assert b"Maya" not in post.body

    deactivate = reverse("web:manage-webhook-deactivate", args=[endpoint.pk])
    assert client.post(deactivate).status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.active
    assert "Deactivated" in client.get(PAGE).content.decode()
    assert "already deactivated" in client.post(deactivate).content.decode()
    assert AdminEvent.objects.filter(kind="webhook_deactivated").count() == 1


def test_the_administrator_rotates_a_secret_shown_once_and_logged(
    partnership: Partnership, admin: Person
) -> None:
    social_care = AgencyFactory(home_partnership=partnership, kind=AgencyKind.SOCIAL_CARE)
    client = signed_in(admin)
    client.post(
        reverse("web:manage-webhook-add", args=[partnership.pk]),
        {"agency": social_care.pk, "name": "CMS", "url": "https://cms.example.org/",
         "events": ["case.raised"]},
    )  # fmt: skip
    endpoint = WebhookEndpoint.objects.get()
    old = endpoint.secret
    rotate = reverse("web:manage-webhook-rotate", args=[endpoint.pk])
    assert rotate in client.get(PAGE).content.decode()
    asked = client.get(rotate).content.decode()
    assert "Rotate the secret of CMS?" in asked
    assert old not in asked
    answer = client.post(rotate)
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    endpoint.refresh_from_db()
    text = answer.content.decode()
    assert endpoint.secret != old
    assert endpoint.secret in text  # shown this once
    assert old not in text
    assert endpoint.previous_secret == old
    assert "signed with the previous secret as well" in text
    history = reverse("web:manage-webhook-deliveries", args=[endpoint.pk])
    assert "signed with its previous secret too until" in client.get(history).content.decode()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(previous_secret_until=timezone.now())
    after = client.get(history)  # the day over: the new secret alone
    assert after.status_code == 200
    assert "previous secret" not in after.content.decode()
    assert endpoint.secret not in client.get(PAGE).content.decode()
    assert AdminEvent.objects.filter(kind="webhook_secret_rotated", actor=admin).count() == 1
    client.post(reverse("web:manage-webhook-deactivate", args=[endpoint.pk]))
    refused = client.post(rotate).content.decode()
    assert "govuk-error-summary" in refused
    assert "is deactivated" in refused
    assert AdminEvent.objects.filter(kind="webhook_secret_rotated").count() == 1


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (
            {"name": "", "url": "https://cms.example.org/", "events": ["case.raised"]},
            "Enter a name",
        ),
        (
            {"name": "CMS", "url": "", "events": ["case.raised"]},
            "Enter the address Accord posts to",
        ),
        (
            {"name": "CMS", "url": "http://cms.example.org/", "events": ["case.raised"]},
            "must start https://",
        ),
        (
            {"name": "CMS", "url": "https://cms.example.org/", "events": []},
            "Choose at least one kind",
        ),
        (
            {"name": "CMS", "url": "https://cms.example.org/", "events": ["case.x"]},
            "Choose from the kinds",
        ),
    ],
)
def test_bad_input_comes_back_with_an_error_summary(
    partnership: Partnership, admin: Person, posted: dict[str, object], message: str
) -> None:
    agency = AgencyFactory(home_partnership=partnership)
    answer = signed_in(admin).post(
        reverse("web:manage-webhook-add", args=[partnership.pk]), {"agency": agency.pk, **posted}
    )
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "govuk-error-summary" in text
    assert message in text
    assert "<title>Error:" in text
    assert not WebhookEndpoint.objects.exists()


def test_an_agency_of_another_partnership_cannot_be_chosen(
    partnership: Partnership, admin: Person
) -> None:
    elsewhere = AgencyFactory(home_partnership=PartnershipFactory())
    answer = signed_in(admin).post(
        reverse("web:manage-webhook-add", args=[partnership.pk]),
        {
            "agency": elsewhere.pk,
            "name": "CMS",
            "url": "https://cms.example.org/",
            "events": ["case.raised"],
        },
    )
    assert "Choose the agency whose system it is" in answer.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_adding_and_rotating_ask_for_the_code_again_after_a_while(
    partnership: Partnership, admin: Person
) -> None:
    """Both answer with a secret that leaves Accord, so both are behind "confirm it's you"."""
    secret = give_authenticator(admin)
    agency = AgencyFactory(home_partnership=partnership, kind=AgencyKind.SOCIAL_CARE)
    client = signed_in(admin)
    add = reverse("web:manage-webhook-add", args=[partnership.pk])
    values = {
        "agency": agency.pk,
        "name": "Children's system",
        "url": "https://cms.example.org/accord",
        "events": ["case.raised"],
    }
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        asked = client.post(add, values)
        assert asked.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        assert not WebhookEndpoint.objects.exists()
        client.post(asked.headers["Location"], {"code": totp_code(secret)})
        endpoint = WebhookEndpoint.objects.get()
    rotate = reverse("web:manage-webhook-rotate", args=[endpoint.pk])
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        before = endpoint.secret
        asked = client.post(rotate)
        assert asked.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        endpoint.refresh_from_db()
        assert endpoint.secret == before

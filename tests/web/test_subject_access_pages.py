"""The subject access pages: a partnership administrator finds a child's cases and downloads
them as a PDF and as JSON, after their authenticator code; each download is in each case's access
log; nothing identifying is in a URL, a title or a file name; other partnerships' requests are
not theirs to see."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases.models import AccessLog, SubjectAccessRequest
from accord.partnerships.models import Partnership
from tests.access.helpers import signed_in
from tests.factories import OpenCaseFactory, PartnershipFactory, PartnershipRoleFactory
from tests.signing_in import give_authenticator, totp_code

pytestmark = pytest.mark.django_db
BORN = date(2014, 3, 27)
ASK = reverse("web:manage-subject-access")


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory()


@pytest.fixture
def admin(partnership: Partnership) -> Person:
    return PartnershipRoleFactory(partnership=partnership, role="administrator").person


def _asked(client, **values):  # type: ignore[no-untyped-def]
    data = {"full_name": "Maya Patel", "date_of_birth_day": "27", "date_of_birth_month": "3",
            "date_of_birth_year": "2014", **values}  # fmt: skip
    return client.post(ASK, data)


def test_only_administrators_open_the_page(partnership: Partnership) -> None:
    practitioner = OpenCaseFactory(partnership=partnership).raised_by
    assert signed_in(practitioner).get(ASK).status_code == 403


def test_a_form_with_problems_is_shown_again_with_them(admin: Person) -> None:
    page = _asked(signed_in(admin), full_name="", date_of_birth_year="14")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Subject access – Accord</title>" in text
    assert "Enter the full name of the child or adult" in text
    assert "Year must include 4 numbers" in text
    assert not SubjectAccessRequest.objects.exists()


def test_an_administrator_finds_a_childs_cases_and_downloads_them(
    partnership: Partnership, admin: Person
) -> None:
    case = OpenCaseFactory(
        partnership=partnership, subject_name="Maya Patel", subject_date_of_birth=BORN
    )
    client = signed_in(admin)
    found = _asked(client)
    made = SubjectAccessRequest.objects.get()
    assert found.headers["Location"] == reverse("web:manage-subject-access-request", args=[made.pk])
    page = client.get(found.headers["Location"]).content.decode()
    assert f"<title>Subject access request {made.reference} – Accord</title>" in page
    assert case.reference in page
    assert "Maya" not in page

    pdf = client.get(reverse("web:manage-subject-access-download", args=[made.pk, "pdf"]))
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"] == (
        f'attachment; filename="{made.reference}-subject-access.pdf"'
    )
    exported = client.get(reverse("web:manage-subject-access-download", args=[made.pk, "json"]))
    data = json.loads(exported.content)
    assert data["cases"][0]["subject"]["name"] == "Maya Patel"
    assert list(
        AccessLog.objects.filter(case=case).order_by("pk").values_list("action", flat=True)
    ) == [
        f"subject access export {made.reference} (PDF)",
        f"subject access export {made.reference} (JSON)",
    ]
    listing = client.get(ASK).content.decode()
    assert made.reference in listing
    assert "Maya" not in listing


def test_another_partnerships_requests_are_refused(partnership: Partnership, admin: Person) -> None:
    _asked(signed_in(admin))
    made = SubjectAccessRequest.objects.get()
    stranger = signed_in(PartnershipRoleFactory(role="administrator").person)
    page = reverse("web:manage-subject-access-request", args=[made.pk])
    pdf = reverse("web:manage-subject-access-download", args=[made.pk, "pdf"])
    assert (stranger.get(page).status_code, stranger.get(pdf).status_code) == (403, 403)
    word = reverse("web:manage-subject-access-download", args=[made.pk, "doc"])
    assert signed_in(admin).get(word).status_code == 404
    assert not AccessLog.objects.exists()


def test_asking_and_downloading_need_the_code_again_after_a_while(admin: Person) -> None:
    secret = give_authenticator(admin)
    client = signed_in(admin)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert client.get(ASK).status_code == 200
        asked = _asked(client)
        assert asked.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        assert not SubjectAccessRequest.objects.exists()
        replayed = client.post(asked.headers["Location"], {"code": totp_code(secret)})
        made = SubjectAccessRequest.objects.get()
        assert replayed.headers["Location"] == reverse(
            "web:manage-subject-access-request", args=[made.pk]
        )
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        download = client.get(reverse("web:manage-subject-access-download", args=[made.pk, "pdf"]))
        assert download.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        assert not AccessLog.objects.exists()

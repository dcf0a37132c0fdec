"""The admin: every registered model's pages open; people are added by e-mail."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from accord.accounts.models import Person
from tests.factories import OpenCaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(PersonFactory(agency=None, is_staff=True, is_superuser=True))
    return client


def test_admin_pages_open(admin_client: Client) -> None:
    case = OpenCaseFactory()
    urls = [
        "/admin/",
        "/admin/accounts/person/",
        "/admin/accounts/person/add/",
        f"/admin/accounts/person/{case.raised_by.pk}/change/",
        f"/admin/accounts/agency/{case.raising_agency.pk}/change/",
        "/admin/accounts/partnershiprole/",
        "/admin/partnerships/partnership/add/",
        f"/admin/partnerships/policyversion/{case.policy_version.pk}/change/",
        "/admin/partnerships/bankholiday/",
        "/admin/partnerships/closure/add/",
        f"/admin/cases/case/{case.pk}/change/",
        "/admin/cases/caseevent/",
        "/admin/cases/accesslog/",
    ]
    for url in urls:
        assert admin_client.get(url).status_code == 200, url


def test_the_admin_shows_nothing_a_case_is_about(admin_client: Client) -> None:
    """Decision 6: the child's or adult's details, the decision and outcome texts and event
    payloads are read on the case pages (access checked and logged), never in the admin."""
    case = OpenCaseFactory(
        decision_summary="Closed after the home visit on Elm Lane",
        subject_date_of_birth=date(2016, 4, 9),
        subject_address="12 Quince Gardens",
    )
    subject = case.subject
    event = case.events.get()
    pages = [
        "/admin/cases/case/",
        f"/admin/cases/case/{case.pk}/change/",
        "/admin/cases/caseevent/",
        f"/admin/cases/caseevent/{event.pk}/change/",
        f"/admin/cases/case/?q={case.reference}",
    ]
    secrets = [subject.name, subject.address, subject.date_of_birth.strftime("%Y-%m-%d"),
               "Elm Lane", case.outcome_sought]  # fmt: skip
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert case.reference in html, url
        shown = [secret for secret in secrets if secret and secret in html]
        assert not shown, f"{url} shows {shown}"
    assert admin_client.get("/admin/cases/subject/").status_code == 404
    assert admin_client.get(f"/admin/cases/subject/{subject.pk}/change/").status_code == 404


def test_case_records_are_read_only_in_the_admin(admin_client: Client) -> None:
    case = OpenCaseFactory()
    assert admin_client.get("/admin/cases/case/add/").status_code == 403
    assert admin_client.get(f"/admin/cases/case/{case.pk}/delete/").status_code == 403


def test_an_administrator_adds_a_person(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/accounts/person/add/",
        {
            "email": "new.person@agency.example",
            "full_name": "New Person",
            "level": "practitioner",
            "usable_password": "true",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
            "partnership_roles-TOTAL_FORMS": "0",
            "partnership_roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(email="new.person@agency.example").full_name == "New Person"

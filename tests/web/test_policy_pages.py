"""The policy pages under /manage/policies/: upload (every problem as `LINE: message`, nothing
stored), the plain-English reading and the comparison with the version in force, publishing
from a date with the authenticator code, withdrawing, and the administration log."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import AdminEvent, Person
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.models import PolicyVersionState as State
from tests.access.helpers import signed_in
from tests.factories import (
    EXAMPLE_POLICY,
    RAISED_AT,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
)
from tests.signing_in import secret_of, totp_code

pytestmark = pytest.mark.django_db
TEXT = EXAMPLE_POLICY.read_text(encoding="utf-8")
STAGE_2_DUE = 'due = { within = 5, unit = "working_days" }'


@pytest.fixture(autouse=True)
def _on_raising_day() -> Iterator[None]:
    with time_machine.travel(RAISED_AT):
        yield


@pytest.fixture
def admin() -> Person:
    return PartnershipRoleFactory(
        role="administrator", person__authenticator=True, person__full_name="Ada Admin"
    ).person


@pytest.fixture
def partnership(admin: Person) -> Partnership:
    return admin.partnership_roles.get().partnership


def own_text(partnership: Partnership, version: str = "2026-04", stage_2_days: int = 5) -> str:
    """The example policy as the factories load it for `partnership`."""
    return (
        TEXT.replace('id = "example-borough"', f'id = "example-{partnership.slug}"', 1)
        .replace('version = "2026-04"', f'version = "{version}"', 1)
        .replace(STAGE_2_DUE, STAGE_2_DUE.replace("5", str(stage_2_days)), 1)
    )


def upload(client: Client, text: str, name: str = "borough.toml"):  # type: ignore[no-untyped-def]
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/toml")
    return client.post(reverse("web:manage-policy-upload"), {"file": file})


def test_an_invalid_file_shows_every_problem_by_line_and_stores_nothing(
    admin: Person, partnership: Partnership
) -> None:
    broken = own_text(partnership).replace('name = "First line managers"', "name = 5", 1)
    broken = broken.replace('raising = "senior_manager"', 'raising = "nobody"', 1)
    response = upload(signed_in(admin), broken)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Upload a policy file – Accord</title>" in html
    assert "The policy file has problems" in html
    lines = broken.splitlines()
    name_line = next(i for i, line in enumerate(lines, 1) if line == "name = 5")
    assert f"{name_line}: " in html
    assert html.count('<li><a href="#id_file">') == 2  # each problem in the summary
    assert not PolicyVersion.objects.exists()
    event = AdminEvent.objects.get()
    assert (event.kind, event.actor) == ("policy_check_failed", admin)
    assert event.details["problems"] == 2
    assert event.details["sha256"] == hashlib.sha256(broken.encode("utf-8")).hexdigest()


def test_a_valid_file_is_a_draft_with_its_plain_english_reading(
    admin: Person, partnership: Partnership
) -> None:
    client = signed_in(admin)
    response = upload(client, own_text(partnership))
    version = PolicyVersion.objects.get()
    assert response.headers["Location"] == reverse("web:manage-policy", args=[version.pk])
    assert version.state == State.DRAFT
    html = client.get(response.headers["Location"]).content.decode()
    assert "has been uploaded and checked" in html
    assert "The procedure in plain English" in html
    assert '<h3 class="govuk-heading-s">Who this procedure covers</h3>' in html  # explain's
    assert "What changes from" not in html  # nothing of this policy is in force
    again = upload(client, own_text(partnership))
    assert (
        "was already uploaded: nothing changed"
        in client.get(again.headers["Location"]).content.decode()
    )


def test_a_new_version_shows_what_changes_and_the_open_cases(
    admin: Person, partnership: Partnership
) -> None:
    in_force = PolicyVersionFactory(partnership=partnership)
    OpenCaseFactory(partnership=partnership, policy_version=in_force)
    client = signed_in(admin)
    response = upload(client, own_text(partnership, "2026-09", stage_2_days=7))
    html = client.get(response.headers["Location"]).content.decode()
    assert "What changes from version 2026-04" in html
    assert "within 5 working days of the stage starting" in html
    assert "within 7 working days of the stage starting" in html
    assert "1 open case on earlier versions keeps the version it was raised under" in html


def test_publishing_asks_for_a_date_today_or_later_and_the_code(
    admin: Person, partnership: Partnership
) -> None:
    client = signed_in(admin)
    upload(client, own_text(partnership))
    version = PolicyVersion.objects.get()
    url = reverse("web:manage-policy-publish", args=[version.pk])
    assert "Date it takes effect" in client.get(url).content.decode()
    past = client.post(
        url, {"effective_day": "31", "effective_month": "5", "effective_year": "2026"}
    )
    assert "The date it takes effect must be today or in the future" in past.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        asked = client.post(
            url, {"effective_day": "8", "effective_month": "6", "effective_year": "2026"}
        )
        assert asked.headers["Location"].startswith(reverse("mfa_reauthenticate"))
        version.refresh_from_db()
        assert version.state == State.DRAFT
        replayed = client.post(asked.headers["Location"], {"code": totp_code(secret_of(admin))})
        assert replayed.status_code == 302
    version.refresh_from_db()
    assert version.state == State.PUBLISHED
    assert version.effective_from.isoformat() == "2026-06-08"


def test_withdrawing_a_draft(admin: Person, partnership: Partnership) -> None:
    client = signed_in(admin)
    upload(client, own_text(partnership))
    version = PolicyVersion.objects.get()
    url = reverse("web:manage-policy-withdraw", args=[version.pk])
    unconfirmed = client.post(url, {})
    assert "Confirm that you want to withdraw this version" in unconfirmed.content.decode()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == State.WITHDRAWN
    again = upload(client, own_text(partnership))
    assert (
        "was withdrawn: nothing changed" in client.get(again.headers["Location"]).content.decode()
    )
    assert PolicyVersion.objects.get().state == State.WITHDRAWN


def test_the_log_shows_each_change_with_the_files_hash(
    admin: Person, partnership: Partnership
) -> None:
    client = signed_in(admin)
    upload(client, own_text(partnership))
    version = PolicyVersion.objects.get()
    html = client.get(reverse("web:manage-changes")).content.decode()
    assert f"Policy uploaded and checked: {version.policy_id} 2026-04" in html
    assert f"File SHA-256: {version.sha256}" in html


def test_only_that_partnerships_administrators_and_site_administrators(
    partnership: Partnership, admin: Person
) -> None:
    upload(signed_in(admin), own_text(partnership))
    version = PolicyVersion.objects.get()
    page = reverse("web:manage-policy", args=[version.pk])
    other = PartnershipRoleFactory(role="administrator").person
    assert signed_in(other).get(page).status_code == 403
    assert (
        partnership.name
        not in signed_in(other).get(reverse("web:manage-policies")).content.decode()
    )
    assert signed_in(PersonFactory()).get(reverse("web:manage-policies")).status_code == 403
    site_admin = PersonFactory(agency=None, is_staff=True, is_superuser=True)
    client = signed_in(site_admin)
    assert client.get(page).status_code == 200
    assert partnership.name in client.get(reverse("web:manage-policies")).content.decode()
    assert client.get(reverse("web:manage-policy", args=[version.pk + 1000])).status_code == 404

"""The retention pages: a partnership administrator sees how long closed cases are kept, sets
the partnership's own period, places a legal hold by case reference and lifts it, each with a
reason; bad input is shown again with its error; the purge log lists what was removed, by
reference only."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from accord.accounts.models import AdminEvent, Person
from accord.cases.models import CaseEvent, LegalHold
from accord.cases.retention import run_retention
from accord.engine.london import LONDON, london_date
from accord.partnerships.models import Partnership
from tests.access.helpers import signed_in
from tests.factories import (
    ClosedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
)

pytestmark = pytest.mark.django_db
PAGE = reverse("web:manage-retention")
HOLD = reverse("web:manage-legal-hold-add")


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory()


@pytest.fixture
def admin(partnership: Partnership) -> Person:
    return PartnershipRoleFactory(partnership=partnership, role="administrator").person


def test_the_page_says_how_long_cases_are_kept_and_what_was_removed(
    partnership: Partnership, admin: Person
) -> None:
    case = ClosedCaseFactory(partnership=partnership, subject_name="Maya Patel")
    closed_on = london_date(case.closed_at)  # type: ignore[arg-type]
    run_retention(now=datetime.combine(date(closed_on.year + 7, 1, 5), time(3), tzinfo=LONDON))

    text = signed_in(admin).get(PAGE).content.decode()

    assert "As each case&#x27;s policy says" in text
    assert case.reference in text
    assert "The child&#x27;s or adult&#x27;s details (1)" in text
    assert "Maya" not in text
    case_page = signed_in(case.raised_by).get(reverse("web:case-detail", args=[case.reference]))
    assert case_page.status_code == 200  # a removed case still opens, with its texts empty
    assert "Personal details removed" in case_page.content.decode()


def test_an_administrator_sets_the_partnerships_own_period(
    partnership: Partnership, admin: Person
) -> None:
    url = reverse("web:manage-retention-rule", args=[partnership.pk])
    client = signed_in(admin)

    bad = client.post(url, {"years_after_closure": "six", "until_age": "120"})

    assert bad.status_code == 200
    assert "<title>Error: Retention period" in bad.content.decode()
    assert "Years after the case closes must be a whole number from 1 to 99" in bad.content.decode()
    assert "The age must be a whole number from 0 to 99" in bad.content.decode()
    assert client.post(url, {"years_after_closure": "10", "until_age": ""}).status_code == 302
    partnership.refresh_from_db()
    assert (partnership.retention_years_after_closure, partnership.retention_until_age) == (
        10,
        None,
    )
    assert AdminEvent.objects.filter(kind="retention_changed").exists()
    assert "kept for 10 years after it closes, or until" in client.get(PAGE).content.decode()


def test_an_administrator_places_a_hold_by_reference_and_lifts_it(
    partnership: Partnership, admin: Person
) -> None:
    case = OpenCaseFactory(partnership=partnership)
    client = signed_in(admin)

    missing = client.post(HOLD, {"reference": "ACC-1999-00001", "reason": "A claim"})
    assert "None of your partnerships has a case ACC-1999-00001" in missing.content.decode()
    no_reason = client.post(HOLD, {"reference": case.reference, "reason": ""})
    assert "Say why the legal hold is placed" in no_reason.content.decode()
    placed = client.post(HOLD, {"reference": case.reference.lower(), "reason": "A claim"})

    assert placed.status_code == 302
    hold = LegalHold.objects.get(case=case, lifted_at__isnull=True)
    assert case.reference in client.get(PAGE).content.decode()
    lift = reverse("web:manage-legal-hold-lift", args=[hold.pk])
    assert client.post(lift, {"reason": "Settled"}).status_code == 302
    hold.refresh_from_db()
    assert hold.lift_reason == "Settled"
    assert hold.lifted_by == admin
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-2:] == ["legal_hold_placed", "legal_hold_lifted"]


def test_another_partnerships_administrator_cannot_hold_its_cases(partnership: Partnership) -> None:
    case = OpenCaseFactory(partnership=partnership)
    other = PartnershipRoleFactory(role="administrator").person
    page = signed_in(other).post(HOLD, {"reference": case.reference, "reason": "A claim"})
    assert f"None of your partnerships has a case {case.reference}" in page.content.decode()
    assert not LegalHold.objects.exists()

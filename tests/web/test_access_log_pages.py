"""The access logs: per case (`/cases/<reference>/access-log/`) and per person
(`/manage/people/<id>/access-log/`), for the partnership's oversight staff, paginated."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.cases.actions import log_case_view
from accord.cases.models import AccessLog
from accord.partnerships.models import RoleAssignment
from tests.access.helpers import World, build_world, signed_in
from tests.factories import OpenCaseFactory, PartnershipRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_the_case_page_links_its_access_log_for_oversight_staff_only(world: World) -> None:
    url = reverse("web:case-access-log", args=[world.case.reference])
    detail = reverse("web:case-detail", args=[world.case.reference])
    assert url in signed_in(world["business_manager"]).get(detail).content.decode()
    assert url not in signed_in(world["raiser"]).get(detail).content.decode()


def test_the_case_access_log_lists_every_view_newest_first(world: World) -> None:
    signed_in(world["raiser"]).get(
        reverse("web:case-detail", args=[world.case.reference]), REMOTE_ADDR="192.0.2.10"
    )
    signed_in(world["receiving_holder"]).get(
        reverse("web:case-detail", args=[world.case.reference]), REMOTE_ADDR="192.0.2.11"
    )
    client = signed_in(world["business_manager"])
    response = client.get(reverse("web:case-access-log", args=[world.case.reference]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Access log – {world.case.reference} – Accord</title>" in html
    assert html.index("Receiving 2") < html.index("Raiser")
    assert "192.0.2.10" in html
    assert "192.0.2.11" in html
    assert "Viewed case page" in html
    person_log = reverse("web:manage-person-access-log", args=[world["raiser"].pk])
    assert person_log in html
    last = AccessLog.objects.order_by("-pk").first()
    assert last is not None
    assert (last.person, last.action) == (world["business_manager"], "viewed access log")


def test_the_case_access_log_is_a_404_for_everyone_else(world: World) -> None:
    url = reverse("web:case-access-log", args=[world.case.reference])
    for kind in ("raiser", "receiving_holder", "panel_member", "lead_involved_agency",
                 "other_partnership_admin"):  # fmt: skip
        assert signed_in(world[kind]).get(url).status_code == 404, kind
    assert not AccessLog.objects.filter(action="viewed access log").exists()


def test_the_case_access_log_is_paginated(world: World) -> None:
    now = timezone.now()
    for _ in range(120):
        log_case_view(person=world["raiser"], case=world.case, now=now)
    client = signed_in(world["independent_chair"])
    url = reverse("web:case-access-log", args=[world.case.reference])
    first = client.get(url).content.decode()
    assert "Page 1 of 3" in first
    assert first.count('<tr class="govuk-table__row">') == 51  # the head and 50 rows
    last = client.get(url, {"page": 3}).content.decode()
    assert "Page 3 of 3" in last


def test_a_persons_access_log_shows_only_cases_the_reader_sees(world: World) -> None:
    raiser = world["raiser"]
    elsewhere = OpenCaseFactory()  # another partnership's case, between its own agencies
    RoleAssignment.objects.create(  # which the raiser sees: assigned a role there
        partnership=elsewhere.partnership, role_key="lscb_team", person=raiser
    )
    now = timezone.now()
    log_case_view(person=raiser, case=world.case, now=now)
    log_case_view(person=raiser, case=elsewhere, now=now)
    url = reverse("web:manage-person-access-log", args=[raiser.pk])
    html = signed_in(world["business_manager"]).get(url).content.decode()
    assert world.case.reference in html
    assert elsewhere.reference not in html
    their_staff = PartnershipRoleFactory(partnership=elsewhere.partnership).person
    assert signed_in(their_staff).get(url).status_code == 403  # the raiser is not theirs


def test_a_persons_access_log_is_refused_to_others(world: World) -> None:
    url = reverse("web:manage-person-access-log", args=[world["raiser"].pk])
    for kind in ("raiser", "panel_member", "manager_up_chain", "other_partnership_admin"):
        assert signed_in(world[kind]).get(url).status_code == 403, kind
    missing = reverse("web:manage-person-access-log", args=[999999])
    assert signed_in(world["administrator"]).get(missing).status_code == 403

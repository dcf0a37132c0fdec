"""The set-up checklist: what a partnership lacks before it can go live, and going live."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from accord.accounts import actions
from accord.accounts.models import AdminEvent, AgencyKind, PartnershipRole, Person
from accord.partnerships.models import Partnership, RoleAssignment
from accord.partnerships.readiness import gaps
from tests.factories import (
    AgencyFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)
ASSIGNABLE = ("safeguarding_lead", "standards_manager", "independent_team_manager")


def new_partnership() -> tuple[Partnership, Person]:
    partnership = PartnershipFactory(live=False)
    admin = PartnershipRoleFactory(partnership=partnership, role="administrator").person
    return partnership, admin


def make_ready(partnership: Partnership) -> None:
    """Everything the checklist asks for, under the example policy."""
    PolicyVersionFactory(partnership=partnership)
    school = AgencyFactory(home_partnership=partnership, kind=AgencyKind.EDUCATION)
    AgencyFactory(home_partnership=partnership, kind=AgencyKind.POLICE)
    lead = PersonFactory(agency=school)
    PartnershipRoleFactory(partnership=partnership, role="business_manager")
    PartnershipRoleFactory(partnership=partnership, role="independent_chair")
    for key in ASSIGNABLE:
        RoleAssignment.objects.create(partnership=partnership, role_key=key, person=lead)


def topics(partnership: Partnership) -> list[str]:
    return [gap.topic for gap in gaps(partnership, on=TODAY)]


def test_an_empty_partnership_lacks_its_policy_agencies_people_and_business_manager() -> None:
    partnership, _ = new_partnership()
    assert topics(partnership) == ["policy", "agencies", "people", "staff"]


def test_a_partnership_with_everything_has_no_gaps() -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    assert gaps(partnership, on=TODAY) == []


@pytest.mark.parametrize("key", ASSIGNABLE)
def test_a_role_the_policy_names_that_nobody_holds_is_a_gap(key: str) -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    RoleAssignment.objects.filter(partnership=partnership, role_key=key).delete()
    found = gaps(partnership, on=TODAY)
    assert [g.topic for g in found] == ["roles"]
    assert f"({key})" in found[0].message


def test_a_role_held_by_a_deactivated_person_is_not_held() -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    PartnershipRole.objects.filter(partnership=partnership, role="independent_chair").update(
        person=PersonFactory(agency=None, is_active=False)
    )
    assert [g.message for g in gaps(partnership, on=TODAY)] == [
        "Nobody holds the role the policy calls “Partnership independent chair” (independent_chair)"
    ]


def test_stage_holder_roles_need_nobody_assigned() -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    messages = " ".join(g.message for g in gaps(partnership, on=TODAY))
    assert "practitioner" not in messages
    assert "first_line_manager" not in messages


def test_one_agency_is_not_enough_for_disagreements_between_agencies() -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    partnership.home_agencies.filter(kind=AgencyKind.POLICE).delete()
    assert topics(partnership) == ["agencies"]


def test_no_business_manager_is_a_gap() -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    PartnershipRole.objects.filter(partnership=partnership, role="business_manager").delete()
    assert topics(partnership) == ["staff"]


def test_going_live_is_refused_while_there_are_gaps() -> None:
    partnership, admin = new_partnership()
    with pytest.raises(actions.AdminActionRejected, match="4 things on the checklist"):
        actions.go_live(actor=admin, partnership=partnership, now=timezone.now())
    partnership.refresh_from_db()
    assert not partnership.live
    assert not AdminEvent.objects.filter(kind="partnership_live").exists()


def test_going_live_when_ready_is_recorded_and_happens_once() -> None:
    partnership, admin = new_partnership()
    make_ready(partnership)
    actions.go_live(actor=admin, partnership=partnership, now=timezone.now())
    partnership.refresh_from_db()
    assert partnership.live
    event = AdminEvent.objects.get(kind="partnership_live")
    assert (event.actor, event.partnership) == (admin, partnership)
    with pytest.raises(actions.AdminActionRejected, match="already live"):
        actions.go_live(actor=admin, partnership=partnership, now=timezone.now())


def test_only_its_administrators_or_a_site_administrator_make_it_live() -> None:
    partnership, _ = new_partnership()
    make_ready(partnership)
    other_admin = PartnershipRoleFactory(role="administrator").person
    with pytest.raises(actions.AdminActionRejected, match="do not administer"):
        actions.go_live(actor=other_admin, partnership=partnership, now=timezone.now())
    site_admin = PersonFactory(agency=None, is_superuser=True, is_staff=True)
    actions.go_live(actor=site_admin, partnership=partnership, now=timezone.now())
    partnership.refresh_from_db()
    assert partnership.live

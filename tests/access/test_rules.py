"""The access rules one by one: who sees a case, and who may do what on it."""

from __future__ import annotations

import pytest

from accord.accounts.models import Level
from accord.cases import access
from accord.cases.models import Case, Holding, Task
from accord.partnerships.models import RoleAssignment
from tests.factories import (
    AgencyFactory,
    ClosedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
    PolicyVersionFactory,
)

from .helpers import World, build_world

pytestmark = pytest.mark.django_db


def sees(person: object, case: Case) -> bool:
    return access.cases_visible_to(person).filter(pk=case.pk).exists()  # type: ignore[arg-type]


def rights(world: World, kind: str) -> access.CaseAccess:
    case = access.get_case_for(world[kind], world.case.reference)
    return access.case_access(world[kind], case, Holding.objects.filter(case=case))


@pytest.fixture
def world() -> World:
    return build_world()


def test_who_sees_the_case(world: World) -> None:
    seen = {kind for kind, person in world.people.items() if sees(person, world.case)}
    assert seen == {
        "raiser", "receiving_holder_1", "raising_holder", "receiving_holder",
        "manager_up_chain", "lead_involved_agency", "business_manager", "independent_chair",
        "panel_member", "administrator", "neighbour_staff",
    }  # fmt: skip


def test_a_partnership_an_agency_merely_serves_does_not_see_its_cases() -> None:
    case = OpenCaseFactory()
    neighbour = PartnershipFactory()
    staff = PartnershipRoleFactory(partnership=neighbour).person
    case.receiving_agency.serves.add(neighbour)
    assert not sees(staff, case)
    case.receiving_agency.home_partnership = neighbour
    case.receiving_agency.save()
    assert sees(staff, case)


def test_staff_of_an_agencys_home_partnership_see_its_cases() -> None:
    neighbour = PartnershipFactory()
    version = PolicyVersionFactory()
    agency = AgencyFactory(home_partnership=neighbour)
    agency.serves.add(version.partnership)
    case = OpenCaseFactory(
        partnership=version.partnership, policy_version=version, receiving_agency=agency
    )
    agency.serves.clear()  # it no longer works there; its home partnership still sees the case
    staff = PartnershipRoleFactory(partnership=neighbour, role="panel_member").person
    assert sees(staff, case)


def test_administrators_of_other_partnerships_see_nothing() -> None:
    case = OpenCaseFactory()
    for role in ("administrator", "business_manager", "independent_chair", "panel_member"):
        assert not sees(PartnershipRoleFactory(role=role).person, case), role


def test_people_assigned_a_policy_role_see_its_cases() -> None:
    case = OpenCaseFactory()
    whole = PersonFactory(agency=None)
    for_agency = PersonFactory(agency=case.receiving_agency)
    other_agency = PersonFactory(agency=case.receiving_agency)
    RoleAssignment.objects.create(partnership=case.partnership, role_key="lscb_team", person=whole)
    RoleAssignment.objects.create(
        partnership=case.partnership, role_key="designated", person=for_agency,
        agency=case.receiving_agency,
    )  # fmt: skip
    RoleAssignment.objects.create(
        partnership=case.partnership, role_key="designated", person=other_agency,
        agency=AgencyFactory(home_partnership=case.partnership),
    )  # fmt: skip
    assert sees(whole, case)
    assert sees(for_agency, case)
    assert not sees(other_agency, case)


def test_a_deactivated_person_sees_nothing_and_may_do_nothing(world: World) -> None:
    holder = world["receiving_holder"]
    holder.is_active = False
    holder.save()
    assert not sees(holder, world.case)
    rule = access.case_access(holder, world.case, Holding.objects.filter(case=world.case))
    assert not access.may_respond(rule)
    assert not access.may_escalate(rule)


def test_a_chain_of_any_depth_sees_in_one_query(django_assert_num_queries: object) -> None:
    world = build_world(chain_depth=6)
    top = world["manager_up_chain"]
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert access.get_case_for(top, world.case.reference) == world.case


def test_only_the_receiving_holder_responds(world: World) -> None:
    allowed = {k for k in world.people if access.may_respond(rights_or_none(world, k))}
    assert allowed == {"receiving_holder"}


def rights_or_none(world: World, kind: str) -> access.CaseAccess:
    """The person's access, or an empty one when they cannot see the case."""
    try:
        return rights(world, kind)
    except Case.DoesNotExist:
        return access.case_access(world[kind], world.case, ())


def allowed_by(world: World, rule: object, *args: object) -> set[str]:
    return {k for k in world.people if rule(rights_or_none(world, k), *args)}  # type: ignore[operator]


def test_only_current_holders_escalate_resolve_and_complete_steps(world: World) -> None:
    for rule in (access.may_escalate, access.may_resolve, access.may_complete_step):
        assert allowed_by(world, rule) == {"raising_holder", "receiving_holder"}, rule


def test_only_decision_staff_record_the_final_decision(world: World) -> None:
    assert allowed_by(world, access.may_record_decision) == {
        "business_manager", "independent_chair", "panel_member",
    }  # fmt: skip


def test_sign_off_by_side(world: World) -> None:
    assert allowed_by(world, access.may_sign_off, "raising") == {"raising_holder", "raiser"}
    assert allowed_by(world, access.may_sign_off, "receiving") == {"receiving_holder"}
    assert allowed_by(world, access.may_sign_off, "neither") == set()


def test_withdraw_refer_close(world: World) -> None:
    assert allowed_by(world, access.may_withdraw) == {"raiser", "raising_holder"}
    assert allowed_by(world, access.may_refer) == {
        "raising_holder", "receiving_holder", "business_manager",
    }  # fmt: skip
    assert allowed_by(world, access.may_close) == {
        "raiser", "raising_holder", "receiving_holder", "business_manager", "independent_chair",
    }  # fmt: skip


def test_tasks_and_meetings(world: World) -> None:
    holders = {"raising_holder", "receiving_holder"}
    staff = {"business_manager", "independent_chair", "panel_member"}
    assert allowed_by(world, access.may_add_task) == holders | staff | {"raiser"}
    assert allowed_by(world, access.may_record_meeting) == holders | staff
    task = Task(owner=world["colleague_same_agency"], created_by=world["raiser"])
    assert allowed_by(world, access.may_complete_task, task) == holders | {
        "colleague_same_agency", "raiser", "business_manager",
    }  # fmt: skip


def test_only_oversight_staff_of_a_partnership_involved_read_the_access_log(
    world: World,
) -> None:
    assert allowed_by(world, access.may_view_access_log) == {
        "business_manager", "independent_chair", "administrator", "neighbour_staff",
    }  # fmt: skip


def test_nobody_holds_a_closed_case() -> None:
    case = ClosedCaseFactory()
    rule = access.case_access(case.raised_by, case, Holding.objects.filter(case=case))
    assert not rule.holds()
    assert not access.may_respond(rule)


def test_the_rules_are_pure_once_loaded(world: World, django_assert_num_queries: object) -> None:
    person = world["receiving_holder"]
    case = access.get_case_for(person, world.case.reference)
    holdings = list(Holding.objects.filter(case=case))
    rule = access.case_access(person, case, holdings)  # loads the person's roles once
    with django_assert_num_queries(0):  # type: ignore[operator]
        access.case_access(person, case, holdings)
        for check in (access.may_respond, access.may_escalate, access.may_record_decision):
            check(rule)


def test_administration_scope() -> None:
    partnership = PartnershipFactory()
    admin = PartnershipRoleFactory(partnership=partnership, role="administrator").person
    mine = AgencyFactory(home_partnership=partnership)
    theirs = AgencyFactory()
    theirs.serves.add(partnership)  # serving us does not make it ours to manage
    staff_only = PartnershipRoleFactory(partnership=partnership, role="independent_chair").person
    assert set(access.managed_agencies(admin)) == {mine}
    people = {PersonFactory(agency=mine), PersonFactory(agency=mine, level=Level.DIRECTOR)}
    PersonFactory(agency=theirs)
    assert set(access.managed_people(admin)) == people | {admin, staff_only}
    assert access.may_manage_agency(admin, mine)
    assert not access.may_manage_agency(admin, theirs)
    bm = PartnershipRoleFactory(partnership=partnership, role="business_manager").person
    assert not access.is_administrator(bm)
    assert access.may_read_access_log_of(bm, PersonFactory(agency=theirs))
    assert not access.may_read_access_log_of(bm, PersonFactory())


def test_the_case_page_and_the_list_agree_on_who_sees_what(world: World) -> None:
    """The case page walks the chains up from the parties, the list down from the reader."""
    others = [OpenCaseFactory(partnership=world.home), ClosedCaseFactory()]
    for kind, person in world.people.items():
        for case in [world.case, *others]:
            in_list = sees(person, case)
            on_page = access.readable_by(person).filter(pk=case.pk).exists()
            assert in_list == on_page, (kind, case.reference)


def test_a_cycle_above_the_parties_is_harmless(world: World) -> None:
    top = world["manager_up_chain"]
    top.line_manager = world["raising_holder"]  # the chain now loops
    top.save()
    assert access.get_case_for(top, world.case.reference) == world.case
    stranger = PersonFactory(agency=world.case.raising_agency)
    loop = PersonFactory(agency=world.case.raising_agency, line_manager=stranger)
    stranger.line_manager = loop
    stranger.save()
    with pytest.raises(Case.DoesNotExist):
        access.get_case_for(stranger, world.case.reference)

"""Who may see a case: its parties, their chains upward, the agencies' leads, the partnership."""

from __future__ import annotations

import pytest

from accord.accounts.models import Level
from accord.cases.models import Case
from accord.cases.queries import cases_visible_to, get_case_for
from tests.factories import (
    AgencyFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def sees(person: object, case: Case) -> bool:
    return cases_visible_to(person).filter(pk=case.pk).exists()  # type: ignore[arg-type]


def test_the_raiser_and_both_holders_see_it() -> None:
    case = OpenCaseFactory()
    assert sees(case.raised_by, case)
    receiving_holder = case.holdings.get(side="receiving").person
    assert sees(receiving_holder, case)


def test_holders_of_earlier_stages_still_see_it() -> None:
    case = EscalatedCaseFactory(to_stage=3)
    for holding in case.holdings.all():
        assert sees(holding.person, case)


def test_managers_up_the_chain_see_it_and_colleagues_do_not() -> None:
    case = OpenCaseFactory()
    director = PersonFactory(agency=case.raising_agency, level=Level.DIRECTOR)
    senior = PersonFactory(
        agency=case.raising_agency, level=Level.SENIOR_MANAGER, line_manager=director
    )
    manager = PersonFactory(
        agency=case.raising_agency, level=Level.FIRST_LINE_MANAGER, line_manager=senior
    )
    raiser = case.raised_by
    raiser.line_manager = manager
    raiser.save()
    colleague = PersonFactory(agency=case.raising_agency, line_manager=manager)
    for person in (manager, senior, director):
        assert sees(person, case), person
    assert not sees(colleague, case)


def test_a_cycle_in_the_chains_does_not_hang() -> None:
    case = OpenCaseFactory()
    a = PersonFactory(agency=case.raising_agency)
    b = PersonFactory(agency=case.raising_agency, line_manager=a)
    a.line_manager = b
    a.save()
    assert not sees(a, case)


def test_safeguarding_leads_of_the_agencies_involved_see_it() -> None:
    case = OpenCaseFactory()
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    other_agency_lead = PersonFactory(
        agency=AgencyFactory(home_partnership=case.partnership), is_safeguarding_lead=True
    )
    assert sees(lead, case)
    assert not sees(other_agency_lead, case)


def test_unrelated_person_in_the_same_agency_does_not_see_it() -> None:
    case = OpenCaseFactory()
    assert not sees(PersonFactory(agency=case.raising_agency), case)
    assert not sees(PersonFactory(agency=case.receiving_agency), case)


def test_partnership_staff_see_their_partnership_only() -> None:
    case = OpenCaseFactory()
    own = PartnershipRoleFactory(partnership=case.partnership).person
    other = PartnershipRoleFactory(partnership=PartnershipFactory()).person
    assert sees(own, case)
    assert not sees(other, case)


def test_inactive_people_see_nothing() -> None:
    case = OpenCaseFactory()
    case.raised_by.is_active = False
    assert not sees(case.raised_by, case)


def test_get_case_for_raises_does_not_exist_for_an_invisible_case() -> None:
    case = OpenCaseFactory()
    assert get_case_for(case.raised_by, case.reference) == case
    with pytest.raises(Case.DoesNotExist):
        get_case_for(PersonFactory(), case.reference)
    with pytest.raises(Case.DoesNotExist):
        get_case_for(case.raised_by, "ACC-2026-99999")


def test_visibility_is_one_query(django_assert_num_queries: object) -> None:
    case = EscalatedCaseFactory(to_stage=3)
    lead = PersonFactory(agency=case.receiving_agency, is_safeguarding_lead=True)
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert list(cases_visible_to(lead)) == [case]

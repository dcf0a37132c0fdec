"""The actions a page offers are exactly those the access rules let the person take and the
engine's `why_not` allows now; each refused one has its reason, and the action refuses it too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accord.accounts.models import Person
from accord.cases import access, actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, Holding
from accord.cases.offers import PERMISSIONS
from accord.cases.queries import case_page_for
from accord.engine.refusals import ACTION_EVENTS
from tests.factories import (
    ClosedCaseFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    SignedOffCaseFactory,
    WithdrawnCaseFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db

# Each action's access rule, written out from `accord.cases.access` (not read from PERMISSIONS).
RULES: dict[str, Callable[[access.CaseAccess], bool]] = {
    "respond": access.may_respond,
    "complete_step": access.may_complete_step,
    "escalate": access.may_escalate,
    "set_deadline": access.may_set_deadline,
    "set_fact": access.may_set_fact,
    "resolve": access.may_resolve,
    "record_decision": access.may_record_decision,
    "sign_off_raising": lambda who: access.may_sign_off(who, "raising"),
    "sign_off_receiving": lambda who: access.may_sign_off(who, "receiving"),
    "refer": access.may_refer,
    "convene_panel": access.may_convene_panel,
    "record_debrief": access.may_record_debrief,
    "close": access.may_close,
    "withdraw": access.may_withdraw,
    "add_task": access.may_add_task,
    "record_meeting": access.may_record_meeting,
    "take_over_raising": lambda who: access.may_take_over(who, "raising"),
    "take_over_receiving": lambda who: access.may_take_over(who, "receiving"),
    "record_advice": access.may_record_advice,
}


def held(case: Case, side: str) -> Person:
    """Who last held `side` (a closed case has no current holder)."""
    return Holding.objects.filter(case=case, side=side).latest("started_at").person


def people(case: Case) -> dict[str, Person]:
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager")
    return {
        "raiser": case.raised_by,
        "raising holder": held(case, "raising"),
        "receiving holder": held(case, "receiving"),
        "business manager": manager.person,
    }


FACTORIES: list[Any] = [
    OpenCaseFactory,
    ResolvedCaseFactory,
    SignedOffCaseFactory,
    ReferredCaseFactory,
    ClosedCaseFactory,
    WithdrawnCaseFactory,
]


def test_every_action_has_its_access_rule() -> None:
    assert PERMISSIONS.keys() == ACTION_EVENTS.keys() == RULES.keys()


@pytest.mark.parametrize("factory", FACTORIES)
def test_the_offers_are_what_access_and_why_not_allow(factory: Any) -> None:
    case = factory()
    now = later(case, 1)
    for who, person in people(case).items():
        page = case_page_for(person, case.reference, now=now, replayed=True)
        expected = {a for a in ACTION_EVENTS if RULES[a](page.access) and page.why_not(a) is None}
        assert page.offers == expected, who
    if factory in (ClosedCaseFactory, WithdrawnCaseFactory):
        assert not page.offers


def test_a_forged_second_response_is_refused_with_the_pages_words() -> None:
    case = OpenCaseFactory()
    receiving = holder(case, "receiving")
    actions.record_response(case=case, actor=receiving, position="disagree", now=later(case, 1))
    page = case_page_for(receiving, case.reference, now=later(case, 2), replayed=True)
    assert "respond" not in page.offers
    assert page.why_not("respond") == "the receiving side has already responded at stage 1"
    with pytest.raises(CaseActionRejected) as refused:
        actions.record_response(case=case, actor=receiving, position="agree", now=later(case, 2))
    assert refused.value.message == "The receiving side has already responded at stage 1"


def test_a_person_the_rules_refuse_is_told_who_may() -> None:
    case = OpenCaseFactory()
    with pytest.raises(CaseActionRejected) as refused:
        actions.withdraw_case(
            case=case, actor=holder(case, "receiving"), reason="x", now=later(case, 1)
        )
    assert refused.value.message == PERMISSIONS["withdraw"].refusal

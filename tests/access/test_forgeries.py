"""The actions refuse whoever may not act, whatever a page did: a forged request changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accord.accounts.models import Level
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import Case, CaseEvent, Holding, Meeting, Outcome, SignOff, Task
from tests.factories import (
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
    holder,
    later,
)

from .helpers import World, build_world

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count() for m in (CaseEvent, Holding, Meeting, Outcome, SignOff, Task)
    }


def refused(call: Callable[..., Any], **kwargs: Any) -> str:
    before = counts()
    with pytest.raises(CaseActionRejected) as refusal:
        call(**kwargs)
    assert counts() == before
    return refusal.value.message


OUTSIDERS = ["raiser", "colleague_same_agency", "manager_up_chain", "lead_involved_agency",
             "administrator", "other_partnership_staff", "receiving_holder_1"]  # fmt: skip


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize("kind", [*OUTSIDERS, "raising_holder"])
def test_only_the_receiving_holder_responds(world: World, kind: str) -> None:
    message = refused(
        actions.record_response, case=world.case, actor=world[kind], position="agree",
        now=later(world.case, 1),
    )  # fmt: skip
    assert "receiving side's holder" in message


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_only_holders_escalate(world: World, kind: str) -> None:
    case = world.case
    message = refused(
        actions.escalate_case, case=case, actor=world[kind],
        raising_holder=PersonFactory(agency=case.raising_agency, level=Level.SERVICE_LEADER),
        receiving_holder=PersonFactory(agency=case.receiving_agency, level=Level.SERVICE_LEADER),
        reason="Forged", now=later(case, 1),
    )  # fmt: skip
    assert "holders" in message


def test_escalation_names_holders_of_the_right_agencies(world: World) -> None:
    case = world.case
    colleague = world["colleague_same_agency"]
    message = refused(
        actions.escalate_case, case=case, actor=world["raising_holder"],
        raising_holder=colleague, receiving_holder=colleague, reason="Wrong agency",
        now=later(case, 1),
    )  # fmt: skip
    assert "must work for" in message


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_only_holders_resolve_or_complete_steps(world: World, kind: str) -> None:
    refused(
        actions.resolve_case, case=world.case, actor=world[kind], agreed_outcome="Forged",
        now=later(world.case, 1),
    )  # fmt: skip
    refused(
        actions.complete_step, case=world.case, actor=world[kind], step="response",
        now=later(world.case, 1),
    )  # fmt: skip


def test_a_referred_case_is_decided_by_partnership_staff_only() -> None:
    case = ReferredCaseFactory()
    for actor in (holder(case, "raising"), holder(case), case.raised_by):
        message = refused(
            actions.resolve_case, case=case, actor=actor, agreed_outcome="Decided",
            now=later(case, 1),
        )  # fmt: skip
        assert "business manager, independent chair or panel members" in message
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    refused(actions.resolve_case, case=case, actor=admin, agreed_outcome="x", now=later(case, 1))
    chair = PartnershipRoleFactory(partnership=case.partnership, role="independent_chair").person
    outcome = actions.resolve_case(
        case=case, actor=chair, agreed_outcome="The chair decides", now=later(case, 1)
    )
    assert outcome.recorded_by == chair


def test_each_side_signs_off_for_itself() -> None:
    case = ResolvedCaseFactory()
    receiving = holder(case)
    refused(actions.sign_off, case=case, actor=receiving, side="raising", now=later(case, 1))
    refused(actions.sign_off, case=case, actor=case.raised_by, side="receiving", now=later(case, 1))
    stranger = PersonFactory(agency=case.receiving_agency)
    refused(actions.sign_off, case=case, actor=stranger, side="receiving", now=later(case, 1))
    actions.sign_off(case=case, actor=receiving, side="receiving", now=later(case, 1))
    actions.sign_off(case=case, actor=case.raised_by, side="raising", now=later(case, 2))
    assert Case.objects.get(pk=case.pk).status == "signed_off"


@pytest.mark.parametrize("kind", ["receiving_holder", "colleague_same_agency", "business_manager"])
def test_only_the_raising_side_withdraws(world: World, kind: str) -> None:
    refused(
        actions.withdraw_case, case=world.case, actor=world[kind], reason="Forged",
        now=later(world.case, 1),
    )  # fmt: skip


def test_the_raiser_may_withdraw_after_escalation(world: World) -> None:
    actions.withdraw_case(
        case=world.case, actor=world["raiser"], reason="Resolved", now=later(world.case, 1)
    )


def test_refer_and_close_are_refused_to_outsiders() -> None:
    case = OpenCaseFactory()
    stranger = PersonFactory(agency=case.raising_agency)
    refused(actions.refer_case, case=case, actor=stranger, reason="x", now=later(case, 1))
    refused(actions.close_case, case=case, actor=stranger, now=later(case, 1))


def test_tasks_and_meetings_are_refused_to_outsiders(world: World) -> None:
    case = world.case
    stranger = world["colleague_same_agency"]
    refused(
        actions.add_task, case=case, actor=stranger, title="Forged", owner=stranger,
        now=later(case, 1),
    )  # fmt: skip
    refused(
        actions.add_task, case=case, actor=world["raising_holder"], title="For a stranger",
        owner=stranger, now=later(case, 1),
    )  # fmt: skip
    task = actions.add_task(
        case=case, actor=world["raising_holder"], title="Call", owner=world["raiser"],
        now=later(case, 1),
    )  # fmt: skip
    refused(actions.complete_task, task=task, actor=stranger, now=later(case, 2))
    refused(
        actions.record_meeting, case=case, actor=stranger, held_at=later(case, 1),
        now=later(case, 2),
    )  # fmt: skip


def test_raising_needs_the_raisers_own_agency() -> None:
    template = OpenCaseFactory()
    outsider = PersonFactory()
    message = refused(
        actions.raise_case, partnership=template.partnership,
        policy_version=template.policy_version, raised_by=outsider,
        raising_agency=template.raising_agency, receiving_agency=template.receiving_agency,
        receiving_holder=holder(template), decision_summary="x", outcome_sought="y",
        now=later(template, 1),
    )  # fmt: skip
    assert "must work for" in message


def test_an_inactive_holder_is_refused(world: World) -> None:
    person = world["receiving_holder"]
    person.is_active = False
    person.save()
    message = refused(
        actions.record_response, case=world.case, actor=person, position="agree",
        now=later(world.case, 1),
    )  # fmt: skip
    assert "not active" in message

"""Moving a case along the ladder from its pages: respond, complete a step, escalate, withdraw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accord.accounts.models import Agency, Person
from accord.cases import actions
from accord.cases.models import Holding, Side
from accord.engine.next_steps import escalation_targets
from accord.notifications.queries import told_at, told_sentence
from accord.web import case_forms

from .case_acting import Acting
from .case_action_page import Action, action_view, form_of

POSITION_WORDS = {
    "agree": "you agree",
    "propose": "you propose another way forward",
    "disagree": "you disagree",
}


# --- Respond ----------------------------------------------------------------------------

RESPOND = Action(
    offer="respond",
    title="Respond to the disagreement",
    template="web/case/respond.html",
)


def _respond(acting: Acting, data: dict[str, Any]) -> str:
    actions.record_response(
        case=acting.case,
        actor=acting.person,
        position=data["position"],
        note=data["note"],
        now=acting.now,
        seen=data["seen"],
    )
    told = told_sentence(told_at(acting.case.reference, acting.now))
    return f"Your response is recorded: {POSITION_WORDS[data['position']]}.{told}"


respond = action_view(RESPOND, make_form=form_of(case_forms.RespondForm), perform=_respond)


# --- Complete a step --------------------------------------------------------------------

COMPLETE_STEP = Action(
    offer="complete_step",
    title="Mark a step as done",
    template="web/case/complete_step.html",
    field="step",
)


def steps_to_do(acting: Acting) -> list[tuple[str, str]]:
    """The current stage's steps that are not done and whose clock has started."""
    stage, state = acting.page.stage, acting.page.state
    if stage is None or state is None:
        return []
    return [
        (step.id, step.name)
        for step in stage.steps
        if step.id not in state.steps_done
        and state.deadline(f"stage:{stage.number}/step:{step.id}") is not None
    ]


def _step_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    return case_forms.CompleteStepForm(data, steps=steps_to_do(acting))


def _complete_step(acting: Acting, data: dict[str, Any]) -> str:
    actions.complete_step(
        case=acting.case, actor=acting.person, step=data["step"], now=acting.now, seen=data["seen"]
    )
    names = dict(steps_to_do(acting))
    return f"Step done: {names.get(data['step'], data['step'])}"


complete_step = action_view(COMPLETE_STEP, make_form=_step_form, perform=_complete_step)


# --- Escalate ---------------------------------------------------------------------------

ESCALATE = Action(
    offer="escalate",
    title="Escalate the case",
    template="web/case/escalate.html",
)


def escalation_stages(acting: Acting) -> list[tuple[int, str]]:
    """The stages the engine lets the case move to now: the next one, and higher ones where the
    policy's `may_skip` (or an urgent case's `may_start_at`) allows."""
    policy, state = acting.page.policy, acting.page.state
    if policy is None or state is None:
        return []
    return [
        (number, f"Stage {number}: {policy.stage(number).name}")
        for number in escalation_targets(policy, state)
    ]


def suggested_holder(holdings: list[Holding], agency: Agency) -> Person | None:
    """The current holder's line manager when they work for the same agency and are active;
    otherwise the current holder (flat structures)."""
    for holding in holdings:
        manager = holding.person.line_manager
        if manager is not None and manager.is_active and manager.agency_id == agency.pk:
            return manager
    return holdings[0].person if holdings else None


def non_response_offered(acting: Acting) -> bool:
    """A deadline of the current stage has passed, and the side that must act next is the
    other side from the person escalating."""
    page, case = acting.page, acting.case
    if page.state is None:
        return False
    passed = any(
        d.stage == case.stage and str(d.status) == "overdue" and d.kind in {"stage", "step"}
        for d in page.state.deadlines
    )
    other = Side.RAISING if case.awaiting_side == Side.RECEIVING else Side.RECEIVING
    return passed and page.access.holds(other)


def _people(agency: Agency) -> QuerySet[Person]:
    return Person.objects.filter(agency=agency, is_active=True).order_by("full_name", "pk")


def _escalate_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    case, page = acting.case, acting.page
    non_response = non_response_offered(acting)
    initial: dict[str, Any] = {}
    for side, agency in (
        (Side.RAISING, case.raising_agency),
        (Side.RECEIVING, case.receiving_agency),
    ):
        suggested = suggested_holder(page.holders(side), agency)
        if suggested is not None:
            initial[f"{side.value}_holder"] = suggested.pk
    stages = escalation_stages(acting)
    if stages:
        initial["to_stage"] = str(stages[0][0])
    if non_response:
        initial["why"] = case_forms.NON_RESPONSE
    acting.context["current_holders"] = {
        side.value: [h.person for h in page.holders(side)]
        for side in (Side.RAISING, Side.RECEIVING)
    }
    acting.context["stages"] = stages
    return case_forms.EscalateForm(
        data,
        initial=initial,
        stages=stages,
        raising_people=_people(case.raising_agency),
        receiving_people=_people(case.receiving_agency),
        raising_agency=case.raising_agency.name,
        receiving_agency=case.receiving_agency.name,
        non_response=non_response,
    )


def _escalate(acting: Acting, data: dict[str, Any]) -> str:
    escalated = actions.escalate_case(
        case=acting.case,
        actor=acting.person,
        raising_holder=data["raising_holder"],
        receiving_holder=data["receiving_holder"],
        reason=data["reason"],
        to_stage=data.get("to_stage"),
        without_consensus=data["without_consensus"],
        now=acting.now,
        seen=data["seen"],
    )
    return (
        f"Case {escalated.reference} escalated to stage {escalated.stage}: "
        f"{data['raising_holder'].full_name} and {data['receiving_holder'].full_name} hold it now"
    )


escalate = action_view(ESCALATE, make_form=_escalate_form, perform=_escalate)


# --- Withdraw ---------------------------------------------------------------------------

WITHDRAW = Action(
    offer="withdraw",
    title="Withdraw the case",
    template="web/case/withdraw.html",
)


def _withdraw(acting: Acting, data: dict[str, Any]) -> str:
    actions.withdraw_case(
        case=acting.case,
        actor=acting.person,
        reason=data["reason"],
        now=acting.now,
        seen=data["seen"],
    )
    return f"Case {acting.case.reference} withdrawn"


withdraw = action_view(WITHDRAW, make_form=form_of(case_forms.WithdrawForm), perform=_withdraw)

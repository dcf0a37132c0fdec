"""Moving a case along the ladder from its pages: respond, complete a step, escalate, withdraw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.levels import (
    active_people,
    allowed_holders,
    line_managers,
    may_choose_other,
    role_label,
)
from accord.accounts.models import Agency, Person
from accord.cases import actions
from accord.cases.models import Holding, Side
from accord.engine.deadlines import DeadlineStatus
from accord.engine.next_steps import escalation_targets
from accord.partnerships.policy_texts import shown_text
from accord.web import case_forms

from .case_acting import Acting
from .case_action_page import Action, action_view, form_of

RESPONSE_RECORDED = {  # the positions of `case_forms.POSITIONS`
    "agree": _("Your response is recorded: you agree."),
    "propose": _("Your response is recorded: you propose another way forward."),
    "disagree": _("Your response is recorded: you disagree."),
}


# --- Respond ----------------------------------------------------------------------------


def _respond(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.record_response, data, "position", "note")
    told = acting.told()
    return f"{RESPONSE_RECORDED[data['position']]}{told}"


RESPOND = Action(
    offer="respond",
    title=_("Respond to the disagreement"),
    template="web/case/respond.html",
    make_form=form_of(case_forms.RespondForm),
    perform=_respond,
)
respond = action_view(RESPOND)


# --- Complete a step --------------------------------------------------------------------


def steps_to_do(acting: Acting) -> list[tuple[str, str]]:
    """The current stage's steps that are not done and whose clock has started."""
    stage, state = acting.page.stage, acting.page.state
    if stage is None or state is None:
        return []
    return [
        (step.id, shown_text(step.name))
        for step in stage.steps
        if step.id not in state.steps_done
        and state.deadline(f"stage:{stage.number}/step:{step.id}") is not None
    ]


def _step_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    return case_forms.CompleteStepForm(data, steps=steps_to_do(acting))


def _complete_step(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.complete_step, data, "step")
    names = dict(steps_to_do(acting))
    return gettext("Step done: %(step)s") % {"step": names.get(data["step"], data["step"])}


COMPLETE_STEP = Action(
    offer="complete_step",
    title=_("Mark a step as done"),
    template="web/case/complete_step.html",
    make_form=_step_form,
    perform=_complete_step,
    field="step",
)
complete_step = action_view(COMPLETE_STEP)


# --- Escalate ---------------------------------------------------------------------------


def escalation_stages(acting: Acting) -> list[tuple[int, str]]:
    """The stages the engine lets the case move to now: the next one, and higher ones where the
    policy's `may_skip` (or an urgent case's `may_start_at`) allows."""
    policy, state = acting.page.policy, acting.page.state
    if policy is None or state is None:
        return []
    return [
        (
            number,
            gettext("Stage %(number)s: %(name)s")
            % {"number": number, "name": shown_text(policy.stage(number).name)},
        )
        for number in escalation_targets(policy, state)
    ]


def suggested_holder(
    people: list[Person], holdings: list[Holding], agency: Agency
) -> Person | None:
    """Of the people who may hold the new stage (`people`, at the procedure's level), the one in
    the current holder's line management, else the first; the current holder where nobody may
    (a flat structure, with a reason)."""
    managers = {m.pk for holding in holdings for m in line_managers(holding.person)}
    for person in people:
        if person.pk in managers:
            return person
    if people:
        return people[0]
    current = [h.person for h in holdings if h.person.agency_id == agency.pk]
    return current[0] if current else None


def non_response_offered(acting: Acting) -> bool:
    """A deadline of the current stage has passed, and the side that must act next is the
    other side from the person escalating."""
    page, case = acting.page, acting.case
    if page.state is None:
        return False
    passed = any(
        d.stage == case.stage and d.status == DeadlineStatus.OVERDUE and d.kind in {"stage", "step"}
        for d in page.state.deadlines
    )
    other = Side.RAISING if case.awaiting_side == Side.RECEIVING else Side.RECEIVING
    return passed and page.access.holds(other)


def _holders_for(acting: Acting, side: Side, agency: Agency) -> tuple[list[Person], str]:
    """Who may hold `side` at the stages the case may move to (the policy's ladder), the first
    stage's first; with the hint that says so."""
    policy = acting.page.policy
    stages = [number for number, _ in acting.context["stages"]]
    if policy is None or not stages:
        return [], ""
    people: dict[int, Person] = {}
    for number in stages:
        for person in allowed_holders(policy, number, side.value, agency):
            people.setdefault(person.pk, person)
    words = "; ".join(
        gettext("stage %(number)s: %(role)s")
        % {"number": number, "role": role_label(policy, number, side.value, str(agency.kind))}
        for number in stages
    )
    hint = gettext("Who holds the case for %(agency)s: the procedure says %(roles)s.") % {
        "agency": agency.name,
        "roles": words,
    }
    if may_choose_other(policy):
        others = active_people(agency).exclude(pk__in=list(people))
        for person in others:
            people.setdefault(person.pk, person)
        hint += " " + gettext("Someone at another level may hold it (say why below).")
    return list(people.values()), hint


def _escalate_page(acting: Acting) -> dict[str, Any]:
    holders = {side.value: [h.person for h in acting.page.holders(side)] for side in Side}
    names = {
        side: gettext(" and ").join(person.full_name for person in people)
        for side, people in holders.items()
    }
    return {"current_holders": holders, "holder_names": names, "stages": escalation_stages(acting)}


def _escalate_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    case, page = acting.case, acting.page
    non_response = non_response_offered(acting)
    initial: dict[str, Any] = {}
    people: dict[Side, list[Person]] = {}
    hints: dict[Side, str] = {}
    for side, agency in (
        (Side.RAISING, case.raising_agency),
        (Side.RECEIVING, case.receiving_agency),
    ):
        people[side], hints[side] = _holders_for(acting, side, agency)
        stages = acting.context["stages"]
        first = (
            list(allowed_holders(page.policy, stages[0][0], side.value, agency))
            if page.policy is not None and stages
            else []
        )
        suggested = suggested_holder(first, page.holders(side), agency)
        if suggested is not None:
            initial[f"{side.value}_holder"] = suggested.pk
    stages = acting.context["stages"]
    if stages:
        initial["to_stage"] = str(stages[0][0])
    if non_response:
        initial["why"] = case_forms.NON_RESPONSE
    return case_forms.EscalateForm(
        data,
        initial=initial,
        stages=stages,
        raising_people=_as_queryset(people[Side.RAISING]),
        receiving_people=_as_queryset(people[Side.RECEIVING]),
        raising_hint=hints[Side.RAISING],
        receiving_hint=hints[Side.RECEIVING],
        other_holders=page.policy is not None and may_choose_other(page.policy),
        non_response=non_response,
    )


def _as_queryset(people: list[Person]) -> QuerySet[Person]:
    """The people as the form's choices (a queryset), by name."""
    return Person.objects.filter(pk__in=[person.pk for person in people]).order_by(
        "full_name", "pk"
    )


def _escalate(acting: Acting, data: dict[str, Any]) -> str:
    escalated = acting.run(
        actions.escalate_case,
        data,
        "raising_holder",
        "receiving_holder",
        "reason",
        "without_consensus",
        "holder_reason",
        to_stage=data.get("to_stage"),
    )
    return gettext(
        "Case %(reference)s escalated to stage %(stage)s: %(raising)s and %(receiving)s hold it now"
    ) % {
        "reference": escalated.reference,
        "stage": escalated.stage,
        "raising": data["raising_holder"].full_name,
        "receiving": data["receiving_holder"].full_name,
    }


ESCALATE = Action(
    offer="escalate",
    title=_("Escalate the case"),
    template="web/case/escalate.html",
    make_form=_escalate_form,
    perform=_escalate,
    context=_escalate_page,
)
escalate = action_view(ESCALATE)


# --- Withdraw ---------------------------------------------------------------------------


def _withdraw(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.withdraw_case, data, "reason")
    return gettext("Case %(reference)s withdrawn") % {"reference": acting.case.reference}


WITHDRAW = Action(
    offer="withdraw",
    title=_("Withdraw the case"),
    template="web/case/withdraw.html",
    make_form=form_of(case_forms.WithdrawForm),
    perform=_withdraw,
)
withdraw = action_view(WITHDRAW)

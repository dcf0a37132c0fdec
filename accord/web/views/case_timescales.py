"""Changing what a case's clocks count from, from its pages: a deadline brought forward (or the
date the parties agreed), and the answer to one of the policy's yes/no questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from accord.cases import actions
from accord.web import case_timescale_forms as case_forms

from .case_acting import Acting
from .case_action_page import Action, action_view

# --- Set a deadline ---------------------------------------------------------------------

SET_DEADLINE = Action(
    offer="set_deadline",
    title="Bring a deadline forward or set an agreed date",
    template="web/case/set_deadline.html",
    field="due",
    section="web:case-deadlines",
)


def settable_deadlines(acting: Acting) -> list[case_forms.SettableDeadline]:
    """The deadlines the engine lets a holder set now: open ones, and overdue ones that have no
    counted date (units `none` and `agreed`, which take any date)."""
    state = acting.page.state
    if state is None:
        return []
    return [
        case_forms.SettableDeadline(key=d.id, label=d.label, unit=str(d.unit), due=d.due)
        for d in state.deadlines
        if str(d.status) == "open"
        or (str(d.status) == "overdue" and str(d.unit) in {"none", "agreed"})
    ]


def _deadline_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    return case_forms.SetDeadlineForm(
        data, deadlines=settable_deadlines(acting), today=timezone.localdate(acting.now)
    )


def _set_deadline(acting: Acting, data: dict[str, Any]) -> str:
    chosen = {d.key: d.label for d in settable_deadlines(acting)}
    actions.set_deadline(
        case=acting.case,
        actor=acting.person,
        deadline=data["deadline"],
        due=data["due_value"],
        reason=data["reason"].strip(),
        now=acting.now,
        seen=data["seen"],
    )
    return f"Deadline set: {chosen.get(data['deadline'], data['deadline'])}"


set_deadline = action_view(SET_DEADLINE, make_form=_deadline_form, perform=_set_deadline)


# --- Set a fact -------------------------------------------------------------------------

SET_FACT = Action(
    offer="set_fact",
    title="Answer a question about the case",
    template="web/case/set_fact.html",
    field="fact",
)


def _fact_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    policy, state = acting.page.policy, acting.page.state
    return case_forms.SetFactForm(
        data,
        facts=dict(policy.facts) if policy else {},
        answers=dict(state.facts) if state else {},
    )


def _set_fact(acting: Acting, data: dict[str, Any]) -> str:
    actions.set_fact(
        case=acting.case,
        actor=acting.person,
        fact=data["fact"],
        value=data["value"] == "yes",
        now=acting.now,
        seen=data["seen"],
    )
    policy = acting.page.policy
    question = policy.facts.get(data["fact"], data["fact"]) if policy else data["fact"]
    return f"Answer recorded: {question} {'Yes' if data['value'] == 'yes' else 'No'}"


set_fact = action_view(SET_FACT, make_form=_fact_form, perform=_set_fact)

"""Changing what a case's clocks count from, from its pages: a deadline brought forward (or the
date the parties agreed), and the answer to one of the policy's yes/no questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.cases import actions
from accord.engine.deadlines import DeadlineStatus
from accord.engine.policy.model import Unit
from accord.engine.stage_clocks import label_said
from accord.web import case_timescale_forms as case_forms

from .case_acting import Acting
from .case_action_page import Action, action_view

# --- Set a deadline ---------------------------------------------------------------------


def settable_deadlines(acting: Acting) -> list[case_forms.SettableDeadline]:
    """The deadlines the engine lets a holder set now: open ones, and overdue ones that have no
    counted date (units `none` and `agreed`, which take any date)."""
    state, policy = acting.page.state, acting.page.policy
    if state is None or policy is None:  # a replayed page has both
        return []
    return [
        case_forms.SettableDeadline(
            key=d.id, label=label_said(policy, d.id, d.label), unit=str(d.unit), due=d.due
        )
        for d in state.deadlines
        if d.status == DeadlineStatus.OPEN
        or (d.status == DeadlineStatus.OVERDUE and d.unit in {Unit.NONE, Unit.AGREED})
    ]


def _deadline_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    return case_forms.SetDeadlineForm(
        data, deadlines=settable_deadlines(acting), today=timezone.localdate(acting.now)
    )


def _set_deadline(acting: Acting, data: dict[str, Any]) -> str:
    chosen = {d.key: d.label for d in settable_deadlines(acting)}
    acting.run(
        actions.set_deadline, data, "deadline", due=data["due_value"], reason=data["reason"].strip()
    )
    return gettext("Deadline set: %(deadline)s") % {
        "deadline": chosen.get(data["deadline"], data["deadline"])
    }


SET_DEADLINE = Action(
    offer="set_deadline",
    title=_("Bring a deadline forward or set an agreed date"),
    template="web/case/set_deadline.html",
    make_form=_deadline_form,
    perform=_set_deadline,
    field="due",
    section="web:case-deadlines",
)
set_deadline = action_view(SET_DEADLINE)


# --- Set a fact -------------------------------------------------------------------------


def _fact_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    policy, state = acting.page.policy, acting.page.state
    return case_forms.SetFactForm(
        data,
        facts=dict(policy.facts) if policy else {},
        answers=dict(state.facts) if state else {},
    )


def _set_fact(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.set_fact, data, "fact", value=data["value"] == "yes")
    policy = acting.page.policy
    question = policy.facts.get(data["fact"], data["fact"]) if policy else data["fact"]
    if data["value"] == "yes":
        return gettext("Answer recorded: %(question)s Yes") % {"question": question}
    return gettext("Answer recorded: %(question)s No") % {"question": question}


SET_FACT = Action(
    offer="set_fact",
    title=_("Answer a question about the case"),
    template="web/case/set_fact.html",
    make_form=_fact_form,
    perform=_set_fact,
    field="fact",
)
set_fact = action_view(SET_FACT)

"""Ending a case: the outcome (or the final process's decision), sign-off by each side behind
"confirm it's you", the debrief and closing. `ending_page` is what every ending page adds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.cases import actions
from accord.cases.case_reading import outcome_title_of
from accord.cases.models import Case, CaseStatus, Outcome, Side, SignOff
from accord.cases.offers import PERMISSIONS
from accord.engine.next_steps import final_process
from accord.engine.outcome_words import asks_sign_off
from accord.engine.refusals import waits_for_debrief
from accord.web.ending_forms import CloseForm, DebriefForm, ResolveForm, SignOffForm

from .case_acting import Acting, Asked, offered
from .case_action_page import Action, action_view, form_of, one_of

TEMPLATES = "web/case/ending"


def ending_page(
    more: Callable[[Acting], dict[str, Any]] | None = None,
) -> Callable[[Acting], dict[str, Any]]:
    """An ending page's `context`: the name of the partnership's final process, and `more`."""
    return lambda acting: {
        "final_process": final_process(acting.policy),
        **(more(acting) if more is not None else {}),
    }


def _outcome(case: Case) -> Outcome | None:
    return Outcome.objects.filter(case=case).select_related("recorded_by").last()


# --- The outcome, or the final process's decision -------------------------------------------


def _deciding(acting: Acting) -> bool:
    return acting.case.status == CaseStatus.REFERRED


def _resolve_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    return ResolveForm(data, decision=_deciding(acting), asks=acting.policy.resolution_facts)


def _resolve(acting: Acting, data: dict[str, Any]) -> str:
    deciding = _deciding(acting)
    acting.run(
        actions.resolve_case,
        data,
        "agreed_outcome",
        "outstanding_issues",
        "pursuit",
        without_consensus=data.get("without_consensus", ""),
        facts=data.get("facts") or None,
    )
    if not asks_sign_off(acting.policy):
        return gettext("Decision recorded") if deciding else gettext("Outcome recorded")
    if deciding:
        return gettext("Decision recorded: it now waits for sign-off")
    return gettext("Outcome recorded: it now waits for sign-off")


RESOLVE = Action(
    offer="resolve",
    title=_("Record the outcome"),
    template=f"{TEMPLATES}/resolve.html",
    make_form=_resolve_form,
    perform=_resolve,
    context=ending_page(
        lambda acting: {"decision": False, "stage": acting.policy.stage(acting.case.stage)}
    ),
)
RECORD_DECISION = replace(
    RESOLVE,
    offer="record_decision",
    title=_("Record the decision"),
    context=ending_page(lambda acting: {"decision": True}),
)
resolve = action_view(
    RESOLVE,
    RECORD_DECISION,
    choose=lambda acting: RECORD_DECISION if _deciding(acting) else RESOLVE,
)


# --- Sign-off ---------------------------------------------------------------------------


def _sign_off(side: Side, acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.sign_off, data, side=side)
    if side == Side.RAISING:
        return gettext("You signed off the outcome for the raising side")
    return gettext("You signed off the outcome for the receiving side")


def _signing(side: Side, acting: Acting) -> dict[str, Any]:
    case = acting.case
    return {
        "side": side.value,
        "outcome": _outcome(case),
        "signed": SignOff.objects.filter(case=case).select_related("person", "person__agency"),
        "agency": case.raising_agency if side == Side.RAISING else case.receiving_agency,
        "outcome_title": outcome_title_of(acting.policy, acting.page.events),
    }


SIGN_OFF = {
    side.value: Action(
        offer=f"sign_off_{side.value}",
        title=_("Sign off the outcome"),
        template=f"{TEMPLATES}/sign_off.html",
        make_form=form_of(SignOffForm),
        perform=partial(_sign_off, side),
        context=ending_page(partial(_signing, side)),
        reauthenticate=True,  # the electronic signature
    )
    for side in Side
}
sign_off = action_view(
    *SIGN_OFF.values(), choose=lambda acting: one_of(SIGN_OFF, acting.args["side"])
)


# --- The debrief ------------------------------------------------------------------------


def _debrief_form(acting: Acting, data: dict[str, Any] | None) -> forms.Form:
    return DebriefForm(data, today=timezone.localdate(acting.now))


def _debrief(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.record_debrief, data, "outcome", "notes", held_on=data.get("held_on"))
    return gettext("Debrief recorded")


DEBRIEF = Action(
    offer="record_debrief",
    title=_("Record the debrief"),
    template=f"{TEMPLATES}/debrief.html",
    make_form=_debrief_form,
    perform=_debrief,
    context=ending_page(
        lambda acting: {"required": acting.policy.resolution.debrief == "required"}
    ),
)
debrief = action_view(DEBRIEF)


# --- Closing ----------------------------------------------------------------------------


def _closing(acting: Acting) -> dict[str, Any]:
    recording = PERMISSIONS["record_debrief"]
    return {
        "debrief_missing": waits_for_debrief(acting.policy, acting.state, acting.page.records),
        "may_record_debrief": "record_debrief" in acting.offers,
        "debrief_by": recording.refusal,
        "outcome": _outcome(acting.case),
        "outcome_title": outcome_title_of(acting.policy, acting.page.events),
    }


def _asks_to_close(acting: Acting) -> Asked:
    """A missing debrief is explained on the page itself, with the way to record it."""
    asked = offered(acting, "close")
    return replace(asked, why_not=None) if acting.context["debrief_missing"] else asked


def _close(acting: Acting, data: dict[str, Any]) -> str:
    acting.run(actions.close_case, data)
    return gettext("Case closed")


CLOSE = Action(
    offer="close",
    title=_("Close the case"),
    template=f"{TEMPLATES}/close.html",
    make_form=form_of(CloseForm),
    perform=_close,
    context=ending_page(_closing),
    asks=_asks_to_close,
)
close = action_view(CLOSE)

"""Ending a case: the outcome (or the final process's decision), sign-off by each side behind
"confirm it's you", the debrief and closing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from accord.cases import access, actions
from accord.cases.models import Case, Outcome, Side, SignOff
from accord.engine.events import Closed
from accord.engine.lifecycle import EventRejected, check_event
from accord.web.ending_forms import CloseForm, DebriefForm, ResolveForm, SignOffForm
from accord.web.reauth import reauthentication_required

from .case_action_page import Acting, acting_on, apply, form_page, posted, refused

FINAL_PROCESS = {
    "mediation": "mediation: a meeting chaired by the partnership",
    "chair_decision": "a decision by the partnership’s independent chair",
    "panel": "a resolution panel of members from several agencies",
    "senior_decision": "a decision by the agencies’ most senior managers",
}


def overview_url(case: Case) -> str:
    return reverse("web:case-detail", args=[case.reference])


def _outcome(case: Case) -> Outcome | None:
    return Outcome.objects.filter(case=case).select_related("recorded_by").last()


def ending_page(
    request: HttpRequest,
    acting: Acting,
    template: str,
    form: forms.Form,
    *,
    title: str,
    changed: bool,
    **context: Any,
) -> HttpResponse:
    final = FINAL_PROCESS.get(acting.policy.resolution.final, "")
    return form_page(
        request,
        acting,
        f"web/case/ending/{template}",
        form,
        title=title,
        changed=changed,
        final_process=final,
        **context,
    )


@login_required
def resolve(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the agreed outcome; on a referred case, the final process's decision."""
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    decision = case.status == "referred"
    if decision and not access.may_record_decision(acting.access):
        return refused(
            request,
            case,
            doing="record the decision",
            because="only the partnership’s business manager, independent chair or panel "
            "members record the decision on a referred case",
            status=403,
        )
    if not decision and not access.may_resolve(acting.access):
        return refused(
            request,
            case,
            doing="record the outcome",
            because="only the case’s holders at this stage record the outcome",
            status=403,
        )
    form = ResolveForm(posted(request), decision=decision, initial={"seen": acting.seen})

    def act(data: dict[str, Any]) -> str:
        actions.resolve_case(
            case=case,
            actor=acting.person,
            agreed_outcome=data["agreed_outcome"],
            outstanding_issues=data["outstanding_issues"],
            pursuit=data["pursuit"],
            without_consensus=data.get("without_consensus", ""),
            now=acting.now,
            seen=data["seen"],
        )
        if acting.policy.resolution.sign_off == "none":
            return "Outcome recorded" if not decision else "Decision recorded"
        recorded = "Decision recorded" if decision else "Outcome recorded"
        return f"{recorded}: each side now signs it off"

    offer = "record_decision" if decision else "resolve"
    doing = "record the decision" if decision else "record the outcome"
    applied = apply(
        request,
        acting,
        form,
        offer=offer,
        doing=doing,
        act=act,
        done_url=overview_url(case),
    )
    if applied.response:
        return applied.response
    title = "Record the decision" if decision else "Record the outcome"
    return ending_page(
        request,
        acting,
        "resolve.html",
        form,
        title=title,
        changed=applied.changed,
        decision=decision,
        stage=acting.policy.stage(case.stage),
    )


@login_required
@reauthentication_required(allow_get=True)
def sign_off(request: HttpRequest, reference: str, side: str) -> HttpResponse:
    """One side confirms the outcome: the electronic signature, after "confirm it's you"."""
    if side not in Side.values:
        raise Http404("No such side")
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    if not access.may_sign_off(acting.access, side):
        who = "the raising side’s holder or the raiser" if side == Side.RAISING else None
        return refused(
            request,
            case,
            doing=f"sign off the outcome for the {side} side",
            because=f"only {who or f'the {side} side’s holder'} can sign it off",
            status=403,
        )
    form = SignOffForm(posted(request), initial={"seen": acting.seen})

    def act(data: dict[str, Any]) -> str:
        actions.sign_off(
            case=case, actor=acting.person, side=side, now=acting.now, seen=data["seen"]
        )
        return f"You signed off the outcome for the {side} side"

    applied = apply(
        request,
        acting,
        form,
        offer=f"sign_off_{side}",
        doing=f"sign off the outcome for the {side} side",
        act=act,
        done_url=overview_url(case),
    )
    if applied.response:
        return applied.response
    return ending_page(
        request,
        acting,
        "sign_off.html",
        form,
        title="Sign off the outcome",
        changed=applied.changed,
        side=side,
        outcome=_outcome(case),
        signed=SignOff.objects.filter(case=case).select_related("person", "person__agency"),
        agency=case.raising_agency if side == Side.RAISING else case.receiving_agency,
    )


@login_required
def debrief(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the debrief the policy offers or requires: held, or offered and declined."""
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    if not access.may_record_debrief(acting.access):
        return refused(
            request,
            case,
            doing="record the debrief",
            because="only the case’s holders, its raiser, or the partnership’s business manager "
            "or independent chair record it",
            status=403,
        )
    form = DebriefForm(
        posted(request), today=timezone.localdate(acting.now), initial={"seen": acting.seen}
    )

    def act(data: dict[str, Any]) -> str:
        actions.record_debrief(
            case=case,
            actor=acting.person,
            outcome=data["outcome"],
            held_on=data.get("held_on"),
            notes=data["notes"],
            now=acting.now,
            seen=data["seen"],
        )
        return "Debrief recorded"

    applied = apply(
        request,
        acting,
        form,
        offer="record_debrief",
        doing="record the debrief",
        act=act,
        done_url=overview_url(case),
    )
    if applied.response:
        return applied.response
    return ending_page(
        request,
        acting,
        "debrief.html",
        form,
        title="Record the debrief",
        changed=applied.changed,
        required=acting.policy.resolution.debrief == "required",
    )


def _closing_allowed(acting: Acting) -> bool:
    """Would the engine let the case close now (whatever the debrief)?"""
    try:
        check_event(acting.policy, acting.state, Closed(at=acting.now), 0)
    except EventRejected:
        return False
    return True


@login_required
def close(request: HttpRequest, reference: str) -> HttpResponse:
    """Close the case: a confirmation page (or why not yet: a debrief the policy requires)."""
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    if not access.may_close(acting.access):
        return refused(
            request,
            case,
            doing="close this case",
            because="only the case’s holders, its raiser, or the partnership’s business manager "
            "or independent chair close it",
            status=403,
        )
    debrief_missing = (
        acting.policy.resolution.debrief == "required" and not acting.facts.debrief_recorded
    )
    # A missing debrief is explained on the page itself, with the way to record it.
    waiting = debrief_missing and case.status in {"resolved", "signed_off"}
    waiting = waiting and _closing_allowed(acting)
    form = CloseForm(posted(request), initial={"seen": acting.seen})

    def act(data: dict[str, Any]) -> str:
        actions.close_case(case=case, actor=acting.person, now=acting.now, seen=data["seen"])
        return "Case closed"

    applied = apply(
        request,
        acting,
        form,
        offered="close" in acting.offers or waiting,
        offer="close",
        doing="close this case",
        act=act,
        done_url=overview_url(case),
    )
    if applied.response:
        return applied.response
    return ending_page(
        request,
        acting,
        "close.html",
        form,
        title="Close the case",
        changed=applied.changed,
        debrief_missing=waiting,
        may_record_debrief="record_debrief" in acting.offers,
        outcome=_outcome(case),
    )

"""Ending a case: the outcome (or the final process's decision), sign-off by each side behind
"confirm it's you", the debrief and closing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from accord.cases import actions
from accord.cases.models import Case, Outcome, Side, SignOff
from accord.cases.offers import PERMISSIONS
from accord.engine.next_steps import final_process
from accord.engine.refusals import waits_for_debrief
from accord.web.ending_forms import CloseForm, DebriefForm, ResolveForm, SignOffForm
from accord.web.reauth import reauthentication_required

from .case_acting import Acting, acting_on, posted, refusal, refusal_for
from .case_action_page import apply, form_page


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
    final = final_process(acting.policy)
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
    offer = "record_decision" if decision else "resolve"
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

    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal_for(acting, offer),
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
        refusing=lambda: refusal_for(acting, f"sign_off_{side}"),
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
        refusing=lambda: refusal_for(acting, "record_debrief"),
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


@login_required
def close(request: HttpRequest, reference: str) -> HttpResponse:
    """Close the case: a confirmation page (or why not yet: a debrief the policy requires)."""
    acting = acting_on(request, reference, now=timezone.now())
    case = acting.case
    # A missing debrief is explained on the page itself, with the way to record it.
    waiting = waits_for_debrief(acting.policy, acting.state, acting.page.records)
    closing = PERMISSIONS["close"]
    form = CloseForm(posted(request), initial={"seen": acting.seen})

    def act(data: dict[str, Any]) -> str:
        actions.close_case(case=case, actor=acting.person, now=acting.now, seen=data["seen"])
        return "Case closed"

    applied = apply(
        request,
        acting,
        form,
        refusing=lambda: refusal(
            acting,
            closing.doing,
            may=closing.may(acting.access),
            only=closing.only,
            why_not=None if waiting else acting.page.why_not("close"),
        ),
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

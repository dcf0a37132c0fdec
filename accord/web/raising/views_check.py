"""The end of the raise journey: check your answers, raise the case, the confirmation page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from accord.cases.actions import AlreadyRaised, CaseActionRejected, log_case_view
from accord.cases.models import Case
from accord.cases.queries import CasePage, case_page_for
from accord.engine.stage_clocks import label_said
from accord.notifications.queries import told_at
from accord.partnerships.policies import policy_of
from accord.signin.addresses import client_ip

from .journey import find_journey, raised_reference
from .raising import raise_from_answers
from .steps import first_unanswered, journey_url, places
from .summary import summary_rows
from .views import CAPTION, load, person_of


@login_required
def check(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    journey_id = request.GET.get("journey", "")[:40]
    if request.method == "POST" and find_journey(request.session, journey_id) is None:
        reference = raised_reference(request.session, journey_id)
        if reference:  # the same answers sent twice: raised once
            return _already_raised(request, reference)
    setting = load(request, now)
    if isinstance(setting, HttpResponse):
        return setting
    missing = first_unanswered(setting)
    if missing is not None:
        return redirect(missing.url(setting.journey.id))
    form = forms.Form(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            case = raise_from_answers(setting, now=now)
        except AlreadyRaised as raised:  # the same answers sent at the same time: raised once
            return _already_raised(request, raised.reference)
        except CaseActionRejected as refusal:
            form.add_error(None, refusal.message)
        else:
            setting.journey.finish(case.reference)
            return redirect(journey_url("done", setting.journey.id))
    pages = places(setting)
    return render(
        request,
        "web/raise/check.html",
        {
            "title": gettext("Check your answers before raising the disagreement"),
            "caption": CAPTION,
            "form": form,
            "rows": summary_rows(setting),
            "policy": setting.policy,
            "partnership": setting.partnership,
            "back_url": pages[-1].url(setting.journey.id) if pages else reverse("web:raise-start"),
        },
    )


def _already_raised(request: HttpRequest, reference: str) -> HttpResponse:
    return render(
        request,
        "web/raise/already_raised.html",
        {"title": gettext("This disagreement has already been raised"), "reference": reference},
    )


def first_deadline(page: CasePage) -> dict[str, object] | None:
    """The open deadline that falls first (one without a date when none has one)."""
    open_ones = [d for d in page.deadlines if d.done_at is None and d.status != "dropped"]
    dated = sorted((d for d in open_ones if d.due is not None), key=lambda d: (d.due_on, d.key))
    chosen = dated[0] if dated else (open_ones[0] if open_ones else None)
    if chosen is None:
        return None
    return {
        "label": label_said(policy_of(page.case.policy_version), chosen.key, chosen.label),
        "due_on": chosen.due_on,
        "due_at": chosen.due_at,
        "unit": chosen.unit,
    }


@login_required
def done(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    person = person_of(request)
    reference = raised_reference(request.session, request.GET.get("journey", "")[:40])
    if reference is None:
        return redirect("web:raise-start")
    try:
        page = case_page_for(person, reference)
    except Case.DoesNotExist:
        raise Http404("No case with that reference, or you do not have access to it") from None
    log_case_view(
        person=person,
        case=page.case,
        ip_address=client_ip(request),
        user_agent=request.headers.get("user-agent", ""),
        now=now,
    )
    return render(
        request,
        "web/raise/done.html",
        {
            "title": gettext("Disagreement raised"),
            "case": page.case,
            "panel_text": format_html(
                gettext("Your reference is<br><strong>{reference}</strong>"),
                reference=page.case.reference,
            ),
            "deadline": first_deadline(page),
            "told": told_at(page.case.reference, page.case.raised_at),
        },
    )

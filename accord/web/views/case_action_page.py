"""An action page on a case: declared (`Action` and `action_view`: the offer, its page, its form
and its one action), or step by step in a view (`apply` and `form_page`). Both refuse through
`case_acting.refusal`, with the words next to each access rule (`offers.PERMISSIONS`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accord.cases.offers import PERMISSIONS

from .case_acting import (
    NOT_FOUND,
    Acting,
    acting_on,
    attempt,
    changed_message,
    log_view,
    person_of,
    refusal_for,
    refused,
)

__all__ = [
    "NOT_FOUND",
    "Action",
    "Applied",
    "action_view",
    "apply",
    "form_page",
    "person_of",
    "refused",
]

type View = Callable[..., HttpResponse]


# --- An action page declared: `Action` and `action_view` ----------------------------------


@dataclass(frozen=True)
class Action:
    """One action page: which offer it is (its access rule and refusal words are the offer's,
    `offers.PERMISSIONS`) and how the page shows it."""

    offer: str  # the name `offered_actions` gives it
    title: str  # the page's name: "Respond"
    template: str
    field: str | None = None  # where a refusal by the action is shown (None: the summary)
    section: str = "web:case-detail"  # where success leads


def form_of(form_class: type[forms.Form]) -> Callable[[Acting, dict[str, Any] | None], forms.Form]:
    """`make_form` for a form that needs nothing from the case (but `seen`)."""
    return lambda acting, data: form_class(data)


def _posted_seen(request: HttpRequest) -> int | None:
    text = request.POST.get("seen", "") if request.method == "POST" else ""
    return int(text) if text.isdigit() else None


def action_view(
    action: Action,
    *,
    make_form: Callable[[Acting, dict[str, Any] | None], forms.Form],
    perform: Callable[[Acting, dict[str, Any]], str],
) -> View:
    """A view for `action`: `make_form(acting, data)` builds its form (bound to `data` on POST),
    `perform(acting, cleaned_data)` calls the one action and returns the success message.

    GET shows the form (the view is logged). POST: a form drawn before the case moved on is
    refused as stale (nothing is written): on the form, or on a 409 page for someone who may no
    longer take the action; otherwise the person must be allowed (else 403) and the case must
    allow it now (else 409); then the action runs, and a refusal becomes the form's error,
    keeping what was typed.
    """

    @login_required
    def view(request: HttpRequest, reference: str) -> HttpResponse:
        acting = acting_on(request, reference, now=timezone.now())
        page = acting.page

        seen = _posted_seen(request)
        if seen is not None and seen != page.seen:
            permission = PERMISSIONS[action.offer]
            if not permission.may(page.access):  # no longer (or never) theirs: no form to show
                because = changed_message(page, seen)
                return refused(
                    request, acting.case, doing=permission.doing, because=because, status=409
                )
            form = make_form(acting, request.POST)
            form.is_valid()
            form.add_error(None, changed_message(page, seen))
            return _show(acting, action, form, changed=True)
        if (refusing := refusal_for(acting, action.offer)) is not None:
            return refusing
        if request.method != "POST":
            log_view(request, acting.case, now=acting.now, action=f"opened {action.title.lower()}")
            return _show(acting, action, make_form(acting, None))
        form = make_form(acting, request.POST)
        if not form.is_valid():
            return _show(acting, action, form)
        target = action.field if action.field in form.fields else None
        done = attempt(request, form, lambda data: perform(acting, data), target=target)
        if done:
            return HttpResponseRedirect(reverse(action.section, args=[acting.case.reference]))
        return _show(acting, action, form, changed=done is False)

    view.__name__ = view.__qualname__ = action.offer
    return view


def _show(
    acting: Acting, action: Action, form: forms.Form, *, changed: bool = False
) -> HttpResponse:
    if not form.is_bound:
        form.initial.setdefault("seen", acting.page.seen)
    return render(
        acting.request,
        action.template,
        {
            "case": acting.case,
            "page": acting.page,
            "form": form,
            "title": action.title,
            "case_changed": changed,
            **acting.context,
        },
    )


# --- An action page step by step: `apply` and `form_page` ---------------------------------


def form_page(
    request: HttpRequest,
    acting: Acting,
    template: str,
    form: forms.Form,
    *,
    title: str,
    changed: bool,
    **context: Any,
) -> HttpResponse:
    """An action's form page ("<title> – <reference> – Accord"); showing it is logged."""
    if request.method != "POST":
        log_view(request, acting.case, now=acting.now, action=f"viewed page: {title.lower()}")
    return render(
        request,
        template,
        {"case": acting.case, "title": title, "form": form, "case_changed": changed, **context},
    )


@dataclass
class Applied:
    """What `apply` made of the request: a response to return, or the form to show again."""

    response: HttpResponse | None = None
    changed: bool = False  # the case moved on since the form was drawn


def apply(
    request: HttpRequest,
    acting: Acting,
    form: forms.Form,
    *,
    refusing: Callable[[], HttpResponse | None],
    act: Callable[[dict[str, Any]], str],
    done_url: str,
) -> Applied:
    """On GET, `refusing()` (a `refusal`) explains an action the person may not take now. On
    POST, run `act` with the cleaned data (it calls the one action and returns the success
    message): success redirects with a banner; a refusal becomes the form's error. A form drawn
    before the case moved on goes to the action, which refuses it as stale, naming what
    happened since; otherwise `refusing()` is asked first."""
    response = refusing()
    if request.method != "POST":
        return Applied(response)
    stale = form.is_valid() and form.cleaned_data["seen"] != acting.seen
    if response is not None and not (stale and response.status_code == 409):
        return Applied(response)
    if not form.is_valid():
        return Applied()
    done = attempt(request, form, act)
    if done:
        return Applied(HttpResponseRedirect(done_url))
    return Applied(changed=done is False)

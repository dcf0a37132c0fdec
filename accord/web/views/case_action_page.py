"""What the pages acting on a case share: the case as the person sees it now, the refusals (404
unseen, 403 not this person, 409 not now), the stale-form check (`seen`), and running the one
action with its success banner (post, redirect, get): declared (`Action`, `action_view`) or
step by step in a view (`acting_on`, `apply`, `form_page`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import Person
from accord.cases.access import CaseAccess, get_case_for
from accord.cases.actions import CaseActionRejected, CaseChanged, log_case_view
from accord.cases.models import Case
from accord.cases.offers import PERMISSIONS
from accord.cases.queries import CasePage, case_page_for
from accord.engine.case_state import CaseState
from accord.engine.policy.model import Policy
from accord.engine.refusals import has_ended

NOT_FOUND = "No case with that reference, or you do not have access to it"
REFUSED_TEMPLATE = "web/case/refused.html"

type View = Callable[..., HttpResponse]


def person_of(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)  # login_required has run
    return user


@dataclass
class Acting:
    """One person on one case now, replayed: what the page shows and what the engine allows
    (`context`: what building the form adds to the page)."""

    request: HttpRequest
    person: Person
    page: CasePage
    now: datetime
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def case(self) -> Case:
        return self.page.case

    @property
    def access(self) -> CaseAccess:
        return self.page.access

    @property
    def policy(self) -> Policy:
        assert self.page.policy is not None  # replayed
        return self.page.policy

    @property
    def state(self) -> CaseState:
        assert self.page.state is not None  # replayed
        return self.page.state

    @property
    def offers(self) -> frozenset[str]:
        return self.page.offers

    @property
    def seen(self) -> int:
        """The sequence of the case's last event: the forms' hidden `seen`."""
        return self.page.seen


def acting_on(request: HttpRequest, reference: str, *, now: datetime) -> Acting:
    """The case `reference` for the signed-in person, replayed as of `now` (404 if unseen)."""
    person = person_of(request)
    try:
        page = case_page_for(person, reference, now=now, replayed=True)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    return Acting(request=request, person=person, page=page, now=now)


def visible_case(request: HttpRequest, reference: str) -> Case:
    """The case for a page that only reads it (404 if the person does not see it)."""
    try:
        return get_case_for(person_of(request), reference)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def posted(request: HttpRequest) -> Any:
    """What a form is bound to: the POST data, or nothing (a GET shows the form)."""
    return request.POST if request.method == "POST" else None


def log_view(request: HttpRequest, case: Case, *, now: datetime, action: str) -> None:
    """Every page showing a case is logged (who, when, from where)."""
    log_case_view(
        person=person_of(request),
        case=case,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("user-agent", ""),
        action=action[:50],
        now=now,
    )


def refused(
    request: HttpRequest, case: Case, *, doing: str, because: str, status: int
) -> HttpResponse:
    """ "You cannot <doing>" ("... now" for 409: the case does not allow it at the moment; 403:
    this person may not) and why."""
    reason = because.strip().rstrip(".")
    return render(
        request,
        REFUSED_TEMPLATE,
        {
            "case": case,
            "doing": doing,
            "because": reason[:1].upper() + reason[1:],
            "not_now": status == 409,
        },
        status=status,
    )


def refusal(
    acting: Acting, doing: str, *, may: bool, only: str, why_not: str | None
) -> HttpResponse | None:
    """The one order of refusals, None when the person may act now: an ended case for everyone
    (409), then the access rule (403, `only`: who may), then the procedure (409, `why_not`)."""
    if why_not is not None and has_ended(acting.state):
        return refused(acting.request, acting.case, doing=doing, because=why_not, status=409)
    if not may:
        return refused(acting.request, acting.case, doing=doing, because=only, status=403)
    if why_not is not None:
        return refused(acting.request, acting.case, doing=doing, because=why_not, status=409)
    return None


def refusal_for(acting: Acting, offer: str) -> HttpResponse | None:
    """`refusal` for one of the offers, with its access rule and words (`offers.PERMISSIONS`)
    and the engine's reason (`refusals.why_not`)."""
    permission = PERMISSIONS[offer]
    return refusal(
        acting,
        permission.doing,
        may=permission.may(acting.access),
        only=permission.only,
        why_not=acting.page.why_not(offer),
    )


def changed_message(page: CasePage, seen: int) -> str:
    """What a stale form is told (the action refuses it with the same words: CaseChanged)."""
    since = page.changed_since(seen)
    what = f": {'; '.join(since[-3:])}" if since else ""
    return (
        f"Case {page.case.reference} has changed since you opened this page{what}. Nothing was "
        "saved: check the case and try again if it is still needed"
    )


def attempt(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[dict[str, Any]], str],
    *,
    target: str | None = None,
) -> bool | None:
    """Run `act` (the one action) with the form's cleaned data: its message as the success
    banner (True); a stale form (False: the case changed) or a refusal (None) becomes the form's
    error, on the field `target` or else the summary, keeping what was typed."""
    try:
        done = act(form.cleaned_data)
    except CaseChanged as changed:
        form.add_error(None, changed.message)
        return False
    except CaseActionRejected as rejected:
        form.add_error(target, rejected.message[:1].upper() + rejected.message[1:])
        return None
    messages.success(request, done)
    return True


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

"""The one way to build an action page on a case: declare it (`Action`: which offer it is, its
page, its form, its one action) and serve it (`action_view`). Every page refuses in one order
(`case_acting.refusal`), with the words next to each access rule (`offers.PERMISSIONS`) and the
engine's `why_not`; a form drawn before the case moved on is refused with the action's words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from accord.cases.actions import CaseActionRejected, CaseChanged
from accord.input_limits import record_id
from accord.web.reauth import reauthentication_required

from .case_acting import (
    Acting,
    Asked,
    acting_on,
    changed_message,
    log_view,
    offered,
    refusal,
    refused,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

type View = Callable[..., HttpResponse]
type FormMaker = Callable[[Acting, Any], forms.Form]


@dataclass(frozen=True)
class Done:
    """What an action's page says once the action has run, and where it leads (None: the
    action's `section`)."""

    message: StrOrPromise
    url: str | None = None


@dataclass(frozen=True)
class Action:
    """One action page, declared: which offer it is, its page, its form and its one action.

    `make_form(acting, data)` builds the form (bound to `data` on POST, None on GET), with what
    the case offers; `perform(acting, cleaned_data)` calls the one action and says what it did
    (a success message, or `Done`). `context(acting)` is what the page adds (a task its URL
    names, the outcome being signed): it is loaded first, into `acting.context`, so the form,
    the action and `asks` read it too. `asks(acting)` is what is asked before acting, by default
    the offer's (`case_acting.offered`).
    """

    offer: str  # the name `offered_actions` gives it (or the rule's, when `asks` gives its own)
    title: StrOrPromise  # the page's name, translated when shown: "Respond to the disagreement"
    template: str
    make_form: FormMaker
    perform: Callable[[Acting, dict[str, Any]], StrOrPromise | Done]
    context: Callable[[Acting], dict[str, Any]] | None = None
    asks: Callable[[Acting], Asked] | None = None
    field: str | None = None  # where a refusal by the action is shown (None: the summary)
    section: str = "web:case-detail"  # where success leads
    reauthenticate: bool = False  # a signature: "confirm it's you" before it is sent


def form_of(form_class: type[forms.Form]) -> FormMaker:
    """`make_form` for a form that needs nothing from the case (but `seen`)."""
    return lambda acting, data: form_class(data)


def one_of(choices: dict[str, Action], key: str) -> Action:
    """The action a URL argument names (404 for any other)."""
    if key not in choices:
        raise Http404("No such page for this case")
    return choices[key]


def action_view(
    action: Action, *more: Action, choose: Callable[[Acting], Action] | None = None
) -> View:
    """The view of `action` (or of the one of `action, *more` that `choose` picks for the case).

    GET shows the form (the view is logged). POST: a form drawn before the case moved on is
    refused as stale (nothing is written): on the form, or on a 409 page for someone who may no
    longer take the action; otherwise the person must be allowed (else 403) and the case must
    allow it now (else 409); then the action runs, and a refusal becomes the form's error,
    keeping what was typed. An action that `reauthenticate`s asks "confirm it's you" before a
    POST (`accord.web.reauth`).
    """
    declared = (action, *more)
    assert choose is not None or not more, "several actions on one page need `choose`"

    def view(request: HttpRequest, reference: str, **args: Any) -> HttpResponse:
        acting = acting_on(request, reference, now=timezone.now(), args=args)
        chosen = choose(acting) if choose is not None else action
        if chosen.context is not None:
            acting.context.update(chosen.context(acting))
        asked = chosen.asks(acting) if chosen.asks is not None else offered(acting, chosen.offer)

        seen = _posted_seen(request)
        if seen is not None and seen != acting.seen:
            because = changed_message(acting.page, seen)
            if not asked.permission.may(acting.access):  # no longer (or never) theirs
                doing = str(asked.permission.doing)
                return refused(request, acting.case, doing=doing, because=because, status=409)
            form = chosen.make_form(acting, request.POST)
            form.is_valid()
            form.add_error(None, because)
            return _show(acting, chosen, form, changed=True)
        if (refusing := refusal(acting, asked)) is not None:
            return refusing
        if request.method != "POST":
            log_view(
                request, acting.case, now=acting.now, action=f"opened {_english(chosen.title)}"
            )
            return _show(acting, chosen, chosen.make_form(acting, None))
        form = chosen.make_form(acting, request.POST)
        if not form.is_valid():
            return _show(acting, chosen, form)
        return _perform(acting, chosen, form)

    view.__name__ = view.__qualname__ = action.offer
    if any(each.reauthenticate for each in declared):
        view = reauthentication_required(allow_get=True)(view)
    served = login_required(view)
    served.actions = declared  # type: ignore[attr-defined]  # what the page is: tests read it
    return served


def _english(title: StrOrPromise) -> str:
    """The page's name in English, lower case, for the access log (whichever language the page
    is shown in, the log's words are the same)."""
    with translation.override("en-gb"):
        return str(title).lower()


def _posted_seen(request: HttpRequest) -> int | None:
    text = request.POST.get("seen", "") if request.method == "POST" else ""
    return record_id(text)


def _perform(acting: Acting, action: Action, form: forms.Form) -> HttpResponse:
    """Run the one action: its message as the success banner, then on to where it leads; a
    stale form or a refusal becomes the form's error (on `action.field`, or the summary)."""
    try:
        done = action.perform(acting, form.cleaned_data)
    except CaseChanged as changed:
        form.add_error(None, changed.message)
        return _show(acting, action, form, changed=True)
    except CaseActionRejected as rejected:
        target = action.field if action.field in form.fields else None
        form.add_error(target, rejected.message[:1].upper() + rejected.message[1:])
        return _show(acting, action, form)
    if not isinstance(done, Done):
        done = Done(done)
    messages.success(acting.request, done.message)
    url = done.url or reverse(action.section, args=[acting.case.reference])
    return HttpResponseRedirect(url)


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

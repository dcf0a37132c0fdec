"""Acting on a case from a page: the case as the person sees it now (`acting_on`), the refusals
in one order (404 unseen; `refusal`: 409 for an ended case, 403 not this person, 409 not now,
with the words of `offers.PERMISSIONS` and `refusals.why_not`), the stale-form message (`seen`)
and running the one action (`attempt`). The two ways of building a page on these:
`case_action_page`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

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

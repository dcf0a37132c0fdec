"""Acting on a case from a page: the case as the person sees it now (`acting_on`), what is asked
before an action (`Asked`: the access rule with its words, `offers.PERMISSIONS`, and the
engine's `refusals.why_not`), the refusals in one order (404 unseen; `refusal`: 409 for an ended
case, 403 not this person, 409 not now) and the stale-form message (`CaseChanged.since`). The
action pages are declared on these: `case_action_page`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accord.accounts.models import Person
from accord.cases.access import CaseAccess, get_case_for
from accord.cases.actions import CaseChanged, log_case_view
from accord.cases.models import Case
from accord.cases.offers import PERMISSIONS, Permission
from accord.cases.queries import CasePage, case_page_for
from accord.engine.case_state import CaseState
from accord.engine.policy.model import Policy
from accord.engine.refusals import has_ended
from accord.notifications.queries import told_at, told_sentence
from accord.signin.addresses import client_ip

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
    (`args`: the URL's other arguments; `context`: what the action's page adds, such as a task
    its URL names)."""

    request: HttpRequest
    person: Person
    page: CasePage
    now: datetime
    args: dict[str, Any] = field(default_factory=dict)
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

    def told(self) -> str:
        """The "Told: …" sentence for the confirmation of an action just taken: the people the
        notifications it made reached (`notifications.queries.told_at`)."""
        return told_sentence(told_at(self.case.reference, self.now))

    def run[T](
        self, action: Callable[..., T], data: dict[str, Any], *named: str, **fields: Any
    ) -> T:
        """Run one of the case's actions (`accord.cases.actions`) by this person now, for the
        form drawn at `data["seen"]`, with the form's `named` fields as they are and `fields`."""
        given = {name: data[name] for name in named}
        return action(
            case=self.case, actor=self.person, now=self.now, seen=data["seen"], **given, **fields
        )


def acting_on(
    request: HttpRequest, reference: str, *, now: datetime, args: dict[str, Any] | None = None
) -> Acting:
    """The case `reference` for the signed-in person, replayed as of `now` (404 if unseen)."""
    person = person_of(request)
    try:
        page = case_page_for(person, reference, now=now, replayed=True)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None
    return Acting(request=request, person=person, page=page, now=now, args=args or {})


def visible_case(request: HttpRequest, reference: str) -> Case:
    """The case for a page that only reads it (404 if the person does not see it)."""
    try:
        return get_case_for(person_of(request), reference)
    except Case.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def log_view(request: HttpRequest, case: Case, *, now: datetime, action: str) -> None:
    """Every page showing a case is logged (who, when, from where)."""
    log_case_view(
        person=person_of(request),
        case=case,
        ip_address=client_ip(request),
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


@dataclass(frozen=True)
class Asked:
    """What is asked before an action: who may take it (an access rule with its words) and why
    the case does not allow it now (None: it does)."""

    permission: Permission
    why_not: str | None


def offered(acting: Acting, offer: str) -> Asked:
    """`Asked` for one of the offers: its access rule and words (`offers.PERMISSIONS`) and the
    engine's reason (`refusals.why_not`)."""
    return Asked(PERMISSIONS[offer], acting.page.why_not(offer))


def refusal_of(acting: Acting, asked: Asked) -> tuple[int, str] | None:
    """The one order of refusals, as (status, because), None when the person may act now: an
    ended case for everyone (409), then the access rule (403: who may), then the procedure
    (409: why not). The pages and the API (`accord.api`) both ask it."""
    permission, why_not = asked.permission, asked.why_not
    if why_not is not None and has_ended(acting.state):
        return 409, why_not
    if not permission.may(acting.access):
        return 403, str(permission.only)
    if why_not is not None:
        return 409, why_not
    return None


def refusal(acting: Acting, asked: Asked) -> HttpResponse | None:
    """`refusal_of` as its page, None when the person may act now."""
    found = refusal_of(acting, asked)
    if found is None:
        return None
    status, because = found
    return refused(
        acting.request,
        acting.case,
        doing=str(asked.permission.doing),
        because=because,
        status=status,
    )


def changed_message(page: CasePage, seen: int) -> str:
    """What a form drawn at `seen` is told: the words the action refuses it with."""
    return CaseChanged.since(page.case.reference, page.changed_since(seen)).message

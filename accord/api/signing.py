"""An electronic signature through the API (decision 33): an action the pages put behind "confirm
it's you" (`case_action_page.Action.reauthenticate`: signing off an outcome) needs the person's
current authenticator code, or one of their recovery codes, in the `Accord-Authenticator-Code`
header of the request that takes it. The code is checked by the form of the "Confirm it's you"
page itself (allauth's, `ReauthenticateCodeForm`), so a wrong code counts against the same
limits as one typed there, and a code once used is not accepted again. Nothing is kept of it."""

from __future__ import annotations

from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_rates
from rest_framework.request import Request

from accord.web.signin.forms import ReauthenticateCodeForm

from .problems import Problem
from .views_cases import person_of

HEADER = "Accord-Authenticator-Code"
NEEDED = (
    f"Signing needs the person's current authenticator code in the {HEADER} header (the code "
    "their authenticator app shows now, or one of their recovery codes), as the page asks them "
    "to confirm it is them"
)
WRONG = "That authenticator code is not right, or was used already: nothing was signed"
# allauth's rate limits (`ACCOUNT_RATE_LIMITS`): the "Confirm it's you" page's, per person, and
# wrong codes', per person and per address, which the page's form counts itself.
CONFIRMING, WRONG_CODES = "reauthenticate", "login_failed"
TOO_MANY = "Too many wrong authenticator codes for this person: wait, then try again"


def confirm_it_is_them(request: Request) -> None:
    """Refuse the request (403, or 429 after too many wrong codes) unless it carries a code of
    the acting person's that the "Confirm it's you" page would accept now. Run in the action's
    transaction (a recovery code is used up only if the action is taken)."""
    person = person_of(request)
    code = request.headers.get(HEADER, "").strip()
    if not code:
        raise Problem(403, "authenticator-code-needed", NEEDED)
    if not ratelimit.consume(request._request, action=CONFIRMING, user=person):
        raise _too_many(CONFIRMING)  # the page's own limit on confirming
    form = ReauthenticateCodeForm(data={"code": code[:64]}, user=person)
    if not form.is_valid():
        codes = {error.code for error in form.errors.as_data().get("code", [])}
        if "too_many_login_attempts" in codes:
            raise _too_many(WRONG_CODES)
        raise Problem(403, "authenticator-code-wrong", WRONG)
    form.authenticator.record_usage()


def _too_many(action: str) -> Problem:
    """A 429 whose `Retry-After` is the longest window of allauth's limits on `action`."""
    problem = Problem(429, "rate-limited", TOO_MANY)
    rates = get_rates(app="allauth.account", action=action)
    problem.wait = int(max((rate.duration for rate in rates), default=60))  # Retry-After
    return problem

"""Has this session passed two-factor authentication, and how recently did the person prove it?

allauth keeps a record in the session of each way the person authenticated (`password`,
`socialaccount`, `mfa` with the authenticator code or a recovery code). A session has passed two
factors when it holds an `mfa` record, or when the person set up their authenticator app in it
(typing a correct code from the app is the proof). Reading the session costs no query.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest

SET_UP_SESSION_KEY = "accord_two_factor_set_up_at"


def _records(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(get_authentication_records(request, user))


def _second_factor_times(request: HttpRequest) -> list[float]:
    times = [float(r["at"]) for r in _records(request) if r.get("method") == "mfa" and "at" in r]
    set_up_at = request.session.get(SET_UP_SESSION_KEY)
    if isinstance(set_up_at, int | float):
        times.append(float(set_up_at))
    return times


def passed_two_factor(request: HttpRequest) -> bool:
    """The person gave an authenticator (or recovery) code in this session."""
    return bool(_second_factor_times(request))


def confirmed_within(request: HttpRequest, seconds: float | None = None) -> bool:
    """The person gave an authenticator (or recovery) code in the last `seconds` (by default
    ACCOUNT_REAUTHENTICATION_TIMEOUT): at sign-in, or when asked to confirm it was them."""
    window = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT if seconds is None else seconds
    now = time.time()
    return any(now - at < window for at in _second_factor_times(request))


def signed_in_within(request: HttpRequest, seconds: float | None = None) -> bool:
    """The person signed in (by any method) in the last `seconds`."""
    window = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT if seconds is None else seconds
    now = time.time()
    return any(now - float(r.get("at", 0)) < window for r in _records(request))


@receiver(authenticator_added)
def _remember_set_up(
    sender: object, request: HttpRequest | None, authenticator: Authenticator, **kwargs: Any
) -> None:
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        request.session[SET_UP_SESSION_KEY] = time.time()

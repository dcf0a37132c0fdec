"""Two rules every signed-in request passes through: the session ends after a spell of
inactivity (or, however active, a fixed time after signing in), and nobody reaches a page with
case data without two-factor authentication.

Both read only the session (which the page loads anyway): no query in the ordinary case.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from accord.signin.two_factor import passed_two_factor

LAST_SEEN_SESSION_KEY = "accord_last_seen"
STARTED_SESSION_KEY = "accord_session_started"
NEXT_SESSION_KEY = "accord_after_two_factor"
# The last-seen time is written at most this often, so a page costs no session write; the
# warning counts down from the stored time, so the browser and server agree on the end.
LAST_SEEN_RESOLUTION_SECONDS = 60

# Pages a signed-in person may open before setting up or giving their second factor: the
# two-factor pages themselves, signing out, password resets, the session's own endpoints.
TWO_FACTOR_EXEMPT = frozenset(
    {
        "account_login",
        "account_logout",
        "account_inactive",
        "account_reauthenticate",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "mfa_index",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "sign-in",
        "sign-out",
        "session-ended",
        "session-keep-alive",
        "language",
        "healthz",
        "healthz-ready",
        "metrics",
    }
)


def idle_seconds() -> int:
    return int(settings.ACCORD_SESSION_IDLE_SECONDS)


def max_seconds() -> int:
    return int(settings.ACCORD_SESSION_MAX_SECONDS)


def _lifetime_left(session: SessionBase, now: float) -> float:
    """Seconds until the session's absolute end (its first signed-in request starts it)."""
    started = session.get(STARTED_SESSION_KEY)
    if not isinstance(started, int | float):
        session[STARTED_SESSION_KEY] = started = now
    return max_seconds() - (now - float(started))


def _safe_next(request: HttpRequest, url: str) -> str | None:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else None


class SessionTimeoutMiddleware:
    """Ends a signed-in session after ACCORD_SESSION_IDLE_SECONDS without a request, and
    ACCORD_SESSION_MAX_SECONDS after it began however active it has been.

    Enforced here, on the server, so it holds without JavaScript; the page's warning
    (`js/session-timeout.js`) only tells the person in time and lets them stay signed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            last_seen = session.get(LAST_SEEN_SESSION_KEY)
            lifetime_left = _lifetime_left(session, now)
            if lifetime_left <= 0:
                return self._ended(request, reason="limit")
            if isinstance(last_seen, int | float) and now - last_seen > idle_seconds():
                return self._ended(request)
            # Asking how long is left (the warning's GET) is not activity.
            asking = request.method == "GET" and request.path == reverse("web:session-keep-alive")
            if not isinstance(last_seen, int | float) or (
                not asking and now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS
            ):
                last_seen = session[LAST_SEEN_SESSION_KEY] = now
            request.accord_session_expires_in = max(  # type: ignore[attr-defined]
                0, int(min(idle_seconds() - (now - last_seen), lifetime_left))
            )
        return self.get_response(request)

    def _ended(self, request: HttpRequest, reason: str = "") -> HttpResponse:
        path = request.get_full_path()
        logout(request)
        if request.path == reverse("web:session-keep-alive"):
            return self.get_response(request)  # it answers 401: the page's script moves on
        ended = reverse("web:session-ended")
        next_url = path if request.method == "GET" and path != ended else None
        query = {"next": next_url} if next_url else {}
        if reason:
            query["reason"] = reason
        return HttpResponseRedirect(f"{ended}?{urlencode(query)}" if query else ended)


def never_stored(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., Any]:
    """Every page of the application is `Cache-Control: no-store, private` (static files are
    answered before this, by WhiteNoise): a shared or back-button cache never keeps a page
    with case data on it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    return middleware


def touch(request: HttpRequest) -> int:
    """Record activity now (the "Stay signed in" button); the seconds left, which never go
    past the session's absolute end."""
    now = time.time()
    request.session[LAST_SEEN_SESSION_KEY] = now
    return max(0, int(min(idle_seconds(), _lifetime_left(request.session, now))))


class RequireTwoFactorMiddleware:
    """Sends a signed-in person who has not given a second factor in this session to set up
    their authenticator app (first sign-in) or to enter its code, before any other page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if SESSION_KEY not in request.session:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in TWO_FACTOR_EXEMPT:
            return None
        if not request.user.is_authenticated or passed_two_factor(request):
            return None
        path = request.get_full_path()
        if Authenticator.objects.filter(
            user_id=request.user.pk, type=Authenticator.Type.TOTP
        ).exists():
            return HttpResponseRedirect(
                f"{reverse('mfa_reauthenticate')}?{urlencode({'next': path})}"
            )
        if request.method == "GET" and _safe_next(request, path):
            request.session[NEXT_SESSION_KEY] = path
        return HttpResponseRedirect(reverse("mfa_activate_totp"))


def after_two_factor_url(request: HttpRequest) -> str:
    """Where to go once the authenticator app is set up: the page first asked for, or home."""
    wanted = request.session.get(NEXT_SESSION_KEY)
    if isinstance(wanted, str) and _safe_next(request, wanted):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)

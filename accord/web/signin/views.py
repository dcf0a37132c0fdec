"""Accord's own sign-in pages: signing in with an organisation's account, the lock-out page, and
the session's end (the timeout) and keep-alive."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods

from accord.signin.models import provider_for_email, provider_origins

from .forms import OrganisationSignInForm
from .middleware import touch


def _next(request: HttpRequest) -> str:
    """The `next` page asked for, when it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if allowed else ""


def _with_provider_form_action(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Let this page's forms lead to the configured identity providers.

    A form that posts here is answered with a redirect to the provider's sign-in page, and
    browsers apply the page's CSP `form-action` to that redirect too.
    """

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        policy: dict[str, Any] = {
            **settings.SECURE_CSP,
            "form-action": [CSP.SELF, *provider_origins()],
        }
        return csp_override(policy)(view)(request, *args, **kwargs)

    return wrapped


@never_cache
@require_http_methods(["GET", "POST"])
@_with_provider_form_action
def organisation_sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for the work e-mail address and send the person to their organisation's sign-in."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = OrganisationSignInForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        identity_provider = provider_for_email(email)
        if identity_provider is None:
            form.add_error(
                "email",
                "Your organisation does not have its own sign-in for Accord. Sign in with your "
                "email address and password instead",
            )
        else:
            provider = identity_provider.app.get_provider(request)
            auth_params = {**provider.get_auth_params(), "login_hint": email}
            response: HttpResponse = provider.redirect(
                request,
                process=AuthProcess.LOGIN,
                next_url=_next(request) or None,
                auth_params=auth_params,
            )
            return response
    return render(
        request, "account/organisation_sign_in.html", {"form": form, "next": _next(request)}
    )


# allauth's own start of an OpenID Connect sign-in (a "Continue" page that posts to itself).
provider_login = _with_provider_form_action(oidc_views.login)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """django-axes's answer once an address has failed too often from one place
    (AXES_LOCKOUT_CALLABLE). It says nothing about whether the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "account/locked_out.html",
        {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def session_ended(request: HttpRequest) -> HttpResponse:
    """ "You have been signed out": after the timeout, or when the warning ran out (a POST)."""
    next_url = _next(request)
    if request.method == "POST":
        logout(request)
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return HttpResponseRedirect(f"{reverse('web:session-ended')}{query}")
    if request.user.is_authenticated:
        return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    sign_in = reverse("web:sign-in")
    if next_url:
        sign_in = f"{sign_in}?{urlencode({'next': next_url})}"
    return render(
        request,
        "account/session_ended.html",
        {
            "sign_in_url": sign_in,
            "idle_minutes": int(settings.ACCORD_SESSION_IDLE_SECONDS) // 60,
            "max_hours": int(settings.ACCORD_SESSION_MAX_SECONDS) // 3600,
            "at_the_limit": request.GET.get("reason") == "limit",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The seconds the session has left (GET, which does not count as activity), or "Stay
    signed in" (POST, which does). 401 once the session has ended."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    if request.method == "POST":
        expires_in = touch(request)
    else:
        expires_in = getattr(request, "accord_session_expires_in", 0)
    return JsonResponse({"signed_in": True, "expires_in": expires_in})

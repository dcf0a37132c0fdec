"""allauth's adapters: no self sign-up, OpenID Connect matched to existing people, GOV.UK words.

Settings name them: ACCOUNT_ADAPTER, SOCIALACCOUNT_ADAPTER and MFA_ADAPTER.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone, translation

from accord.accounts.languages import known, speaking
from accord.accounts.models import Person
from accord.notifications.outbox import queue_account_email

from .apps import register_providers
from .matching import Refusal, check_linked_person, claims_of, match_new_sign_in
from .models import OPENID_CONNECT, IdentityProvider
from .two_factor import signed_in_within

logger = logging.getLogger(__name__)

# allauth's messages that are worth a banner; the rest ("Successfully signed in as ...") are not.
_MESSAGES_SHOWN = {
    "account/messages/logged_out.txt",
    "account/messages/password_changed.txt",
}


class AccountAdapter(DefaultAccountAdapter):
    """Local accounts: administrators create them; people sign in with e-mail and password."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is not active. Ask your partnership administrator.",
        "email_password_mismatch": (
            "Enter a correct email address and password. The password is case-sensitive."
        ),
        "incorrect_password": "The password is not correct",
        "invalid_login": "Enter a correct email address and password",
        "invalid_password_reset": "The link to reset your password has expired or been used",
        "too_many_login_attempts": "You have tried to sign in too many times. Try again later.",
        "rate_limited": "You have sent too many requests. Wait a minute, then try again.",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Never: partnership administrators create every account."""
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Wrong passwords are counted by django-axes alone, per address and place: while it has
        locked one out, every attempt gets its lock-out page (AxesMiddleware turns the flag into
        it). allauth's own count per address, from anywhere, is not used for passwords: it would
        let anyone who knows an address keep its owner out. (It still limits wrong authenticator
        codes, and allauth still limits sign-in attempts per IP address.)"""
        self._login_failed_rl_usage = None
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            raise self.validation_error("too_many_login_attempts")

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up the authenticator app straight after signing in needs no second password
        prompt; everything else follows allauth (and `accord.web.reauth` asks for a code)."""
        request = allauth_context.request
        if app == "allauth.mfa" and request is not None and signed_in_within(request):
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def get_reauthentication_methods(
        self, user: AbstractBaseUser | AnonymousUser
    ) -> list[dict[str, Any]]:
        """Confirm it is you with the authenticator app (or a recovery code) when the person has
        one; the password only before they have set it up."""
        methods = super().get_reauthentication_methods(user)
        second_factor = [m for m in methods if m["id"].startswith("mfa_reauthenticate")]
        return second_factor or methods

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message is None and message_template not in _MESSAGES_SHOWN:
            return
        super().add_message(
            request, level, message_template, message_context, extra_tags, message=message
        )

    def format_email_subject(self, subject: str) -> str:
        return f"Accord: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Account e-mails (a password reset) go through the outbox and the worker, like every
        other: a request for an existing address takes as long as one for an unknown one. In
        the person's own language when they have chosen one (no query: it is on the person),
        else the page's (decision 35)."""
        request = allauth_context.request
        user = context.get("user")
        chosen = known(getattr(user, "language", None)) or translation.get_language()
        with speaking(chosen):
            message = self.render_mail(
                template_prefix,
                email,
                {"request": request, "email": email, "current_site": get_current_site(request)}
                | context,
            )
        queue_account_email(
            to_address=email, subject=message.subject, body=message.body, now=timezone.now()
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """OpenID Connect: a sign-in is matched to an existing person, or refused. Never created."""

    def get_provider(
        self, request: HttpRequest, provider: str, client_id: str | None = None
    ) -> Any:
        """allauth's, with the providers registered first (`apps.register_providers`: outside
        a request, nothing may have registered them yet)."""
        register_providers()
        return super().get_provider(request, provider, client_id=client_id)

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Link the sign-in to the person it belongs to, or show why it cannot be used.

        allauth has already found any earlier link between this provider account and a person.
        """
        account = sociallogin.account
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            # Signing in only: no connecting an account to whoever is signed in, no "redirect".
            self._refuse(request, Refusal.NOT_CONFIGURED, account.provider)
            return
        provider = (
            IdentityProvider.objects.filter(
                app__provider=OPENID_CONNECT, app__provider_id=account.provider
            )
            .select_related("app")
            .first()
        )
        if provider is None:
            self._refuse(request, Refusal.NOT_CONFIGURED, account.provider)
            return
        if sociallogin.is_existing:
            person = sociallogin.user
            assert isinstance(person, Person)
            match = check_linked_person(provider, person)
        else:
            match = match_new_sign_in(provider, claims_of(account.extra_data))
        if match.person is None:
            assert match.refusal is not None
            self._refuse(request, match.refusal, account.provider, provider)
            return
        if not sociallogin.is_existing:
            sociallogin.connect(request, match.person)
            logger.info(
                "identity provider %s linked to person %s", account.provider, match.person.pk
            )

    def _refuse(
        self,
        request: HttpRequest,
        refusal: Refusal,
        provider_id: str,
        provider: IdentityProvider | None = None,
    ) -> None:
        # The log says which rule refused, never the address the provider sent.
        logger.warning("identity provider %s sign-in refused: %s", provider_id, refusal.value)
        response = render(
            request,
            "socialaccount/refused.html",
            {"refusal": refusal.value, "provider": provider},
            status=403,
        )
        raise ImmediateHttpResponse(response)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        logger.warning(
            "identity provider %s sign-in failed: %s (%s)",
            getattr(getattr(provider, "app", None), "provider_id", provider),
            error,
            type(exception).__name__ if exception else "no exception",
        )


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor authentication: compulsory, so nobody can turn it off themselves."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "You cannot turn off two-factor authentication. If you have a new phone, ask your "
            "partnership administrator to reset it."
        ),
        "incorrect_code": (
            "The security code is not correct or has expired. Enter the code your app shows now"
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return bool(authenticator.type != Authenticator.Type.TOTP)

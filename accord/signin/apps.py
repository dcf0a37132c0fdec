"""The sign-in app, and allauth's social accounts with their providers registered when first
needed."""

from typing import Any

from allauth.socialaccount.apps import SocialAccountConfig as AllauthSocialAccountConfig
from django.apps import AppConfig
from django.core.signals import request_started


class SigninConfig(AppConfig):
    name = "accord.signin"
    label = "signin"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from . import two_factor  # noqa: F401  (connects allauth's signals)


class SocialAccountConfig(AllauthSocialAccountConfig):
    """allauth's `socialaccount` app (INSTALLED_APPS names this in its place), except that its
    provider classes are registered at a process's first request, or when the adapter first
    looks one up, rather than as the app starts: registering imports the OpenID Connect provider
    and with it the `requests` library (about 40 ms), which a process that signs nobody in, such
    as `accord tick` run by cron every minute, has no use for (issue 17)."""

    def ready(self) -> None:
        from allauth.socialaccount import checks  # noqa: F401  (as allauth's own ready does)

        request_started.connect(register_providers, dispatch_uid="accord.signin.providers")


def register_providers(**_: Any) -> None:
    """Register allauth's provider classes, once (allauth's `registry.load` keeps a flag): what
    allauth's own app does as it starts."""
    from allauth.socialaccount.providers import registry

    registry.load()

"""The sign-in app."""

from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "accord.signin"
    label = "signin"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from . import two_factor  # noqa: F401  (connects allauth's signals)

"""The accounts app."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"
    verbose_name = "People and agencies"

    def ready(self) -> None:
        """The engine's words (a refusal's reason, an outcome's title, what happens next) are
        said in the active language wherever the application shows them: Django's translations
        are lent to the engine for the whole process (`accord.engine.speech`). The page's
        language, or the one an e-mail or a document is written in (`languages.speaking`), is
        the active one; with none active, English."""
        from django.utils import translation

        from accord.engine import speech

        speech.lend_by_default(translation)

"""allauth's forms in GOV.UK's words: labels and hints that say what to enter, error messages
that say what to do, no placeholders. Settings name them (ACCOUNT_FORMS, MFA_FORMS)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from accord.web.email_field import EmailAddressField

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

type Text = str | StrPromise  # words, translated when shown

EMAIL_ERRORS = {
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.com"),
}
CODE_HINT = _(
    "The 6 digit code shown in your authenticator app. If you cannot use the app, enter one "
    "of your recovery codes."
)
NEW_HINT = _(
    "Use at least 12 characters. Do not use a common password, only numbers, or your name or "
    "email address."
)


class _GovukForm:
    """Drops allauth's placeholders (GOV.UK forms do not use them)."""

    fields: dict[str, forms.Field]

    def _govuk(self) -> None:
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


def _email(field: forms.Field, *, autofocus: bool = False) -> None:
    field.label = _("Email address")
    field.error_messages.update(EMAIL_ERRORS)
    field.widget = forms.EmailInput(
        attrs={
            "autocomplete": "email",
            "spellcheck": "false",
            **({"autofocus": True} if autofocus else {}),
        }
    )


def _password(field: forms.Field, label: Text, required: Text, *, hint: Text = "") -> None:
    field.label = label
    field.help_text = hint
    field.error_messages["required"] = required
    field.widget.attrs.pop("placeholder", None)


def _code(field: forms.Field, *, hint: Text = CODE_HINT) -> None:
    field.label = _("Security code")
    field.help_text = hint
    field.error_messages["required"] = _("Enter the security code")
    field.widget.attrs.update(
        {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
    )
    field.widget.attrs.pop("placeholder", None)


class SignInForm(_GovukForm, account_forms.LoginForm):
    """E-mail address and password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Shown again after an error, the error summary takes the focus, not the field.
        _email(self.fields["login"], autofocus=not self.is_bound)
        _password(self.fields["password"], _("Password"), _("Enter your password"))
        self._govuk()


class ResetPasswordForm(_GovukForm, account_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _email(self.fields["email"])
        self._govuk()


class ResetPasswordKeyForm(_GovukForm, account_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password(
            self.fields["password1"], _("New password"), _("Enter a new password"), hint=NEW_HINT
        )
        _password(
            self.fields["password2"], _("Confirm new password"), _("Confirm your new password")
        )
        self._govuk()

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", _("The passwords do not match. Enter the same password twice")
            )
        return cleaned


class ReauthenticateForm(_GovukForm, account_forms.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password(self.fields["password"], _("Password"), _("Enter your password"))
        self._govuk()


class AuthenticateForm(_GovukForm, mfa_base_forms.AuthenticateForm):
    """The second step of signing in: the code from the authenticator app."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code(self.fields["code"])
        self._govuk()


class ReauthenticateCodeForm(_GovukForm, mfa_base_forms.ReauthenticateForm):
    """Confirming it is you before something that matters (signing off, exporting)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code(self.fields["code"])
        self._govuk()


class ActivateTOTPForm(_GovukForm, totp_forms.ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code(self.fields["code"], hint=_("The 6 digit code your authenticator app now shows"))
        self._govuk()


class OrganisationSignInForm(forms.Form):
    """Which organisation's sign-in to use, found from the domain of the e-mail address."""

    email = EmailAddressField(
        label=_("Your work email address"),
        help_text=_("We will send you to your organisation’s own sign-in page."),
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

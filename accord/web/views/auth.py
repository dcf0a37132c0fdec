"""Signing in with a local account (e-mail and password) and signing out."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView


class SignInForm(AuthenticationForm):
    """Django's sign-in form, asking for the e-mail address people sign in with."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": (
            "Enter the email address and password of your Accord account. "
            "The password is case-sensitive."
        ),
        "inactive": "This account is not active. Ask your partnership administrator.",
    }


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    pass

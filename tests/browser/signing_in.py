"""Signing in through the pages, as a person would: e-mail address and password, then the code
the authenticator app shows (computed from the person's secret by allauth's own TOTP)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.signing_in import totp_code


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page: Page, secret: str) -> None:
    """The second step: the code the authenticator app shows now."""
    expect(page).to_have_title("Enter the security code – Accord")
    page.get_by_label("Security code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()

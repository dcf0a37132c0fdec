"""Sign-in journeys in Chromium: setting up the authenticator app, an organisation's own account
(through a real OpenID Connect provider's sign-in page), lock-out, and the session timeout with
and without JavaScript. axe-core checks each of Accord's pages on the way; screenshots go to
test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import Page, expect

from accord.accounts.models import Person
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, AgencyFactory, OpenCaseFactory, PersonFactory
from tests.oidc_provider import Provider, connect_agency, oidc_provider  # noqa: F401
from tests.signing_in import give_authenticator, totp_code

pytestmark = BROWSER


def test_a_first_sign_in_sets_up_the_authenticator_app(live_server: Any, page: Page) -> None:
    case = OpenCaseFactory()
    sign_in(page, live_server.url, case.raised_by.email, PASSWORD)

    expect(page).to_have_title("Set up an authenticator app – Accord")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "sign-in-set-up-authenticator")

    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Error: Set up an authenticator app – Accord")
    expect(page.get_by_role("alert")).to_contain_text("The security code is not correct")
    assert_accessible(page)

    page.get_by_label("Security code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Your recovery codes – Accord")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    assert_accessible(page)
    screenshot(page, "sign-in-recovery-codes")

    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Needs my action – Your cases – Accord")
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()


def test_signing_in_with_the_organisations_own_account(
    live_server: Any,
    page: Page,
    oidc_provider: Provider,  # noqa: F811
) -> None:
    case = OpenCaseFactory()
    agency = case.receiving_agency
    connect_agency(oidc_provider, agency, domains="northshire.police.example")
    person = Person.objects.get(agency=agency)  # the case's holder there
    person.email = "sam.jones@northshire.police.example"
    person.save()
    secret = give_authenticator(person)
    oidc_provider.set_user("entra-object-1", email=person.email, email_verified=True)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="Sign in with your organisation’s account").click()
    expect(page).to_have_title("Sign in with your organisation’s account – Accord")
    assert_accessible(page)
    screenshot(page, "sign-in-organisation")
    page.get_by_label("Your work email address").fill(person.email)
    page.get_by_role("button", name="Continue").click()

    # The provider's own sign-in page (oidc-provider-mock's), on 127.0.0.1.
    expect(page).to_have_url(re.compile(rf"^{re.escape(oidc_provider.url)}/oauth2/authorize"))
    screenshot(page, "sign-in-organisation-provider-page")
    page.get_by_label("Subject").fill("entra-object-1")
    page.get_by_role("button", name="Authorize", exact=True).click()

    enter_code(page, secret)
    expect(page).to_have_title("Needs my action – Your cases – Accord")
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()


def test_an_organisation_account_with_no_accord_account_is_refused(
    live_server: Any,
    page: Page,
    oidc_provider: Provider,  # noqa: F811
) -> None:
    police = AgencyFactory(name="Northshire Police")
    connect_agency(oidc_provider, police, domains="northshire.police.example")
    oidc_provider.set_user(
        "entra-object-2", email="new.starter@northshire.police.example", email_verified=True
    )
    page.goto(f"{live_server.url}/sign-in/organisation/")
    page.get_by_label("Your work email address").fill("new.starter@northshire.police.example")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Subject").fill("entra-object-2")
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page).to_have_title("We could not find your Accord account – Accord")
    assert_accessible(page)
    screenshot(page, "sign-in-organisation-refused")


def test_five_wrong_passwords_lock_the_address_out(live_server: Any, page: Page) -> None:
    person = PersonFactory()
    for attempt in range(1, 6):
        sign_in(page, live_server.url, person.email, f"wrong password {attempt}")
        if attempt < 5:
            expect(page).to_have_title("Error: Sign in – Accord")
    expect(page).to_have_title("You cannot sign in for 30 minutes – Accord")
    assert_accessible(page)
    screenshot(page, "sign-in-locked-out")
    sign_in(page, live_server.url, person.email, PASSWORD)  # the right one, too late
    expect(page).to_have_title("You cannot sign in for 30 minutes – Accord")


def test_the_timeout_warning_lets_you_stay_signed_in(
    live_server: Any, page: Page, settings: Any
) -> None:
    settings.ACCORD_SESSION_IDLE_SECONDS = 125  # the warning (2 minutes) comes after 5 seconds
    person = PersonFactory()
    secret = give_authenticator(person)
    sign_in(page, live_server.url, person.email, PASSWORD)
    enter_code(page, secret)
    expect(page).to_have_title("Needs my action – Your cases – Accord")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_contain_text("we will sign you out in 2 minutes")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page)
    screenshot(page, "session-timeout-warning")

    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    page.reload()
    expires_in = page.locator("dialog").get_attribute("data-expires-in")
    assert expires_in is not None
    assert int(expires_in) >= 120


def test_the_session_ends_when_the_warning_runs_out(
    live_server: Any, page: Page, settings: Any
) -> None:
    settings.ACCORD_SESSION_IDLE_SECONDS = 6
    person = PersonFactory()
    secret = give_authenticator(person)
    sign_in(page, live_server.url, person.email, PASSWORD)
    enter_code(page, secret)
    expect(page).to_have_title("Needs my action – Your cases – Accord")
    expect(page.get_by_role("dialog", name="You are about to be signed out")).to_be_visible()
    expect(page).to_have_title("You have been signed out – Accord", timeout=15_000)
    assert_accessible(page)
    screenshot(page, "session-timeout-signed-out")
    page.goto(f"{live_server.url}/cases/")
    expect(page).to_have_title("Sign in – Accord")


def test_without_javascript_the_server_still_ends_an_idle_session(
    live_server: Any, page_without_js: Page, settings: Any
) -> None:
    settings.ACCORD_SESSION_IDLE_SECONDS = 3
    person = PersonFactory()
    secret = give_authenticator(person)
    page = page_without_js
    sign_in(page, live_server.url, person.email, PASSWORD)
    enter_code(page, secret)
    expect(page).to_have_title("Needs my action – Your cases – Accord")
    time.sleep(4)
    page.get_by_role("link", name="Cases", exact=True).click()
    expect(page).to_have_title("You have been signed out – Accord")
    screenshot(page, "session-timeout-no-js")
    page.get_by_role("button", name="Sign in again").click()
    expect(page).to_have_title("Sign in – Accord")
    assert "next=%2Fcases%2F" in page.url


def test_the_other_sign_in_pages_are_accessible(live_server: Any, page: Page) -> None:
    base = live_server.url
    pages = [
        ("/sign-in/", "Sign in – Accord"),
        ("/password/reset/", "Reset your password – Accord"),
        ("/sign-up/", "You cannot create an account – Accord"),
        ("/session/ended/", "You have been signed out – Accord"),
    ]
    for path, title in pages:
        page.goto(f"{base}{path}")
        expect(page).to_have_title(title)
        assert_accessible(page)
    page.goto(f"{base}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Error: Sign in – Accord")
    assert_accessible(page)

    page.goto(f"{base}/password/reset/")
    page.get_by_label("Email address").fill("someone@school.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_title("Check your email – Accord")
    assert_accessible(page)
    screenshot(page, "password-reset-sent")

    person = PersonFactory()
    secret = give_authenticator(person)
    sign_in(page, base, person.email, PASSWORD)
    assert_accessible(page)
    screenshot(page, "sign-in-security-code")
    enter_code(page, secret)
    for path, title in [
        ("/two-factor/", "Two-factor authentication – Accord"),
        ("/two-factor/recovery-codes/", "Your recovery codes – Accord"),
        ("/confirm-its-you/", "Confirm it’s you – Accord"),
        ("/sign-out/", "Sign out – Accord"),
    ]:
        page.goto(f"{base}{path}")
        expect(page).to_have_title(title)
        assert_accessible(page)
    screenshot(page, "sign-out")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Sign in – Accord")
    expect(page.get_by_text("You have signed out")).to_be_visible()


def test_the_sign_in_page_in_welsh_is_accessible(live_server: Any, page: Page) -> None:
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_title("Mewngofnodi – Accord")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert_accessible(page)
    page.get_by_role("button", name="Mewngofnodi").click()
    expect(page).to_have_title("Gwall: Mewngofnodi – Accord")
    expect(page.get_by_role("alert")).to_contain_text("Mae problem wedi codi")
    assert_accessible(page)
    screenshot(page, "sign-in-in-welsh")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_title("Sign in – Accord")

"""Setting a partnership up in Chromium: a site administrator creates it; its new administrator
chooses a password from the e-mailed link, sets up the authenticator app, assigns the policy's
last role, adds a closure day and makes the partnership live. axe-core checks each set-up page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from accord.notifications.models import OutboxMessage
from accord.partnerships.models import Partnership, RoleAssignment
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, PersonFactory
from tests.partnerships.test_readiness import make_ready
from tests.signing_in import give_authenticator, totp_code

pytestmark = BROWSER
NEW_PASSWORD = "a long new password for ada"


def _create_partnership(page: Page, base: str) -> Partnership:
    site_admin = PersonFactory(agency=None, is_superuser=True, is_staff=True)
    secret = give_authenticator(site_admin)
    sign_in(page, base, site_admin.email, PASSWORD)
    enter_code(page, secret)
    page.get_by_role("link", name="Set-up").first.click()
    page.get_by_role("button", name="Create a partnership").click()
    expect(page).to_have_title("Create a partnership – Accord")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Riverside Safeguarding Children Partnership")
    page.get_by_label("Short name").fill("RSCP")
    page.get_by_label("Slug").fill("riverside")
    page.get_by_label("England").check()
    page.get_by_label("Its first administrator's e-mail address").fill("ada@riverside.example")
    page.get_by_label("Its first administrator's full name").fill("Ada Admin")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page).to_have_title(re.compile("^Set-up checklist"))
    return Partnership.objects.get(slug="riverside")


def _first_sign_in(page: Page, base: str) -> str:
    """From the invitation e-mail: choose a password, sign in, set up the authenticator app.
    Returns the app's secret (to compute codes when Accord asks again)."""
    body = OutboxMessage.objects.get(to_address="ada@riverside.example").body
    link = re.search(r"https?://\S+/password/reset/key/\S+", body)
    assert link is not None
    page.goto(base + urlsplit(link.group(0)).path)
    expect(page).to_have_title("Choose a new password – Accord")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    sign_in(page, base, "ada@riverside.example", NEW_PASSWORD)
    expect(page).to_have_title("Set up an authenticator app – Accord")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Security code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Your recovery codes – Accord")
    page.get_by_role("button", name="Continue").click()
    return secret


def test_a_partnership_from_creation_to_live(live_server: Any, browser: Browser) -> None:
    base = live_server.url
    site = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    partnership = _create_partnership(site, base)
    site.context.close()

    page = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    _first_sign_in(page, base)
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Set-up", exact=True).first.click()
    expect(page).to_have_title(
        "Set-up checklist – Riverside Safeguarding Children Partnership – Accord"
    )
    expect(page.locator("#gaps")).to_contain_text("No procedure is in force")
    assert_accessible(page)
    screenshot(page, "setup-checklist-empty")

    make_ready(partnership)  # the policy, agencies, people and staff: their own pages' tests
    RoleAssignment.objects.filter(partnership=partnership, role_key="standards_manager").delete()
    holder = partnership.home_agencies.first().people.first()  # type: ignore[union-attr]
    page.reload()
    expect(page.locator("#gaps")).to_have_text(re.compile("Safeguarding Standards Manager"))
    page.get_by_role("link", name="Assign the policy's roles").click()
    expect(page.get_by_text("Nobody holds yet: Safeguarding Standards Manager.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Assign a role").click()
    page.get_by_role("button", name="Assign the role").click()
    expect(page).to_have_title("Error: Assign a role – Accord")
    assert_accessible(page)
    page.get_by_label("Safeguarding Standards Manager").check()
    page.get_by_label("E-mail address of the person who holds it").fill(holder.email)
    page.get_by_role("button", name="Assign the role").click()
    expect(
        page.get_by_text(f"{holder.full_name} holds the role Safeguarding Standards Manager")
    ).to_be_visible()
    expect(
        page.get_by_role("cell", name="Safeguarding Standards Manager", exact=True)
    ).to_be_visible()

    page.get_by_role("link", name="Back to the set-up checklist").click()
    page.get_by_role("link", name="Closure days").click()
    page.get_by_role("button", name="Add a closure day").click()
    page.get_by_label("Day").fill("24")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_label("Why the partnership is closed").fill("Christmas closure")
    assert_accessible(page)
    page.get_by_role("button", name="Add the closure day").click()
    expect(page.get_by_role("cell", name="24 December 2099", exact=True)).to_be_visible()

    page.get_by_role("link", name="Back to the set-up checklist").click()
    expect(page.locator("#gaps")).to_have_text("Nothing is missing.")
    page.get_by_role("button", name="Make the partnership live").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make it live").click()
    expect(page.get_by_text("cases can now be raised")).to_be_visible()
    screenshot(page, "setup-checklist-live")
    partnership.refresh_from_db()
    assert partnership.live

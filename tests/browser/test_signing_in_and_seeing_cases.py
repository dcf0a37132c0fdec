"""A person signs in with a local account (password, then the authenticator app's code), sees
the cases they may see, and opens one.

The same journey with JavaScript off. axe-core checks every page visited on the pass with
JavaScript (axe is itself a script, so it cannot run where scripts are off).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, OpenCaseFactory
from tests.signing_in import give_authenticator

pytestmark = BROWSER


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_raiser_signs_in_and_opens_their_case(
    live_server, page: Page, page_without_js: Page, javascript: bool
) -> None:
    browser_page = page if javascript else page_without_js

    def check_accessible() -> None:
        if javascript:
            assert_accessible(browser_page)

    case = OpenCaseFactory(subject_name="Zebedee Quill")
    raiser = case.raised_by
    secret = give_authenticator(raiser)

    browser_page.goto(f"{live_server.url}/sign-in/")
    check_accessible()
    sign_in(browser_page, live_server.url, raiser.email, PASSWORD)
    check_accessible()
    enter_code(browser_page, secret)

    expect(browser_page).to_have_title("Needs my action – Your cases – Accord")
    browser_page.get_by_role("link", name="All my cases (1)").click()
    expect(browser_page).to_have_title("All my cases – Your cases – Accord")
    link = browser_page.get_by_role("link", name=case.reference)
    expect(link).to_be_visible()
    check_accessible()
    screenshot(browser_page, f"case-list-{'js' if javascript else 'no-js'}")

    link.click()
    expect(browser_page).to_have_title(f"Overview – {case.reference} – Accord")
    expect(browser_page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert "Zebedee" not in browser_page.url
    check_accessible()
    screenshot(browser_page, f"case-page-{'js' if javascript else 'no-js'}")


def test_a_wrong_password_is_explained_and_the_email_kept(live_server, page: Page) -> None:
    case = OpenCaseFactory()
    sign_in(page, live_server.url, case.raised_by.email, "not the password")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_label("Email address")).to_have_value(case.raised_by.email)
    assert_accessible(page)
    screenshot(page, "sign-in-error")

"""Retention in Chromium: a partnership administrator sets the partnership's own period, places
a legal hold on a case by its reference (after a refusal shown in the error summary) and lifts
it. axe-core checks each page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect

from accord.cases.models import LegalHold
from tests.browser.conftest import BROWSER, assert_accessible
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, ClosedCaseFactory, PartnershipRoleFactory
from tests.signing_in import give_authenticator

pytestmark = BROWSER


def test_an_administrator_sets_the_period_and_holds_a_case(
    live_server: Any, browser: Browser
) -> None:
    case = ClosedCaseFactory()
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    secret = give_authenticator(admin)
    page = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    sign_in(page, live_server.url, admin.email, PASSWORD)
    enter_code(page, secret)
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Retention").click()
    expect(page).to_have_title("Retention – Accord")
    assert_accessible(page)

    page.get_by_role("link", name=f"Change the retention period of {case.partnership.name}").click()
    page.get_by_label("Years after the case closes").fill("0")
    page.get_by_role("button", name="Save the retention period").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Years after the case closes must be a whole number from 1 to 99"
    )
    assert_accessible(page)
    page.get_by_label("Years after the case closes").fill("8")
    page.get_by_role("button", name="Save the retention period").click()
    expect(page.get_by_role("main")).to_contain_text("kept for 8 years after it closes")

    page.get_by_role("link", name="Place a legal hold on a case").click()
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_role("button", name="Place the legal hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the legal hold is placed")
    assert_accessible(page)
    page.get_by_label("Why is the case held?").fill("A claim is expected")
    page.get_by_role("button", name="Place the legal hold").click()
    expect(page).to_have_title("Retention – Accord")
    expect(page.get_by_role("main")).to_contain_text("A claim is expected")
    assert_accessible(page)

    page.get_by_role("link", name=f"Lift the hold on {case.reference}").click()
    expect(page).to_have_title(f"Lift the legal hold on {case.reference} – Accord")
    assert_accessible(page)
    page.get_by_label("Why is the hold lifted?").fill("The claim was settled")
    page.get_by_role("button", name="Lift the legal hold").click()
    expect(page.get_by_role("main")).to_contain_text("No case is under a legal hold")
    assert LegalHold.objects.get(case=case).lift_reason == "The claim was settled"
    page.context.close()

"""The partnership's pages in a browser: the board, trends, learning, the quarterly report and
themes, with and without JavaScript, checked by axe-core (with JavaScript) and screenshotted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accord.accounts.models import Person
from accord.partnerships.models import Partnership
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import (
    PASSWORD,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    ReferredCaseFactory,
    ResolvedCaseFactory,
)
from tests.signing_in import give_authenticator

pytestmark = BROWSER


def _partnership_with_cases() -> Partnership:
    first = OpenCaseFactory(urgent=True)
    partnership = first.partnership
    kin = {
        "partnership": partnership,
        "policy_version": first.policy_version,
        "raising_agency": first.raising_agency,
        "receiving_agency": first.receiving_agency,
    }
    OpenCaseFactory(**kin)
    EscalatedCaseFactory(**kin)
    ResolvedCaseFactory(**kin)
    ReferredCaseFactory(**kin)
    return partnership


def _signed_in(page: Page, base: str, partnership: Partnership, role: str) -> Person:
    person = PartnershipRoleFactory(partnership=partnership, role=role).person
    secret = give_authenticator(person)
    sign_in(page, base, person.email, PASSWORD)
    enter_code(page, secret)
    return person


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_business_manager_reads_the_board_trends_and_report(
    live_server, page: Page, page_without_js: Page, javascript: bool
) -> None:
    browser = page if javascript else page_without_js
    suffix = "js" if javascript else "no-js"

    def check() -> None:
        if javascript:
            assert_accessible(browser)

    partnership = _partnership_with_cases()
    _signed_in(browser, live_server.url, partnership, "business_manager")

    browser.get_by_role("link", name="Partnership", exact=True).click()
    expect(browser).to_have_title("Partnership board – Accord")
    expect(browser.get_by_role("heading", level=1)).to_have_text("Partnership board")
    expect(browser.get_by_role("link", name="1 urgent: show the cases")).to_be_visible()
    check()
    screenshot(browser, f"partnership-board-{suffix}")
    browser.get_by_role("link", name="1 open at stage 2").click()
    assert "/cases/partnership/?" in browser.url
    assert "stage=2" in browser.url
    assert "status=open" in browser.url

    browser.goto(f"{live_server.url}/partnership/trends/?start=2026-05&end=2026-08")
    expect(browser).to_have_title("Trends – Accord")
    expect(browser.locator("svg[role=img]").first).to_be_visible()
    expect(browser.get_by_role("table").first).to_be_visible()
    check()
    screenshot(browser, f"partnership-trends-{suffix}")

    browser.get_by_label("From", exact=True).select_option("2026-09")
    browser.get_by_label("To", exact=True).select_option("2026-06")
    browser.get_by_role("button", name="Show these months").click()
    expect(browser).to_have_title("Error: Trends – Accord")
    expect(browser.get_by_role("alert")).to_contain_text("The end month must be")
    check()

    browser.goto(f"{live_server.url}/partnership/report/?quarter=2026-Q2")
    expect(browser).to_have_title("Quarterly report – Accord")
    expect(browser.get_by_role("heading", name="Summary")).to_be_visible()
    check()
    screenshot(browser, f"partnership-report-{suffix}")
    with browser.expect_download() as download:
        browser.get_by_role("button", name="Download the PDF").click()
    name = download.value.suggested_filename
    assert name == f"{partnership.slug}-board-report-2026-Q2.pdf"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_chair_records_a_learning_point(
    live_server, page: Page, page_without_js: Page, javascript: bool
) -> None:
    browser = page if javascript else page_without_js
    partnership = _partnership_with_cases()
    _signed_in(browser, live_server.url, partnership, "independent_chair")

    browser.goto(f"{live_server.url}/partnership/learning/?quarter=2026-Q2")
    expect(browser).to_have_title("Learning – Accord")
    if javascript:
        assert_accessible(browser)
    browser.get_by_role("button", name="Record a learning point").click()
    expect(browser).to_have_title("Record a learning point – Accord")
    browser.get_by_role("button", name="Record the learning point").click()
    expect(browser).to_have_title("Error: Record a learning point – Accord")
    expect(browser.get_by_role("alert")).to_contain_text("Say what was learned")
    if javascript:
        assert_accessible(browser)
    screenshot(browser, f"learning-point-error-{'js' if javascript else 'no-js'}")
    browser.get_by_label("Quality assurance group").check()
    browser.get_by_label("What was learned").fill("Escalate to stage 2 sooner")
    browser.get_by_role("button", name="Record the learning point").click()
    expect(browser).to_have_title("Learning – Accord")
    expect(browser.get_by_text("Escalate to stage 2 sooner")).to_be_visible()
    screenshot(browser, f"partnership-learning-{'js' if javascript else 'no-js'}")


def test_an_administrator_manages_themes(live_server, page: Page) -> None:
    partnership = _partnership_with_cases()
    _signed_in(page, live_server.url, partnership, "administrator")
    page.goto(f"{live_server.url}/partnership/themes/")
    expect(page).to_have_title("Themes – Accord")
    assert_accessible(page)
    page.get_by_role("button", name="Manage these themes").click()
    page.get_by_label("New theme").fill("Early help")
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_role("row", name="Early help")).to_be_visible()
    page.get_by_role("button", name="Retire Communication").click()
    expect(page.get_by_role("row", name="Communication")).to_contain_text("Retired")
    assert_accessible(page)
    screenshot(page, "partnership-themes")

"""The case page and the ladder in a real browser: the receiving side's holder opens each section
of a case, responds (after a mistake the error summary explains), then escalates it, naming the
new holders; with JavaScript and without. axe-core checks every page of the pass with JavaScript,
and each section is saved as a screenshot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.accounts.models import Level
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, OpenCaseFactory, PersonFactory, holder
from tests.signing_in import give_authenticator

pytestmark = BROWSER

SECTIONS = ["Overview", "Deadlines", "Stages", "Tasks and meetings", "Timeline"]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_receiving_holder_responds_then_escalates(
    live_server, page: Page, page_without_js: Page, javascript: bool
) -> None:
    browser_page = page if javascript else page_without_js
    mode = "js" if javascript else "no-js"

    def check_accessible() -> None:
        if javascript:
            assert_accessible(browser_page)

    case = OpenCaseFactory(subject_name="Zebedee Quill", now=timezone.now() - timedelta(hours=1))
    receiving = holder(case)
    manager = PersonFactory(
        agency=case.receiving_agency, level=Level.FIRST_LINE_MANAGER, full_name="Rowan Manager"
    )
    receiving.line_manager = manager
    receiving.save(update_fields=["line_manager"])
    secret = give_authenticator(receiving)
    sign_in(browser_page, live_server.url, receiving.email, PASSWORD)
    enter_code(browser_page, secret)
    browser_page.goto(f"{live_server.url}/cases/{case.reference}/")
    ref = case.reference

    # Every section, by its sub navigation.
    navigation = browser_page.get_by_role("navigation", name=f"Parts of case {ref}")
    for section in SECTIONS:
        link = navigation.get_by_role("link", name=section, exact=True)
        if not link.count():  # a section another part of the service adds
            continue
        link.click()
        expect(browser_page).to_have_title(f"{section} – {ref} – Accord")
        expect(link).to_have_attribute("aria-current", "page")
        assert "Zebedee" not in browser_page.title()
        check_accessible()
        screenshot(browser_page, f"case-{section.replace(' ', '-')}-{mode}")

    # Respond: a mistake first, then the response.
    navigation.get_by_role("link", name="Overview", exact=True).click()
    browser_page.get_by_role("button", name="Respond").click()
    expect(browser_page).to_have_title(f"Respond to the disagreement – {ref} – Accord")
    check_accessible()
    browser_page.get_by_label("Disagree").check()
    browser_page.get_by_role("button", name="Send response").click()
    expect(browser_page).to_have_title(f"Error: Respond to the disagreement – {ref} – Accord")
    summary = browser_page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why you disagree")
    expect(browser_page.get_by_label("Disagree")).to_be_checked()  # what was chosen is kept
    check_accessible()
    screenshot(browser_page, f"case-respond-error-{mode}")
    browser_page.get_by_label("Your response").fill("The threshold for a section 47 is not met")
    browser_page.get_by_role("button", name="Send response").click()
    expect(browser_page).to_have_title(f"Overview – {ref} – Accord")
    expect(browser_page.locator(".govuk-notification-banner")).to_contain_text(
        "Your response is recorded: you disagree"
    )
    expect(browser_page.get_by_role("button", name="Respond")).to_have_count(0)
    check_accessible()

    # Escalate: the line manager is suggested for the receiving side.
    browser_page.get_by_role("button", name="Escalate").click()
    expect(browser_page).to_have_title(f"Escalate the case – {ref} – Accord")
    expect(browser_page.get_by_label("Receiving side's holder")).to_have_value(str(manager.pk))
    check_accessible()
    browser_page.get_by_label("Why are you escalating the case?").fill(
        "We still disagree about the threshold"
    )
    screenshot(browser_page, f"case-escalate-{mode}")
    browser_page.get_by_role("button", name="Escalate").click()
    expect(browser_page).to_have_title(f"Overview – {ref} – Accord")
    expect(browser_page.locator(".govuk-notification-banner")).to_contain_text(
        f"Case {ref} escalated to stage 2"
    )
    expect(
        browser_page.get_by_role("heading", name="Now at stage 2: First line managers")
    ).to_be_visible()
    expect(browser_page.locator("main")).to_contain_text("Rowan Manager")
    check_accessible()
    screenshot(browser_page, f"case-escalated-{mode}")

    navigation.get_by_role("link", name="Timeline", exact=True).click()
    expect(browser_page.locator(".moj-timeline__title").first).to_have_text(
        "Escalated from stage 1 to stage 2"
    )
    expect(browser_page.locator("main")).to_contain_text(
        "Reason: We still disagree about the threshold"
    )

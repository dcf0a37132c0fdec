"""The work queues and the partnership's filtered list in a browser, with and without
JavaScript: each page checked by axe-core (with JavaScript) and photographed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    ResolvedCaseFactory,
    holder,
)
from tests.signing_in import give_authenticator

pytestmark = BROWSER
MODES = pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])


def _signed_in(page: Page, base_url: str, person: object) -> None:
    secret = give_authenticator(person)  # type: ignore[arg-type]
    sign_in(page, base_url, person.email, PASSWORD)  # type: ignore[attr-defined]
    enter_code(page, secret)


@MODES
def test_a_holder_works_through_their_queues(
    live_server, page: Page, page_without_js: Page, javascript: bool
) -> None:
    browser_page = page if javascript else page_without_js
    mode = "js" if javascript else "no-js"
    fresh = OpenCaseFactory(now=timezone.now() - timedelta(hours=1), urgent=True,
                            reason="Risk tonight", subject_name="Zebedee Quill")  # fmt: skip
    receiver = holder(fresh)
    old = OpenCaseFactory(
        partnership=fresh.partnership, policy_version=fresh.policy_version,
        raising_agency=fresh.raising_agency, receiving_agency=fresh.receiving_agency,
        receiving_holder=receiver,
    )  # fmt: skip
    _signed_in(browser_page, live_server.url, receiver)

    expect(browser_page).to_have_title("Needs my action – Your cases – Accord")
    navigation = browser_page.get_by_role("navigation", name="Your cases")
    expect(navigation.get_by_role("link", name="Needs my action (2)")).to_have_attribute(
        "aria-current", "page"
    )
    expect(browser_page.get_by_role("link", name=fresh.reference)).to_be_visible()
    expect(browser_page.get_by_role("link", name=old.reference)).to_be_visible()
    if javascript:
        assert_accessible(browser_page)
    screenshot(browser_page, f"queue-needs-my-action-{mode}")

    for name, title, shown, hidden in (
        ("Due soon (1)", "Due soon", fresh, old),
        ("Overdue (1)", "Overdue", old, fresh),
    ):
        navigation.get_by_role("link", name=name).click()
        expect(browser_page).to_have_title(f"{title} – Your cases – Accord")
        expect(browser_page.get_by_role("link", name=shown.reference)).to_be_visible()
        expect(browser_page.get_by_role("link", name=hidden.reference)).to_have_count(0)
        if javascript:
            assert_accessible(browser_page)
        screenshot(browser_page, f"queue-{title.lower().replace(' ', '-')}-{mode}")
    assert "Zebedee" not in browser_page.content()

    browser_page.get_by_label("Find a case by reference").fill(fresh.reference.lower())
    browser_page.get_by_role("button", name="Find").click()
    expect(browser_page).to_have_title(re.compile(f"{fresh.reference} – Accord$"))


@MODES
def test_a_business_manager_filters_sorts_and_finds(
    live_server, page: Page, page_without_js: Page, javascript: bool
) -> None:
    browser_page = page if javascript else page_without_js
    mode = "js" if javascript else "no-js"
    first = OpenCaseFactory(theme="Thresholds")
    home = first.partnership
    police = AgencyFactory(home_partnership=home, name="Constabulary")
    urgent = OpenCaseFactory(
        partnership=home, policy_version=first.policy_version, receiving_agency=police,
        urgent=True, reason="Risk tonight",
    )  # fmt: skip
    resolved = ResolvedCaseFactory(partnership=home, policy_version=first.policy_version)
    manager = PartnershipRoleFactory(partnership=home, role="business_manager").person
    _signed_in(browser_page, live_server.url, manager)

    browser_page.get_by_role("link", name="Partnership cases").click()
    expect(browser_page).to_have_title("Partnership cases – Accord")
    for case in (first, urgent, resolved):
        expect(browser_page.get_by_role("link", name=case.reference)).to_be_visible()
    if javascript:
        assert_accessible(browser_page)
    screenshot(browser_page, f"partnership-cases-{mode}")

    browser_page.get_by_label("Agency", exact=True).select_option(label="Constabulary")
    browser_page.get_by_label("Urgent cases").check()
    browser_page.get_by_role("button", name="Apply filters").click()
    expect(browser_page.get_by_text("1 case matches the filters.")).to_be_visible()
    expect(browser_page.get_by_role("link", name=urgent.reference)).to_be_visible()
    expect(browser_page.get_by_role("link", name=first.reference)).to_have_count(0)
    if javascript:
        assert_accessible(browser_page)
    screenshot(browser_page, f"partnership-cases-filtered-{mode}")

    browser_page.get_by_role("link", name=re.compile("Remove this filter.*Urgent")).click()
    browser_page.get_by_role("link", name=re.compile("Remove this filter.*Constabulary")).click()
    browser_page.get_by_role("link", name="Reference", exact=True).click()
    header = browser_page.get_by_role("columnheader", name="Reference")
    expect(header).to_have_attribute("aria-sort", "ascending")
    references = browser_page.locator("tbody a.govuk-link").all_inner_texts()
    assert [r for r in references if r.startswith("ACC-")] == sorted(
        [first.reference, urgent.reference, resolved.reference]
    )

    browser_page.get_by_label("From", exact=True).fill("31/2/2026")
    browser_page.get_by_role("button", name="Apply filters").click()
    expect(browser_page).to_have_title("Error: Partnership cases – Accord")
    summary = browser_page.get_by_role("alert")
    expect(summary).to_contain_text("Raised from must be a real date, like 27/3/2026")
    expect(browser_page.get_by_label("From", exact=True)).to_have_value("31/2/2026")
    if javascript:
        assert_accessible(browser_page)
    screenshot(browser_page, f"partnership-cases-error-{mode}")

    browser_page.get_by_label("Find a case by reference").fill("ACC-2031-99999")
    browser_page.get_by_role("button", name="Find").click()
    expect(browser_page.get_by_role("alert")).to_contain_text(
        "No case ACC-2031-99999 that you can see"
    )
    browser_page.get_by_label("Find a case by reference").fill(resolved.reference)
    browser_page.get_by_role("button", name="Find").click()
    expect(browser_page).to_have_title(re.compile(f"{resolved.reference} – Accord$"))

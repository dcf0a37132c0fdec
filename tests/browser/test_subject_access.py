"""Subject access in Chromium: a partnership administrator finds a child's cases by name and date
of birth, and downloads everything held about them as a PDF. axe-core checks each page."""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import Browser, expect

from accord.cases.models import AccessLog
from tests.browser.conftest import BROWSER, assert_accessible
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, OpenCaseFactory, PartnershipRoleFactory
from tests.signing_in import give_authenticator

pytestmark = BROWSER


def test_an_administrator_downloads_a_childs_cases(live_server: Any, browser: Browser) -> None:
    case = OpenCaseFactory(subject_name="Maya Patel", subject_date_of_birth=date(2014, 3, 27))
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    secret = give_authenticator(admin)
    page = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    sign_in(page, live_server.url, admin.email, PASSWORD)
    enter_code(page, secret)
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Subject access").click()
    expect(page).to_have_title("Subject access – Accord")
    assert_accessible(page)

    page.get_by_role("button", name="Find their cases").click()
    expect(page).to_have_title("Error: Subject access – Accord")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the full name of the child or adult"
    )
    assert_accessible(page)

    page.get_by_label("Full name of the child or adult").fill("maya  PATEL")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2014")
    page.get_by_role("button", name="Find their cases").click()
    expect(page).to_have_title("Subject access request SAR-2026-00001 – Accord")
    expect(page.get_by_role("main")).to_contain_text(case.reference)
    assert "Maya" not in page.url
    assert_accessible(page)

    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download SAR-2026-00001 as a PDF").click()
    download = downloading.value
    assert download.suggested_filename == "SAR-2026-00001-subject-access.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert AccessLog.objects.filter(case=case, action__startswith="subject access").count() == 1
    page.context.close()

"""A holder fills in a form record the procedure asked for, saves it as a draft, is told what is
missing when submitting, then submits it and downloads its PDF (straight away just after signing
in; after a while, once they confirm it's them: decision 19); axe-core checks every page on the
way."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from accord.cases.models import FormRecord
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import PASSWORD, EscalatedCaseFactory, holder
from tests.signing_in import give_authenticator, totp_code

pytestmark = BROWSER

TITLE = "Stage 3 monitoring information"


@pytest.mark.usefixtures("live_server")
def test_a_holder_fills_in_and_submits_a_form(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    case = EscalatedCaseFactory(to_stage=3, subject_name="Zebedee Quill")
    person = holder(case, "raising")
    secret = give_authenticator(person)
    sign_in(page, live_server.url, person.email, PASSWORD)
    enter_code(page, secret)

    page.goto(f"{live_server.url}/cases/{case.reference}/forms/")
    expect(page).to_have_title(f"Forms and documents – {case.reference} – Accord")
    assert_accessible(page)
    screenshot(page, "case-forms")

    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_title(f"{TITLE} – {case.reference} – Accord")
    expect(page.get_by_label("Nature of disagreement")).to_contain_text("Referral closed")
    assert_accessible(page)
    page.get_by_label("Senior officers involved at stage 3").fill("Head of Service")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text(f"{TITLE} has been saved as a draft")).to_be_visible()
    expect(page.get_by_label("Senior officers involved at stage 3")).to_have_value(
        "Head of Service"
    )
    assert_accessible(page)
    screenshot(page, "form-record-draft")

    page.get_by_label("Outcome", exact=True).fill("An assessment will start this week")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page).to_have_title(f"Error: {TITLE} – {case.reference} – Accord")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Confirm the answers are accurate before you submit")
    assert_accessible(page)
    screenshot(page, "form-record-error")

    page.get_by_label("I confirm these answers are accurate").check()
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text(f"{TITLE} has been submitted")).to_be_visible()
    expect(page.get_by_text("An assessment will start this week")).to_be_visible()
    expect(page.get_by_role("button", name="Correct this form")).to_be_visible()
    assert "Zebedee" not in page.url
    assert "Zebedee" not in page.title()
    assert_accessible(page)
    screenshot(page, "form-record-submitted")
    record = FormRecord.objects.get(case=case, form_id="stage-3-monitoring")
    assert record.is_submitted
    assert record.values["senior_officers"] == "Head of Service"

    name = f"{case.reference}-stage-3-monitoring.pdf"
    with page.expect_download() as download:  # a code given minutes ago: straight through
        page.get_by_role("link", name="Download this form as a PDF").click()
    assert download.value.suggested_filename == name
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        page.get_by_role("link", name="Download this form as a PDF").click()
        expect(page).to_have_title("Confirm it’s you – Accord")
        assert_accessible(page)
        page.locator("input[name=code]").fill(totp_code(secret))
        with page.expect_download() as again:
            page.get_by_role("button", name="Confirm").click()
        assert again.value.suggested_filename == name

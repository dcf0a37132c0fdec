"""Ending a case in the browser, each person signing in as themselves: the outcome recorded,
signed off by both sides, the debrief and closing (with JavaScript and without); and at the top
of the ladder, the referral, the resolution panel and its decision; tasks and meetings.

axe-core checks every page visited with JavaScript on (it cannot run where scripts are off);
screenshots of the main pages go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from accord.accounts.models import AgencyKind, Person
from accord.cases.models import Case, Debrief, Meeting, PanelMember, SignOff, Task
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.signing_in import enter_code, sign_in
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
)
from tests.signing_in import give_authenticator

pytestmark = BROWSER

type OpenAs = Callable[[Person], Page]


@pytest.fixture
def javascript() -> bool:
    return True


@pytest.fixture
def open_as(browser: Browser, live_server: Any, javascript: bool) -> Iterator[OpenAs]:
    """A fresh browser for each person, signed in through the pages (password and code)."""
    contexts = []

    def signed_in(person: Person) -> Page:
        secret = give_authenticator(person)
        context = browser.new_context(
            locale="en-GB", timezone_id="Europe/London", java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, person.email, PASSWORD)
        enter_code(page, secret)
        expect(page).to_have_title(re.compile(r"Your cases – Accord$"))  # signed in
        return page

    yield signed_in
    for context in contexts:
        context.close()


def at(live_server: Any, name: str, case: Case, **kwargs: Any) -> str:
    return live_server.url + reverse(f"web:{name}", kwargs={"reference": case.reference, **kwargs})


def follow(page: Page, live_server: Any, name: str, case: Case, **kwargs: Any) -> None:
    """Click the case page's link to an action (the page offers it), and check its page."""
    path = reverse(f"web:{name}", kwargs={"reference": case.reference, **kwargs})
    page.goto(at(live_server, "case-detail", case))
    page.locator(f'a[href="{path}"]').first.click()
    expect(page).to_have_url(live_server.url + path)


def status(case: Case) -> str:
    return Case.objects.get(pk=case.pk).status


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_resolve_sign_off_by_both_sides_debrief_and_close(
    live_server: Any, open_as: OpenAs, javascript: bool
) -> None:
    case = OpenCaseFactory()
    suffix = "js" if javascript else "no-js"

    def check(page: Page) -> None:
        if javascript:
            assert_accessible(page)

    receiving = open_as(holder(case, "receiving"))
    follow(receiving, live_server, "case-resolve", case)
    expect(receiving).to_have_title(f"Record the outcome – {case.reference} – Accord")
    check(receiving)
    receiving.get_by_role("button", name="Record the outcome").click()
    expect(receiving).to_have_title(f"Error: Record the outcome – {case.reference} – Accord")
    expect(receiving.locator(".govuk-error-summary")).to_contain_text("Enter the agreed outcome")
    check(receiving)
    screenshot(receiving, f"ending-resolve-error-{suffix}")
    receiving.get_by_label("What has been agreed?").fill("A joint assessment within 10 days.")
    receiving.get_by_label("No, one side does not agree").check()
    receiving.get_by_label("If not, why is the outcome being recorded without").fill(
        "The school asked for more time to reply."
    )
    screenshot(receiving, f"ending-resolve-{suffix}")
    receiving.get_by_role("button", name="Record the outcome").click()
    expect(receiving.locator(".govuk-notification-banner--success")).to_contain_text(
        "Outcome recorded"
    )
    assert status(case) == "resolved"

    follow(receiving, live_server, "case-sign-off", case, side="receiving")
    expect(receiving.get_by_text("A joint assessment within 10 days.")).to_be_visible()
    check(receiving)
    screenshot(receiving, f"ending-sign-off-{suffix}")
    receiving.get_by_label("I confirm this outcome is what we agreed").check()
    receiving.get_by_role("button", name="Confirm").click()
    expect(receiving.locator(".govuk-notification-banner--success")).to_contain_text(
        "You signed off the outcome for the receiving side"
    )

    raiser = open_as(case.raised_by)  # the raising side's holder at stage 1
    follow(raiser, live_server, "case-sign-off", case, side="raising")
    expect(raiser.get_by_text("Receiving side:")).to_be_visible()
    raiser.get_by_label("I confirm this outcome is what we agreed").check()
    raiser.get_by_role("button", name="Confirm").click()
    expect(raiser.locator(".govuk-notification-banner--success")).to_contain_text("raising side")
    assert status(case) == "signed_off"
    assert SignOff.objects.filter(case=case).count() == 2

    follow(raiser, live_server, "case-debrief", case)
    check(raiser)
    raiser.get_by_label("Yes, it was held").check()
    raiser.get_by_role("button", name="Record the debrief").click()
    expect(raiser.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the debrief was held"
    )
    check(raiser)
    raiser.get_by_label("Day").fill("2")
    raiser.get_by_label("Month").fill("6")
    raiser.get_by_label("Year").fill("2026")
    raiser.get_by_label("Notes").fill("Both sides met with the business manager.")
    raiser.get_by_role("button", name="Record the debrief").click()
    expect(raiser.locator(".govuk-notification-banner--success")).to_contain_text(
        "Debrief recorded"
    )
    assert Debrief.objects.get(case=case).outcome == "held"

    follow(raiser, live_server, "case-close", case)
    expect(raiser).to_have_title(f"Close the case – {case.reference} – Accord")
    check(raiser)
    screenshot(raiser, f"ending-close-{suffix}")
    raiser.get_by_role("button", name="Close the case").click()
    expect(raiser.locator(".govuk-notification-banner--success")).to_contain_text("Case closed")
    assert status(case) == "closed"
    check(raiser)

    raiser.goto(at(live_server, "case-close", case))
    expect(raiser.get_by_role("heading", level=1)).to_have_text("You cannot close this case now")
    check(raiser)


def test_refer_convene_the_panel_and_record_its_decision(live_server: Any, open_as: OpenAs) -> None:
    case = EscalatedCaseFactory(to_stage=4)  # the example policy's top stage; final = panel
    health = AgencyFactory(home_partnership=case.partnership, kind=AgencyKind.HEALTH, name="Health")
    members = [
        PersonFactory(agency=case.raising_agency, full_name="Ada Raising"),
        PersonFactory(agency=case.receiving_agency, full_name="Ben Receiving"),
        PersonFactory(agency=health, full_name="Cal Health"),
    ]
    manager = PartnershipRoleFactory(partnership=case.partnership, role="business_manager")
    chair = PartnershipRoleFactory(partnership=case.partnership, role="independent_chair")

    top = open_as(holder(case, "raising"))
    follow(top, live_server, "case-refer", case)
    assert_accessible(top)
    top.get_by_label("Why is the case being referred?").fill("No agreement at senior level.")
    top.get_by_role("button", name="Refer the case").click()
    expect(top.locator(".govuk-notification-banner--success")).to_contain_text("referred")
    assert status(case) == "referred"

    bm = open_as(manager.person)
    follow(bm, live_server, "case-panel", case)
    assert_accessible(bm)
    bm.get_by_label("Yes, convene a panel").check()
    bm.get_by_label("Ada Raising").check()
    bm.get_by_label("Ben Receiving").check()
    bm.get_by_role("button", name="Record the chair’s decision").click()
    expect(bm.locator(".govuk-error-summary")).to_contain_text("at least 3 different agencies")
    assert_accessible(bm)
    bm.get_by_label("Cal Health").check()
    screenshot(bm, "ending-panel")
    bm.get_by_role("button", name="Record the chair’s decision").click()
    expect(bm.locator(".govuk-notification-banner--success")).to_contain_text(
        "Resolution panel convened: 3 members"
    )
    expect(bm.get_by_text("Cal Health (Health)", exact=True)).to_be_visible()
    assert {m.person for m in PanelMember.objects.filter(case=case)} == set(members)
    assert_accessible(bm)

    decider = open_as(chair.person)
    follow(decider, live_server, "case-resolve", case)
    expect(decider).to_have_title(f"Record the decision – {case.reference} – Accord")
    assert_accessible(decider)
    decider.get_by_label("What has been decided?").fill("A strategy discussion this week.")
    screenshot(decider, "ending-decision")
    decider.get_by_role("button", name="Record the decision").click()
    expect(decider.locator(".govuk-notification-banner--success")).to_contain_text(
        "Decision recorded"
    )
    assert status(case) == "resolved"


def test_tasks_and_meetings(live_server: Any, open_as: OpenAs) -> None:
    case = OpenCaseFactory(subject_name="Zebedee Quill")
    person = holder(case, "receiving")
    page = open_as(person)
    page.goto(at(live_server, "case-work", case))
    expect(page).to_have_title(f"Tasks and meetings – {case.reference} – Accord")
    assert_accessible(page)

    page.get_by_role("button", name="Add a task").click()
    assert_accessible(page)
    page.get_by_label("What needs to be done?").fill("Share the chronology")
    page.get_by_label(person.full_name).check()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Add the task").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Task added")
    expect(page.get_by_role("cell", name="Share the chronology", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "work-section")

    page.get_by_role("link", name="Mark as done").click()
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("done")
    assert Task.objects.get(case=case).completed_at is not None

    page.get_by_role("button", name="Record a meeting").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    assert_accessible(page)
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Time it started").fill("10:30am")
    page.get_by_role("radio", name=case.raised_by.full_name).check()
    page.get_by_role("checkbox", name=person.full_name).check()
    page.get_by_label("Minutes").fill("Agreed a joint visit.")
    screenshot(page, "work-meeting-form")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page).to_have_title(f"Meeting 1 – {case.reference} – Accord")
    expect(page.get_by_text("Agreed a joint visit.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "work-meeting")
    assert Meeting.objects.get(case=case).chair == case.raised_by

    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Download the calendar invitation for meeting 1 (.ics)"
        ).click()
    assert download.value.suggested_filename == f"{case.reference}-meeting-1.ics"
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert case.reference in body
    assert "Zebedee" not in body
    assert "Agreed a joint visit." not in body

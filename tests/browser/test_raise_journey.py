"""The raise journey in Chromium: a practitioner raises a disagreement under each of the five
shipped policies (with JavaScript, axe-core on every page), two of them again with JavaScript
off, and one journey through the error paths. Screenshots of each kind of page are saved.

People are signed in by a session cookie made with the test client's full sign-in (two factors):
signing in through the pages is tested in test_signing_in_and_seeing_cases.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from accord.accounts.levels import stage_level
from accord.accounts.models import AgencyKind, Level, Person
from accord.cases.models import Case
from accord.demo.people import DemoPartnership
from accord.partnerships.policies import policy_of
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.words import said, typed
from tests.web.raising import STEP_OF_PATH, person, raiser_of, shipped

pytestmark = BROWSER

POLICIES = [
    "bath-north-east-somerset.toml",
    "blackburn-with-darwen.toml",
    "generic-lscb.toml",
    "northumberland.toml",
    "stockport.toml",
]
CHILD_NAME = "Zebedee Quartermaine"
SHOT: set[str] = set()  # page kinds already photographed in this run

type Answer = Callable[[Page], None]
type Check = Callable[[Page], None]


def sign_in_as(page: Page, base_url: str, who: Person) -> None:
    client = Client()
    client.force_login(who)  # a full sign-in (tests/conftest.py)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def step_of(page: Page) -> str:
    path = re.sub(r"^https?://[^/]+", "", page.url).split("?")[0]
    return STEP_OF_PATH[path]


def fill_date(page: Page, group: str, day: date | tuple[int, int, int]) -> None:
    parts = (day.day, day.month, day.year) if isinstance(day, date) else day
    fieldset = page.get_by_role("group", name=group)
    for label, value in zip(("Day", "Month", "Year"), parts, strict=True):
        fieldset.get_by_label(said(label)).fill(str(value))


def choose(label: str) -> Answer:
    """Check the option labelled `label` (Accord's words, in the test's language)."""
    return lambda page: page.get_by_label(said(label), exact=True).check()


def choose_data(label: str) -> Answer:
    """Check the option labelled with a name from the data (an agency, a person)."""
    return lambda page: page.get_by_label(label, exact=True).check()


def the_child(page: Page) -> None:
    page.get_by_label(said("Child’s full name")).fill(CHILD_NAME)
    fill_date(page, said("Date of birth"), date(2015, 3, 14))
    page.get_by_label(said("Address")).fill(typed("10 Example Row, Demo Town"))


def the_decision(page: Page) -> None:
    page.get_by_label(said("What decision do you disagree with?")).fill(
        typed("Referral closed with no action.")
    )
    page.get_by_label(said("Who made the decision?")).fill(typed("Duty team manager"))


def facts(value: str) -> Answer:
    def answer(page: Page) -> None:
        for group in page.get_by_role("group").all():
            group.get_by_label(said(value), exact=True).check()

    return answer


def at_stage(demo: DemoPartnership, kind: str, side: str, stage: int = 1) -> Person:
    """The demo person of agency `kind` at the level the policy's ladder gives `side` at `stage`."""
    level = stage_level(policy_of(demo.version), stage, side, kind)
    return demo.agencies[kind].by_level[level]


def usual(demo: DemoPartnership) -> dict[str, Answer]:
    social_care = demo.agencies[AgencyKind.SOCIAL_CARE]
    raising_kind = str(raiser_of(demo).agency.kind)  # type: ignore[union-attr]
    return {
        "exception": choose("No"),
        "immediate-risk": choose("No"),
        "person": the_child,
        "concern": lambda page: fill_date(
            page, said("When was the concern identified?"), timezone.localdate() - timedelta(days=3)
        ),
        "decision": the_decision,
        "outcome": lambda page: page.get_by_label(said("What outcome are you seeking?")).fill(
            typed("A child and family assessment.")
        ),
        "agency-kind": choose("Children's social care"),
        "agency": choose_data(social_care.agency.name),
        "counterpart": choose_data(at_stage(demo, AgencyKind.SOCIAL_CARE, "receiving").full_name),
        "raising-holder": choose_data(at_stage(demo, raising_kind, "raising").full_name),
        "theme": lambda page: page.get_by_role("radio").first.check(),
        "facts": facts("Yes"),
    }


def look(page: Page, kind: str, javascript: bool, check: Check | None = None) -> None:
    """Every page: a title of its own, axe (with JavaScript; or `check`, which runs it), a
    screenshot of each kind once."""
    expect(page).to_have_title(re.compile(r"^[^<>]+ – Accord$"))
    assert CHILD_NAME not in page.title()
    assert "Zebedee" not in page.url
    if check is not None:
        check(page)
    elif javascript:
        assert_accessible(page)
    name = f"raise-{kind}{'' if javascript else '-no-js'}"
    if check is not None:
        name += f"-{translation.get_language()}"
    if name not in SHOT and (javascript or kind in {"start", "check", "done"}):
        SHOT.add(name)
        screenshot(page, name)


def raise_through(
    page: Page,
    base_url: str,
    answers: dict[str, Answer],
    javascript: bool,
    check: Check | None = None,
) -> list[str]:
    """From the start page to the confirmation; returns the kinds of page visited. `check`, when
    given, looks at every page instead of axe alone (the Welsh journey's checks)."""
    page.goto(f"{base_url}/raise/")
    look(page, "start", javascript, check)
    page.get_by_role("button", name=said("Start now")).click()
    visited = []
    for _ in range(30):
        kind = step_of(page)
        visited.append(kind)
        look(page, kind, javascript, check)
        if kind == "check":
            page.get_by_role("button", name=said("Raise the disagreement")).click()
            continue
        if kind == "done":
            return visited
        answers[kind](page)
        page.get_by_role("button", name=said("Continue")).click()
    raise AssertionError(f"the journey did not end: {visited}")


@pytest.mark.parametrize("policy_file", POLICIES)
def test_raising_under_each_policy_with_javascript(
    live_server, page: Page, policy_file: str
) -> None:
    demo = shipped(policy_file)
    answers = usual(demo)
    if policy_file == "bath-north-east-somerset.toml":  # urgent, starting at stage 2
        manager = person(demo, AgencyKind.SOCIAL_CARE, Level.FIRST_LINE_MANAGER)
        answers |= {
            "immediate-risk": choose("Yes"),
            "starting-stage": lambda p: (
                p.get_by_label("Stage 2: Line managers").check(),
                p.get_by_label("Why does it need to start at this stage?").fill("Risk tonight."),
            ),
            "counterpart": choose_data(manager.full_name),
            "raising-holder": choose_data(
                person(demo, AgencyKind.EDUCATION, Level.FIRST_LINE_MANAGER).full_name
            ),
        }
    if policy_file == "stockport.toml":
        answers["counterpart"] = choose("I do not know who")
    sign_in_as(page, live_server.url, raiser_of(demo))
    visited = raise_through(page, live_server.url, answers, javascript=True)
    case = Case.objects.get(raised_by=raiser_of(demo))
    expect(page.locator(".govuk-panel")).to_contain_text(case.reference)
    assert visited[-2:] == ["check", "done"]
    if policy_file == "bath-north-east-somerset.toml":
        assert (case.stage, case.urgent) == (2, True)
        assert "raising-holder" in visited
    page.get_by_role("link", name=f"Go to case {case.reference}").click()
    expect(page).to_have_title(re.compile(rf"{case.reference} – Accord$"))


@pytest.mark.parametrize("policy_file", ["blackburn-with-darwen.toml", "northumberland.toml"])
def test_raising_without_javascript(live_server, page_without_js: Page, policy_file: str) -> None:
    demo = shipped(policy_file)
    sign_in_as(page_without_js, live_server.url, raiser_of(demo))
    raise_through(page_without_js, live_server.url, usual(demo), javascript=False)
    case = Case.objects.get(raised_by=raiser_of(demo))
    expect(page_without_js.locator(".govuk-panel")).to_contain_text(case.reference)


def error_shown(page: Page, message: str, kind: str) -> None:
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Error: "))
    look(page, f"{kind}-error", javascript=True)


def test_the_error_paths(live_server, page: Page) -> None:
    demo = shipped("blackburn-with-darwen.toml")
    sign_in_as(page, live_server.url, raiser_of(demo))
    page.goto(f"{live_server.url}/raise/")
    page.get_by_role("button", name="Start now").click()
    continue_ = page.get_by_role("button", name="Continue")

    continue_.click()  # the exception, unanswered
    error_shown(page, "Select yes or no", "exception")
    choose("Yes")(page)
    continue_.click()
    expect(page).to_have_title("Use a different route – Accord")
    expect(page.locator(".govuk-inset-text")).to_contain_text("section 3.8")
    look(page, "route", javascript=True)
    page.get_by_role("link", name="change your answer").click()
    choose("No")(page)
    continue_.click()

    continue_.click()  # immediate risk, unanswered
    error_shown(page, "Select yes if there is an immediate risk", "immediate-risk")
    choose("Yes")(page)
    continue_.click()
    page.get_by_label("Stage 2: Service Leaders or equivalent").check()
    continue_.click()
    error_shown(page, "Say why it needs to start above stage 1", "starting-stage")
    page.get_by_label("Stage 1: First line managers").check()
    continue_.click()

    page.get_by_label("Child’s full name").fill(CHILD_NAME)
    fill_date(page, "Date of birth", (31, 2, 2015))
    continue_.click()
    error_shown(page, "Date of birth must be a real date", "person")
    expect(page.get_by_label("Child’s full name")).to_have_value(CHILD_NAME)  # kept
    page.locator(".govuk-error-summary a").first.click()  # the summary links to the field
    fill_date(page, "Date of birth", timezone.localdate() + timedelta(days=1))
    continue_.click()
    error_shown(page, "Date of birth must be today or in the past", "person")
    fill_date(page, "Date of birth", date(2015, 3, 14))
    continue_.click()

    fill_date(page, "When was the concern identified?", timezone.localdate() + timedelta(days=2))
    continue_.click()
    error_shown(page, "must be today or in the past", "concern")
    fill_date(page, "When was the concern identified?", timezone.localdate())
    continue_.click()

    continue_.click()
    error_shown(page, "Enter the decision you disagree with", "decision")
    the_decision(page)
    continue_.click()
    continue_.click()
    error_shown(page, "Enter the outcome you are seeking", "outcome")
    page.get_by_label("What outcome are you seeking?").fill("An assessment.")
    continue_.click()

    police = demo.agencies[AgencyKind.POLICE]
    choose("Police")(page)
    continue_.click()
    continue_.click()
    error_shown(page, "Choose the agency that made the decision", "agency")
    choose_data(police.agency.name)(page)
    continue_.click()
    police.lead.is_safeguarding_lead = False
    police.lead.save()
    choose("I do not know who")(page)
    continue_.click()
    error_shown(page, "has no safeguarding lead in Accord", "counterpart")
    choose_data(police.by_level[Level.FIRST_LINE_MANAGER].full_name)(page)
    continue_.click()
    raising_kind = str(raiser_of(demo).agency.kind)  # type: ignore[union-attr]
    choose_data(at_stage(demo, raising_kind, "raising").full_name)(
        page
    )  # first line managers hold it
    continue_.click()

    expect(page).to_have_title("Check your answers before raising the disagreement – Accord")
    page.get_by_role("link", name="Change outcome sought").click()
    page.get_by_label("What outcome are you seeking?").fill("A strategy discussion.")
    continue_.click()
    expect(page).to_have_title("Check your answers before raising the disagreement – Accord")
    expect(page.locator(".govuk-summary-list")).to_contain_text("A strategy discussion.")
    page.get_by_role("button", name="Raise the disagreement").click()
    expect(page).to_have_title("Disagreement raised – Accord")
    assert Case.objects.filter(raised_by=raiser_of(demo)).count() == 1

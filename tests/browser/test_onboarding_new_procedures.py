"""Three procedures nobody wrote code for (Lincolnshire, Pan Lancashire and Cumbria adults,
Sefton), each taken in Chromium from an empty partnership to its first escalated case (issue 15
item 4): a site administrator creates the partnership and its first administrator; the
administrator sets up the authenticator app, uploads the policy file with a misspelt key and
reads the `LINE: message` problem, uploads the correct file, reads its plain-English reading,
publishes it from today with the authenticator code, adds two agencies, imports the people from
a CSV file (line managers, levels, the policy's roles), gives the business manager role, assigns
one of the policy's roles on its page, finds the checklist empty and makes the partnership live;
a practitioner raises the first case through the raise journey and its holder escalates it from
the case page. For Lincolnshire, a second version (stage 2 in three working days, not five) is
then published from the next day: the open case keeps its five days, and a case raised the next
day has three. axe-core checks the main pages.

Time is fixed (Monday 1 June 2026, 10:00 London, ticking) so the deadlines read on the case pages
are known; the day after comes by moving the clock, and the people sign in again.

Counted, from nothing to the first case (form pages, each reached in a person's use by one click
from the checklist or a list page; fields typed or chosen, a date of three boxes is one field):

| Who, what | Pages | Fields |
|---|---|---|
| Site administrator: create the partnership | 1 | 6 |
| New administrator: password, sign in, authenticator, recovery codes | 4 | 5 |
| Upload, read the explanation, publish, authenticator code | 4 | 3 |
| Two agencies | 2 | 4 |
| Import people (upload, then import), roles in the `roles` column | 2 | 1 |
| Business manager (someone new) | 1 | 3 |
| One policy role on its page | 1 | 2 |
| Checklist, then make it live | 2 | 0 |
| **Set-up** | **17** | **24** |

Each failed upload adds a page and a field (the error page, the file chosen again). The raise
journey (start page to "raised", both included; `RAISE_JOURNEY`, asserted): Lincolnshire 15 pages
and 14 fields, Pan Lancashire and Cumbria 12 and 11, Sefton 13 and 12. From nothing to the first
case: 32 pages and 38 fields (Lincolnshire), 29 and 35, 30 and 36.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path as FilePath
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, FilePayload, Page, expect

from accord.accounts.models import Person
from accord.cases.models import Case
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.seeding import seed_bank_holidays
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.test_full_path import Path
from tests.browser.test_partnership_setup import _create_partnership, _first_sign_in
from tests.browser.test_raise_journey import (
    CHILD_NAME,
    Answer,
    choose,
    choose_data,
    facts,
    fill_date,
    raise_through,
    sign_in_as,
    the_decision,
)
from tests.factories import RAISED_AT
from tests.signing_in import totp_code

pytestmark = BROWSER

ROOT = FilePath(__file__).resolve().parents[2]
POLICIES = ROOT / "accord" / "policies"
LINCOLNSHIRE_V2 = ROOT / "tests" / "engine" / "fixtures" / "lincolnshire-v2.toml"
LEVELS = ["practitioner", "first_line_manager", "service_leader", "senior_manager", "director"]
AGENCIES = {"Riverside Council": "Children's social care", "Riverside Schools": "Education"}
DOMAINS = {"Riverside Council": "council", "Riverside Schools": "schools"}


def email(agency: str, level: str) -> str:
    return f"{level.replace('_', '.')}@{DOMAINS[agency]}.example"


def people_csv(roles: dict[str, list[str]]) -> str:
    """Two agencies, each a chain from practitioner to director (each managed by the one above);
    `roles` gives the policy roles the council's person at each level holds."""
    lines = ["email,full_name,job_title,agency,level,safeguarding_lead,line_manager_email,roles"]
    for agency in AGENCIES:
        for n, level in enumerate(LEVELS):
            above = email(agency, LEVELS[n + 1]) if n + 1 < len(LEVELS) else ""
            held = ";".join(roles.get(level, [])) if agency == "Riverside Council" else ""
            name = f"{DOMAINS[agency].title()} {level.replace('_', ' ').title()}"
            lead = "yes" if level == "service_leader" else "no"
            lines.append(
                f"{email(agency, level)},{name},{level.replace('_', ' ')},{agency},{level},"
                f"{lead},{above},{held}"
            )
    return "\n".join(lines) + "\n"


# The raise journey under each policy, measured: pages (the start page to "raised", both
# included) and fields answered.
RAISE_JOURNEY = {
    "lincolnshire.toml": (15, 14),
    "pan-lancashire-cumbria-adults.toml": (12, 11),
    "sefton.toml": (13, 12),
}

# Per policy: the roles the CSV names (by level of the council's chain), the one role assigned
# on the policy roles page, and a key of the file to misspell.
SETUPS: dict[str, dict[str, Any]] = {
    "lincolnshire.toml": {
        "csv_roles": {
            "senior_manager": ["senior_manager"],
            "service_leader": ["safeguarding_lead"],
        },
        "page_role": ("LSCP or LSAB independent chair", email("Riverside Council", "director")),
    },
    "pan-lancashire-cumbria-adults.toml": {
        "csv_roles": {},
        "page_role": (
            "LSAB Team (Safeguarding Adults Board business team)",
            email("Riverside Council", "director"),
        ),
    },
    "sefton.toml": {
        "csv_roles": {},
        "page_role": ("LSCB Business Manager", "bm@riverside.example"),
    },
}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    seed_bank_holidays(range(2026, 2027))
    with time_machine.travel(RAISED_AT, tick=True) as traveller:
        yield traveller


class People:
    """A browser of its own for each person, signed in by a session cookie."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base = browser, base
        self.pages: dict[int, Page] = {}

    def __call__(self, who: Any) -> Page:
        if who.pk not in self.pages:
            context = self.browser.new_context(locale="en-GB", timezone_id="Europe/London")
            self.pages[who.pk] = context.new_page()
            sign_in_as(self.pages[who.pk], self.base, who)
        return self.pages[who.pk]

    def sign_out_all(self) -> None:
        for page in self.pages.values():
            page.context.close()
        self.pages.clear()


def upload(page: Page, base: str, name: str, text: str) -> None:
    page.goto(base + reverse("web:manage-policy-upload"))
    page.get_by_label("Upload a policy file (.toml)").set_input_files(
        files=FilePayload(name=name, mimeType="application/toml", buffer=text.encode("utf-8"))
    )
    page.get_by_role("button", name="Check the file").click()


def publish(page: Page, on: date, secret: str | None) -> None:
    page.get_by_role("button", name="Publish this version").click()
    expect(page).to_have_title(re.compile("^Publish "))
    for label, value in zip(("Day", "Month", "Year"), (on.day, on.month, on.year), strict=True):
        page.get_by_label(label).fill(str(value))
    page.get_by_role("button", name="Publish").click()
    if secret is not None:  # the code again, before something that matters
        expect(page).to_have_title("Confirm it’s you – Accord")
        page.locator("input[name=code]").fill(totp_code(secret))
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("has been published")).to_be_visible()


def checklist(page: Page, base: str, partnership: Partnership) -> list[str]:
    page.goto(base + reverse("web:manage-setup", args=[partnership.pk]))
    gaps = page.locator("#gaps li")
    return [gaps.nth(i).inner_text() for i in range(gaps.count())]


@pytest.mark.parametrize("policy_file", sorted(SETUPS))
def test_a_new_procedure_from_nothing_to_its_first_escalated_case(
    live_server: Any, browser: Browser, clock: time_machine.Traveller, policy_file: str
) -> None:
    base = live_server.url
    setup = SETUPS[policy_file]
    text = (POLICIES / policy_file).read_text(encoding="utf-8")

    site = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    partnership = _create_partnership(site, base)
    site.context.close()
    admin = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    admin.set_default_timeout(10_000)
    secret = _first_sign_in(admin, base)
    clock.shift(timedelta(minutes=6))  # the code given at sign-in is no longer recent

    # A file with a misspelt key: its line and the problem, and nothing stored.
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("guidance"))
    upload(admin, base, policy_file, text.replace("\nguidance =", "\nguidence =", 1))
    expect(admin).to_have_title("Error: Upload a policy file – Accord")
    expect(admin.locator(".govuk-error-summary")).to_contain_text(
        f'{line}: stages[0]: unknown key "guidence"'
    )
    assert_accessible(admin)
    assert not PolicyVersion.objects.filter(partnership=partnership).exists()

    upload(admin, base, policy_file, text)
    expect(admin.get_by_text("has been uploaded and checked")).to_be_visible()
    written = tomllib.loads(text)  # the explanation reads the file: its title and first stage
    expect(admin.locator("h1")).to_have_text(written["policy"]["title"])
    expect(admin.locator("main")).to_contain_text(written["stages"][0]["name"])
    assert_accessible(admin)
    publish(admin, RAISED_AT.date(), secret)
    assert_accessible(admin)

    for name, kind in AGENCIES.items():
        admin.goto(base + reverse("web:manage-agency-add"))
        admin.get_by_label("Name", exact=True).fill(name)
        admin.get_by_label(kind, exact=True).check()
        admin.get_by_role("button", name="Save").click()
        expect(admin.get_by_role("cell", name=name, exact=True)).to_be_visible()

    admin.goto(base + reverse("web:manage-import"))
    admin.get_by_label("Upload a CSV file").set_input_files(
        files=FilePayload(
            name="people.csv",
            mimeType="text/csv",
            buffer=people_csv(setup["csv_roles"]).encode("utf-8"),
        )
    )
    admin.get_by_role("button", name="Check the file").click()
    expect(admin).to_have_title("Check the import – Accord")
    assert_accessible(admin)
    admin.get_by_role("button", name=re.compile("^Import 10 people")).click()
    expect(admin.get_by_text("10 people")).to_be_visible()

    admin.goto(base + reverse("web:manage-staff-add"))
    admin.get_by_label("E-mail address").fill("bm@riverside.example")
    admin.get_by_label("Business manager").check()
    admin.get_by_label("Full name").fill("Bea Manager")
    admin.get_by_role("button", name="Save").click()

    role, holder = setup["page_role"]
    admin.goto(base + reverse("web:manage-policy-role-add", args=[partnership.pk]))
    admin.get_by_label(role, exact=True).check()
    admin.get_by_label("E-mail address of the person who holds it").fill(holder)
    admin.get_by_role("button", name="Assign the role").click()
    expect(admin.get_by_role("cell", name=role, exact=True)).to_be_visible()

    assert checklist(admin, base, partnership) == []
    expect(admin.locator("#gaps")).to_have_text("Nothing is missing.")
    assert_accessible(admin)
    admin.get_by_role("button", name="Make the partnership live").click()
    admin.get_by_role("button", name="Make it live").click()
    expect(admin.get_by_text("cases can now be raised")).to_be_visible()

    people = People(browser, base)
    first, raise_pages, raise_fields = raise_case(people, base)
    assert (raise_pages, raise_fields) == RAISE_JOURNEY[policy_file]
    path = Path(first, base, people, javascript=True)
    path.escalate()  # the raising side's holder, from the case page's action
    assert first.stage == 2
    if policy_file != "lincolnshire.toml":
        return

    # A second version: step 2 in three working days instead of five, from tomorrow.
    first_due = stage_due(people, base, first)
    assert first_due == "8 June 2026"  # Monday 1 June + 5 working days
    clock.shift(timedelta(minutes=6))
    upload(admin, base, "lincolnshire-v2.toml", LINCOLNSHIRE_V2.read_text(encoding="utf-8"))
    expect(admin.get_by_text("has been uploaded and checked")).to_be_visible()
    expect(admin.locator("main")).to_contain_text("1 open case")
    assert_accessible(admin)
    screenshot(admin, "onboarding-lincolnshire-v2-compare")
    tomorrow = RAISED_AT.date() + timedelta(days=1)
    publish(admin, tomorrow, secret)
    admin.context.close()
    people.sign_out_all()

    clock.move_to(RAISED_AT + timedelta(days=1))  # Tuesday 2 June 2026, 10:00
    second, _, _ = raise_case(people, base)
    Path(second, base, people, javascript=True).escalate()
    assert stage_due(people, base, second) == "5 June 2026"  # Tuesday + 3 working days
    assert stage_due(people, base, first) == first_due
    assert first.policy_version.version == "published"
    assert second.policy_version.version == "2027-06"
    people.sign_out_all()


def stage_due(people: People, base: str, case: Case) -> str:
    """The "Stage due" date the case page shows its raiser."""
    page = people(case.raised_by)
    page.goto(base + reverse("web:case-detail", args=[case.reference]))
    row = page.locator(".govuk-summary-list__row").filter(has_text="Stage due")
    shown = re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", row.locator("dd").first.inner_text())
    assert shown is not None, row.inner_text()
    return shown.group(0)


def raise_case(people: People, base: str) -> tuple[Case, int, int]:
    """A school practitioner raises a disagreement with the council through the raise journey;
    returns the case, the pages of the journey and the fields answered on them."""
    raiser = Person.objects.get(email=email("Riverside Schools", "practitioner"))
    fields: list[int] = []

    def counted(answer: Answer, how_many: int) -> Answer:
        def answering(page: Page) -> None:
            fields.append(how_many or page.get_by_role("group").count())
            answer(page)

        return answering

    first_radio: Answer = lambda page: page.get_by_role("radio").first.check()  # noqa: E731
    answers = {
        "exception": counted(choose("No"), 1),
        "immediate-risk": counted(choose("No"), 1),
        "about": counted(first_radio, 1),
        "person": counted(the_person, 2),
        "concern": counted(
            lambda page: fill_date(page, "When was the concern identified?", timezone.localdate()),
            1,
        ),
        "decision": counted(the_decision, 2),
        "outcome": counted(
            lambda page: page.get_by_label("What outcome are you seeking?").fill("An assessment."),
            1,
        ),
        "agency-kind": counted(choose("Children's social care"), 1),
        "agency": counted(choose_data("Riverside Council"), 1),
        "counterpart": counted(first_radio, 1),
        "raising-holder": counted(first_radio, 1),
        "theme": counted(first_radio, 1),
        "facts": counted(facts("Yes"), 0),  # one per question the policy asks
    }
    visited = raise_through(people(raiser), base, answers, javascript=True)
    return Case.objects.filter(raised_by=raiser).latest("pk"), len(visited) + 1, sum(fields)


def the_person(page: Page) -> None:
    page.get_by_label("full name").fill(CHILD_NAME)
    fill_date(page, "Date of birth", date(2015, 3, 14))

"""Each shipped policy's whole path in Chromium, as the people involved: the raiser raises the
disagreement through the question pages; at every stage the receiving side's holder responds
and the raising side's holder escalates, naming the next holders; at the top the case is
resolved, or referred to the partnership's final process (mediation, the independent chair, a
resolution panel) whose decision is recorded; both sides sign off where the policy asks; a
debrief is recorded where offered; the case is closed, and the raiser sees the outcome.

Every policy's path runs with JavaScript on (axe-core on every page); with it off, one policy
for each way a path ends (`WITHOUT_JAVASCRIPT`). People are signed in by
a session cookie from the test client's full two-factor sign-in (signing in through the pages is
tested in test_signing_in_and_seeing_cases.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from accord.accounts.models import AgencyKind, Level, Person
from accord.cases.models import Case, CaseEvent, Holding
from accord.demo.people import DemoPartnership
from accord.partnerships.policies import policy_of
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.test_raise_journey import Check, raise_through, sign_in_as, usual
from tests.browser.words import said, typed
from tests.web.raising import person, raiser_of, shipped

pytestmark = BROWSER

# How each procedure ends when the top stage cannot agree.
TOPS = {
    "bath-north-east-somerset.toml": "panel",  # a resolution panel of three agencies
    "blackburn-with-darwen.toml": "resolve",  # the senior managers agree
    "generic-lscb.toml": "refer",  # the chair's mediation meeting; the decision recorded
    "northumberland.toml": "resolve",
    "stockport.toml": "refer",  # the independent chair decides
}

type OpenAs = Callable[[Person], Page]


# Every procedure's path with JavaScript; without it, one procedure for each way a path ends
# (the pages are the same pages whichever procedure drew them: one run each is enough to show
# that none of them needs JavaScript, and the browser tests run on one worker of CI's two).
WITHOUT_JAVASCRIPT = {
    "bath-north-east-somerset.toml",
    "blackburn-with-darwen.toml",
    "generic-lscb.toml",
}
assert {TOPS[name] for name in WITHOUT_JAVASCRIPT} == set(TOPS.values())
PATHS = [
    pytest.param(name, javascript, id=f"{name.removesuffix('.toml')}-{suffix}")
    for name in sorted(TOPS)
    for javascript, suffix in ((True, "with-js"), (False, "without-js"))
    if javascript or name in WITHOUT_JAVASCRIPT
]


@pytest.fixture
def open_as(browser: Browser, live_server: Any, javascript: bool) -> Iterator[OpenAs]:
    """A browser of its own for each person, signed in."""
    pages: dict[int, Page] = {}

    def opened(who: Person) -> Page:
        if who.pk not in pages:
            context = browser.new_context(
                locale="en-GB", timezone_id="Europe/London", java_script_enabled=javascript
            )
            pages[who.pk] = context.new_page()
            sign_in_as(pages[who.pk], live_server.url, who)
        return pages[who.pk]

    yield opened
    for page in pages.values():
        page.context.close()


class Path:
    """One case's path through the pages, checking every page on the way (axe with JavaScript,
    or `check`). The labels it clicks are Accord's words (`said`), so the same path runs in
    Welsh under `translation.override("cy")` (test_welsh_journey.py)."""

    def __init__(
        self,
        case: Case,
        base_url: str,
        open_as: OpenAs,
        javascript: bool,
        check: Check | None = None,
    ) -> None:
        self.case, self.base_url = case, base_url
        self.open_as, self.javascript, self.check = open_as, javascript, check

    def holder(self, side: str) -> Person:
        held = Holding.objects.filter(case=self.case, side=side, ended_at__isnull=True)
        return held.select_related("person").latest("started_at").person

    def act(self, who: Person, action: str, **kwargs: Any) -> Page:
        """Open the case page as `who` and follow its link to `action` (so it is offered)."""
        page = self.open_as(who)
        path = reverse(f"web:{action}", kwargs={"reference": self.case.reference, **kwargs})
        page.goto(self.base_url + reverse("web:case-detail", args=[self.case.reference]))
        self.look(page)
        page.locator(f'a[href="{path}"]').first.click()
        expect(page).to_have_url(self.base_url + path)
        self.look(page)
        return page

    def look(self, page: Page) -> None:
        expect(page).to_have_title(re.compile(rf"{self.case.reference} – Accord$"))
        if self.check is not None:
            self.check(page)
        elif self.javascript:
            assert_accessible(page)

    def done(self, page: Page) -> None:
        expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
        self.look(page)
        self.case.refresh_from_db()

    def respond(self) -> None:
        page = self.act(self.holder("receiving"), "case-respond")
        page.get_by_label(said("Disagree"), exact=True).check()
        page.get_by_label(said("Your response")).fill(
            typed("We stand by the decision: the risk is managed.")
        )
        page.get_by_role("button", name=said("Send response")).click()
        self.done(page)

    def escalate(self) -> None:
        before = self.case.stage
        page = self.act(self.holder("raising"), "case-escalate")
        stages = page.get_by_role("group", name=said("Which stage should the case move to?"))
        if stages.count():  # a policy that may skip a level offers the choice: the next one
            stages.get_by_role("radio").first.check()
        page.get_by_label(said("Why are you escalating the case?")).fill(
            typed("Still no agreement.")
        )
        page.get_by_role("button", name=said("Escalate")).click()
        self.done(page)
        assert self.case.stage == before + 1

    def resolve(self, who: Person, *, decision: bool) -> None:
        page = self.act(who, "case-resolve")
        # The policy's questions asked at the end (the generic chapter's 14.11): answered yes.
        asked = page.get_by_role("group").filter(
            has_text=said("The procedure asks this when the outcome is recorded.")
        )
        for number in range(asked.count()):
            asked.nth(number).get_by_label(said("Yes"), exact=True).check()
        if decision:
            page.get_by_label(said("What has been decided?")).fill(
                typed("A strategy discussion this week.")
            )
            page.get_by_role("button", name=said("Record the decision")).click()
        else:
            page.get_by_label(said("What has been agreed?")).fill(
                typed("A joint assessment within 10 days.")
            )
            page.get_by_label(said("Yes, both sides agree")).check()
            page.get_by_role("button", name=said("Record the outcome")).click()
        self.done(page)
        assert self.case.status in {"resolved", "signed_off"}

    def refer(self) -> None:
        page = self.act(self.holder("raising"), "case-refer")
        page.get_by_label(said("Why is the case being referred?")).fill(
            typed("No agreement at the top.")
        )
        page.get_by_role("button", name=said("Refer the case")).click()
        self.done(page)
        assert self.case.status == "referred"

    def convene_panel(self, manager: Person, members: list[Person]) -> None:
        page = self.act(manager, "case-panel")
        page.get_by_label(said("Yes, convene a panel")).check()
        for member in members:
            page.get_by_label(member.full_name).check()
        page.get_by_role("button", name=said("Record the chair’s decision")).click()
        self.done(page)

    def sign_off(self, side: str, confirm_it_is_them: Check | None = None) -> None:
        """Sign for `side`; `confirm_it_is_them` answers "Confirm it's you" (asked when the
        signer gave no authenticator code in the last few minutes)."""
        page = self.act(self.holder(side), "case-sign-off", side=side)
        page.get_by_label(said("I confirm this outcome is what we agreed")).check()
        page.get_by_role("button", name=said("Confirm")).click()
        if confirm_it_is_them is not None:
            confirm_it_is_them(page)
        self.done(page)

    def debrief(self, who: Person) -> None:
        page = self.act(who, "case-debrief")
        page.get_by_label(said("No, it was offered and declined")).check()
        page.get_by_role("button", name=said("Record the debrief")).click()
        self.done(page)

    def close(self, who: Person) -> None:
        page = self.act(who, "case-close")
        page.get_by_role("button", name=said("Close the case")).click()
        self.done(page)
        assert self.case.status == "closed"


@pytest.mark.parametrize(("policy_file", "javascript"), PATHS)
def test_the_whole_path(
    live_server: Any, open_as: OpenAs, javascript: bool, policy_file: str
) -> None:
    demo: DemoPartnership = shipped(policy_file)
    policy = policy_of(demo.version)
    raiser = raiser_of(demo)
    raise_through(open_as(raiser), live_server.url, usual(demo), javascript)
    case = Case.objects.get(raised_by=raiser)
    path = Path(case, live_server.url, open_as, javascript)

    for stage in range(1, policy.top_stage + 1):
        assert case.stage == stage
        path.respond()
        if stage < policy.top_stage:
            path.escalate()

    staff = demo.staff
    match TOPS[policy_file]:
        case "resolve":
            path.resolve(path.holder("receiving"), decision=False)
        case "refer":
            path.refer()
            decider = staff["independent_chair" if policy.resolution.final == "chair_decision"
                           else "business_manager"]  # fmt: skip
            path.resolve(decider, decision=True)
        case "panel":
            path.refer()
            members = [
                person(demo, AgencyKind.EDUCATION, Level.SERVICE_LEADER),
                person(demo, AgencyKind.SOCIAL_CARE, Level.SERVICE_LEADER),
                person(demo, AgencyKind.HEALTH, Level.SERVICE_LEADER),
            ]
            path.convene_panel(staff["business_manager"], members)
            path.resolve(staff["independent_chair"], decision=True)

    if policy.resolution.sign_off == "both_parties":
        path.sign_off("receiving")
        path.sign_off("raising")
        assert case.status == "signed_off"
    if policy.resolution.debrief != "none":
        path.debrief(raiser)
    path.close(path.holder("raising"))

    # The raiser sees the outcome, and the timeline has every step, who and when.
    page = open_as(raiser)
    page.goto(live_server.url + reverse("web:case-detail", args=[case.reference]))
    expect(page.locator("main")).to_contain_text(
        "strategy discussion" if TOPS[policy_file] != "resolve" else "joint assessment"
    )
    page.goto(live_server.url + reverse("web:case-timeline", args=[case.reference]))
    path.look(page)
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds.count("responded") == policy.top_stage
    assert kinds.count("escalated") == policy.top_stage - 1
    assert kinds[-1] == "closed"
    suffix = "js" if javascript else "no-js"
    screenshot(page, f"full-path-{policy_file.removesuffix('.toml')}-timeline-{suffix}")

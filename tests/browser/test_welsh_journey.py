"""A disagreement's whole life in Welsh, in Chromium (issue 20): on a board running the Wales
national procedure in both languages, a practitioner chooses Cymraeg with the language link and
raises it through the question pages; social services respond, the practitioner's side
escalates to the senior manager, who responds and records the agreed outcome; both sides sign it
off (each confirming it's them with their authenticator code), the debrief is recorded, the case
is closed, and the raiser sees the outcome. Everyone else has Welsh saved as their language.

The steps are test_full_path's and test_raise_journey's, clicking the same labels taken from
Accord's catalogue (`said`, under `translation.override("cy")`). On every page:
`<html lang="cy">`, axe-core finds no violation, and no text is English unless an element
around it declares its own `lang` (a person's or agency's name is data, and allowed).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from accord.accounts.models import Agency, Person
from accord.cases.models import Case, CaseEvent
from accord.demo.people import POLICY_DIR, DemoPartnership
from accord.notifications.models import OutboxMessage
from accord.partnerships.models import Partnership
from accord.partnerships.policies import load_policy_version, policy_of
from tests.browser.conftest import BROWSER, assert_accessible, screenshot
from tests.browser.test_full_path import OpenAs, Path
from tests.browser.test_raise_journey import CHILD_NAME, raise_through, usual
from tests.browser.words import said, typed
from tests.signing_in import (
    ORIGINAL_FORCE_LOGIN,
    give_authenticator,
    record_full_sign_in,
    totp_code,
)
from tests.web.raising import NOW, raiser_of, shipped

pytestmark = BROWSER

# Words that are English and not Welsh (Welsh has "a", "i", "y", "yn", "at", "is", "am", "to"
# and "hi" of its own, so they are not here).
ENGLISH = re.compile(
    r"\b("
    r"the|and|your|you|with|this|that|has|have|been|which|what|when|who|from|for|not|will|"
    r"are|was|were|of|in|on|by|or|it|as|if|case|cases|stage|raised|raise|response|respond|"
    r"escalate|escalated|disagreement|outcome|sign|signed|close|closed|confirm|agency|"
    r"date|name|days|working|agreed|recorded|decision|yes|back|next|change|view|help|"
    r"cookies|privacy|skip|timeline|history|procedure|forms|documents|notes|people|holder|"
    r"due|today|ago|minutes|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r")\b",
    re.IGNORECASE,
)


# Every text of the page that a person sees or hears (text, and the labels assistive technology
# reads), with the language it is declared in: the nearest `lang` around it.
TEXTS_WITH_THEIR_LANGUAGE = """() => {
  const found = [];
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || !node.textContent.trim()) continue;
    if (!parent.checkVisibility()) continue;
    const lang = parent.closest("[lang]").getAttribute("lang");
    found.push([node.textContent.trim(), lang, parent.outerHTML.slice(0, 200)]);
  }
  for (const element of document.body.querySelectorAll("[aria-label], [title], [alt]")) {
    const lang = element.closest("[lang]").getAttribute("lang");
    for (const name of ["aria-label", "title", "alt"]) {
      const value = element.getAttribute(name);
      if (value && value.trim()) found.push([value.trim(), lang, element.outerHTML.slice(0, 200)]);
    }
  }
  return found;
}"""


class WelshPages:
    """The checks made on every page of the journey (`check`)."""

    def __init__(self, data: list[str]) -> None:
        # Names and the like, longest first (so "Children's Social Care (ctm)" goes before any
        # shorter name inside it).
        self.data = sorted({d for d in data if d}, key=len, reverse=True)
        self.pages = 0
        self.untagged: dict[str, str] = {}  # text: where it first showed

    def english_in(self, text: str) -> list[str]:
        for each in self.data:
            text = text.replace(each, " ")
        return ENGLISH.findall(text)

    def check(self, page: Page) -> None:
        assert page.locator("html").get_attribute("lang") == "cy", page.url
        heading = page.locator("h1").first
        expect(heading).to_be_visible()
        for text, lang, where in page.evaluate(TEXTS_WITH_THEIR_LANGUAGE):
            if lang == "cy" and self.english_in(text):
                self.untagged.setdefault(text, f"{page.url}: {where}")
        assert_accessible(page)
        self.pages += 1

    def assert_all_welsh(self) -> None:
        """No page showed English without its own `lang` (gathered over the journey, so one run
        lists every such text and where it first showed)."""
        assert self.untagged == {}, "English on Welsh pages without a lang of its own:\n" + (
            "\n".join(f"{text!r} at {where}" for text, where in self.untagged.items())
        )


def people_data(partnership: Partnership) -> list[str]:
    """What the pages may show as it was entered: people's names, job titles and e-mail addresses,
    agencies' and the partnership's names, the child's name."""
    people = Person.objects.filter(agency__home_partnership=partnership) | Person.objects.filter(
        partnership_roles__partnership=partnership
    )
    agencies = Agency.objects.filter(home_partnership=partnership)
    return [
        CHILD_NAME,
        partnership.name,
        *people.values_list("full_name", flat=True),
        *people.values_list("job_title", flat=True),
        *people.values_list("email", flat=True),
        *agencies.values_list("name", flat=True),
    ]


def own_version(demo: DemoPartnership) -> None:
    """The board's own version of the national procedure (wales.toml invites one): it asks both
    sides to sign the outcome off and offers a debrief, in force for cases raised from now."""
    text = (POLICY_DIR / "wales.toml").read_text(encoding="utf-8")
    changes = {
        'version = "2019-11"': 'version = "2020-04-ctm"',
        'effective_from = "2019-11-11"': 'effective_from = "2020-04-01"',
        'sign_off = "raising_party"': 'sign_off = "both_parties"',
        'debrief = "none"': 'debrief = "offered"',
    }
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    load_policy_version(
        partnership=demo.partnership, text=text, file_name="ctm-wales.toml", now=NOW
    )


@pytest.fixture
def open_in_welsh(browser: Browser, live_server: Any) -> Iterator[OpenAs]:
    """A browser of its own for each person, signed in with both factors six minutes ago (so
    signing an outcome off asks for the code again), Welsh in its locale."""
    pages: dict[int, Page] = {}

    def opened(who: Person) -> Page:
        if who.pk not in pages:
            context = browser.new_context(locale="cy-GB", timezone_id="Europe/London")
            pages[who.pk] = page = context.new_page()
            client = Client()
            ORIGINAL_FORCE_LOGIN(client, who)
            session = client.session
            record_full_sign_in(session, who, at=time.time() - 6 * 60)
            session.save()
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            page.context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return pages[who.pk]

    yield opened
    for page in pages.values():
        page.context.close()


def test_a_case_from_raising_to_closing_in_welsh(live_server: Any, open_in_welsh: OpenAs) -> None:
    demo = shipped("wales.toml")
    own_version(demo)
    raiser = raiser_of(demo)
    secrets = {}
    for who in Person.objects.filter(agency__home_partnership=demo.partnership):
        secrets[who.pk] = give_authenticator(who, recovery=False)
    Person.objects.filter(agency__home_partnership=demo.partnership).exclude(pk=raiser.pk).update(
        language="cy"
    )
    welsh = WelshPages(people_data(demo.partnership))

    with translation.override("cy"):
        # The raiser reads English until they choose Cymraeg with the language link.
        page = open_in_welsh(raiser)
        page.goto(live_server.url + reverse("web:raise-start"))
        assert page.locator("html").get_attribute("lang") == "en-GB"
        page.get_by_role("button", name="Cymraeg").click()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        raiser.refresh_from_db()
        assert raiser.language == "cy"  # saved on their account

        raise_through(page, live_server.url, usual(demo), javascript=True, check=welsh.check)
        case = Case.objects.get(raised_by=raiser)
        assert policy_of(case.policy_version).resolution.sign_off == "both_parties"
        path = Path(case, live_server.url, open_in_welsh, javascript=True, check=welsh.check)

        def confirming_with_code_of(signer: Person) -> Callable[[Page], None]:
            def confirm(page: Page) -> None:
                expect(page).to_have_title(f"{said('Confirm it’s you')} – Accord")
                welsh.check(page)
                page.get_by_label(said("Security code")).fill(totp_code(secrets[signer.pk]))
                page.get_by_role("button", name=said("Confirm")).click()

            return confirm

        path.respond()
        path.escalate()
        path.respond()
        path.resolve(path.holder("receiving"), decision=False)
        for side in ("receiving", "raising"):
            path.sign_off(side, confirming_with_code_of(path.holder(side)))
        assert case.status == "signed_off"
        path.debrief(raiser)
        path.close(path.holder("raising"))

        # The raiser sees the outcome, in the words it was agreed in, and every step.
        page = open_in_welsh(raiser)
        page.goto(live_server.url + reverse("web:case-detail", args=[case.reference]))
        expect(page.locator("main")).to_contain_text(typed("A joint assessment within 10 days."))
        path.look(page)
        page.goto(live_server.url + reverse("web:case-timeline", args=[case.reference]))
        path.look(page)
        screenshot(page, "welsh-journey-timeline")

        # The raiser was told by e-mail, in Welsh. (The line saying what is needed is the case's
        # stored notification summary, written once in English for everyone told: not checked here.)
        told = OutboxMessage.objects.filter(person=raiser, reference=case.reference)
        assert told.count() >= 2
        for message in told:
            assert not welsh.english_in(message.subject), message.subject
            assert said("What is needed") in message.body

    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds.count("responded") == 2
    assert kinds.count("escalated") == 1
    assert kinds.count("signed_off") == 2
    assert kinds[-1] == "closed"
    assert welsh.pages >= 30
    welsh.assert_all_welsh()

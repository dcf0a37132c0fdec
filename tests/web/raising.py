"""Helpers for the raise journey's tests: a partnership running a shipped policy with the demo's
agencies and people, and a walk through the pages with the test client, answering each page it
is sent to from a table of answers (so pages a policy skips are skipped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from accord.accounts.models import AgencyKind, Level, Person
from accord.demo.people import PARTNERSHIPS, DemoPartnership, _Names, build_partnership
from accord.partnerships.seeding import seed_bank_holidays
from accord.web.urls_raise import QUESTIONS
from tests.factories import RAISED_AT

NOW = RAISED_AT  # Monday 1 June 2026, 10:00 London: no bank holiday for weeks either side
STEP_OF_PATH = {reverse(f"web:raise-{step}"): step for _, step in QUESTIONS} | {
    reverse("web:raise-route"): "route",
    reverse("web:raise-check"): "check",
    reverse("web:raise-done"): "done",
    reverse("web:raise-start"): "start",
}
CHILD = {
    "subject_name": "Zebedee Quartermaine",
    "subject_date_of_birth_day": "14",
    "subject_date_of_birth_month": "3",
    "subject_date_of_birth_year": "2015",
    "subject_address": "10 Example Row, Demo Town",
}


def shipped(policy_file: str) -> DemoPartnership:
    """The demo partnership running `policy_file`: four agencies (social care, police, health,
    education), each with a chain practitioner to director, a safeguarding lead and a colleague."""
    seed_bank_holidays(range(2026, 2027))
    row = next(p for p in PARTNERSHIPS if p[0] == policy_file)
    return build_partnership(*row, password_hash="!", now=NOW, names=_Names())


def person(demo: DemoPartnership, kind: str, level: str = Level.PRACTITIONER) -> Person:
    return demo.agencies[kind].by_level[level]


def raiser_of(demo: DemoPartnership) -> Person:
    return person(demo, AgencyKind.EDUCATION)


def step_of(url: str) -> str:
    return STEP_OF_PATH[urlsplit(url).path]


def journey_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["journey"][0]


def errors_of(response: Any) -> str:
    """The error summary's text, for assertion messages."""
    html = response.content.decode()
    start = html.find("govuk-error-summary")
    return (
        html[start : start + 1500] if start >= 0 else f"(no error summary) {response.status_code}"
    )


@dataclass
class Walk:
    """A journey through the pages: `visited` lists each step answered, in order."""

    client: Client
    location: str = ""
    visited: list[str] = field(default_factory=list)

    @property
    def journey(self) -> str:
        return journey_of(self.location)

    @property
    def step(self) -> str:
        return step_of(self.location)

    def begin(self) -> Walk:
        response = self.client.post(reverse("web:raise-start"))
        assert response.status_code == 302, errors_of(response)
        self.location = response.headers["Location"]
        return self

    def post(self, data: dict[str, Any]) -> Any:
        """Answer the current page; on success move to where it sends us."""
        response = self.client.post(self.location, data)
        if response.status_code == 302:
            self.visited.append(self.step)
            self.location = response.headers["Location"]
        return response

    def until(self, stop: str, answers: dict[str, dict[str, Any]]) -> Walk:
        """Answer every page from `answers` (an exception by `exception:<id>`, or `exception`
        for all of them) until the page `stop` is reached."""
        for _ in range(40):
            step = self.step
            if step == stop:
                return self
            key = step
            if step == "exception":
                key = f"exception:{parse_qs(urlsplit(self.location).query)['exception'][0]}"
                key = key if key in answers else "exception"
            assert key in answers, f"no answer for {key} ({self.location}); visited {self.visited}"
            response = self.post(answers[key])
            assert response.status_code == 302, f"{key}: {errors_of(response)}"
        raise AssertionError(f"never reached {stop}; visited {self.visited}")

    def url(self, name: str, **query: str) -> str:
        extra = "".join(f"&{k}={v}" for k, v in query.items())
        return f"{reverse(f'web:raise-{name}')}?journey={self.journey}{extra}"


def usual_answers(demo: DemoPartnership, **changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Answers for every page: a school practitioner disagrees with children's social care."""
    social_care = demo.agencies[AgencyKind.SOCIAL_CARE]
    answers: dict[str, dict[str, Any]] = {
        "partnership": {"partnership": str(demo.partnership.pk)},
        "exception": {"answer": "no"},
        "immediate-risk": {"answer": "no"},
        "about": {"subject_kind": "child"},
        "person": CHILD,
        "pattern": {"pattern": "How referrals from schools are screened"},
        "concern": {"concern_on_day": "28", "concern_on_month": "5", "concern_on_year": "2026"},
        "decision": {
            "decision": "Referral about neglect closed with no further action.",
            "decision_by": "Duty team manager",
        },
        "outcome": {"outcome": "A child and family assessment."},
        "agency-kind": {"agency_kind": AgencyKind.SOCIAL_CARE},
        "agency": {"agency": str(social_care.agency.pk)},
        "counterpart": {"counterpart": str(social_care.by_level[Level.PRACTITIONER].pk)},
    }
    answers.update(changes)
    return answers

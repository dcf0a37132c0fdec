"""The order of the raise journey's pages, which of them a journey needs, and which is the first
one still unanswered (pages the policy does not need are skipped)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .setting import Setting

ROUTE = "route"  # the page that says which route an exception answered "yes" must take


@dataclass(frozen=True)
class Place:
    """One page of a journey: its step (`web:raise-<step>`) and, for an exception, its id."""

    step: str
    param: str = ""

    def url(self, journey_id: str, *, change: bool = False) -> str:
        query: dict[str, str] = {"journey": journey_id}
        if self.param:
            query["exception"] = self.param
        if change:
            query["change"] = "1"
        return f"{reverse(f'web:raise-{self.step}')}?{urlencode(query)}"


def journey_url(name: str, journey_id: str) -> str:
    return f"{reverse(f'web:raise-{name}')}?{urlencode({'journey': journey_id})}"


def higher_stages(setting: Setting) -> list[int]:
    """The stages above 1 an urgent case may start at under the journey's policy."""
    return [n for n in setting.policy.immediate_risk.may_start_at if n > 1]


def places(setting: Setting) -> list[Place]:
    """The pages this journey needs, in order (they depend on the policy and on answers)."""
    found: list[Place] = []
    if setting.version is None or len(setting.partnership_choices) > 1:
        found.append(Place("partnership"))
    if setting.version is None:
        return found
    policy = setting.policy
    found += [Place("exception", e.id) for e in policy.exceptions]
    found.append(Place("immediate-risk"))
    if setting.answers.get("immediate_risk") is True and higher_stages(setting):
        found.append(Place("starting-stage"))
    if len(policy.subjects) > 1:
        found.append(Place("about"))
    found.append(Place("pattern") if setting.subject_kind == "theme" else Place("person"))
    found += [
        Place(step)
        for step in ("concern", "decision", "outcome", "agency-kind", "agency", "counterpart")
    ]
    if setting.needs_raising_holder:
        found.append(Place("raising-holder"))
    if setting.subject_kind != "theme" and setting.themes:
        found.append(Place("theme"))
    if policy.raising_facts:
        found.append(Place("facts"))
    return found


ANSWER_KEYS = {
    "immediate-risk": "immediate_risk",
    "starting-stage": "start_stage",
    "about": "subject_kind",
    "person": "subject_name",
    "pattern": "pattern",
    "concern": "concern_on",
    "decision": "decision",
    "outcome": "outcome",
    "agency-kind": "agency_kind",
    "agency": "agency",
    "counterpart": "counterpart",
    "raising-holder": "raising_holder",
    "theme": "theme",
    "facts": "facts",
}


def exception_key(exception_id: str) -> str:
    return f"exception:{exception_id}"


def is_answered(setting: Setting, place: Place) -> bool:
    if place.step == "partnership":
        return setting.version is not None
    if place.step == "exception":
        return setting.answers.get(exception_key(place.param)) is False
    return ANSWER_KEYS[place.step] in setting.answers


def first_unanswered(setting: Setting, pages: list[Place] | None = None) -> Place | None:
    """The first page still to answer (for an exception answered "yes", its route page), or
    None when every page is answered and the answers can be checked."""
    for place in places(setting) if pages is None else pages:
        if place.step == "exception" and setting.answers.get(exception_key(place.param)):
            return Place(ROUTE, place.param)
        if not is_answered(setting, place):
            return place
    return None


def check_url(setting: Setting) -> str:
    return journey_url("check", setting.journey.id)


def where_next(setting: Setting, done: Place, *, change: bool) -> str:
    """After `done` is answered: the next page; when changing an answer from the check page,
    the first page still to answer, else the check page again. An exception answered "yes"
    goes to its route page either way."""
    pages = places(setting)
    missing = first_unanswered(setting, pages)
    if change or (missing is not None and missing.step == ROUTE):
        if missing is None:
            return check_url(setting)
        return missing.url(setting.journey.id, change=change and missing.step != ROUTE)
    later = pages[pages.index(done) + 1 :] if done in pages else []
    if later:
        return later[0].url(setting.journey.id)
    return check_url(setting) if missing is None else missing.url(setting.journey.id)


def back_url(setting: Setting, here: Place, *, change: bool) -> str:
    if change:
        return check_url(setting)
    pages = places(setting)
    if here in pages and pages.index(here) > 0:
        return pages[pages.index(here) - 1].url(setting.journey.id)
    return reverse("web:raise-start")

"""Raising a case through the API: the raise journey's own question pages (their forms, their
order, the pages a procedure skips, what a changed answer clears) answered from one JSON body,
then the journey's `raise_from_answers` (which calls `raise_case`). Nothing is checked here that
the journey does not check: the API cannot raise what the pages would refuse."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import QueryDict

from accord.accounts.models import Person
from accord.cases.models import Case
from accord.web.raising.journey import Journey
from accord.web.raising.questions import SPECS, exception_of, refused
from accord.web.raising.raising import raise_from_answers
from accord.web.raising.setting import Setting, raisable
from accord.web.raising.steps import ROUTE, Place, exception_key, places

# The journey's form fields that the API names otherwise (the others have the same name).
_YES_NO = {"immediate-risk": "immediate_risk"}
_DATES = ("subject_date_of_birth", "concern_on")


@dataclass
class Answering:
    """The errors found so far (`field`, `detail`), and the answers they leave unknown."""

    errors: list[dict[str, str]] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)

    def add(self, name: str, detail: str) -> None:
        self.errors.append({"field": name, "detail": detail})


def journey_id(person: Person, key: str) -> str:
    """The journey's id for an `Idempotency-Key`: its raise key is then unique to the person and
    the key (the journey's `raise_key`, `journey/<person>/<id>`, stays within 80 characters)."""
    return "api-" + hashlib.sha256(f"{person.pk}:{key}".encode()).hexdigest()[:40]


def _yes_no(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, "") if isinstance(value, bool) else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def form_data(setting: Setting, place: Place, body: Mapping[str, Any]) -> dict[str, str]:
    """What the page's form would have been sent, from the JSON body."""
    step = place.step
    if step == "exception":
        return {"answer": _yes_no((body.get("exceptions") or {}).get(place.param))}
    if step in _YES_NO:
        return {"answer": _yes_no(body.get(_YES_NO[step]))}
    if step == "facts":
        facts = body.get("facts") or {}
        return {f"fact_{key}": _yes_no(facts.get(key)) for key in setting.policy.raising_facts}
    data: dict[str, str] = {}
    for name, value in body.items():
        if name in _DATES:
            day = value if isinstance(value, date) else None
            for part in ("day", "month", "year"):
                data[f"{name}_{part}"] = str(getattr(day, part)) if day else ""
        elif not isinstance(value, dict | list):
            data[name] = _text(value)
    return data


def _api_field(place: Place, name: str) -> str:
    """The API's name for a form field's error."""
    if place.step == "exception":
        return f"exceptions.{place.param}"
    if place.step in _YES_NO:
        return _YES_NO[place.step]
    if name.startswith("fact_"):
        return f"facts.{name.removeprefix('fact_')}"
    return name or "__all__"


def _answer_agency_kind(setting: Setting, body: Mapping[str, Any], found: Answering) -> None:
    """The journey asks the kind of agency, then the agency: the API takes the agency alone,
    and answers the kind from it (among the agencies the case may be raised with)."""
    agency = setting.other_agencies().filter(pk=body.get("agency") or 0).first()
    if agency is None:
        found.add("agency", "Choose the agency that made the decision")
        found.unknown.update({"agency_kind", "agency", "counterpart"})
        return
    setting.journey.update({"agency_kind": agency.kind}, clears=SPECS["agency-kind"].clears)


def answer_all(setting: Setting, body: Mapping[str, Any]) -> Answering:
    """Answer each page the journey needs, in its order, as the pages would; every error found,
    and no later page asked whose answer depends on one that failed (the pages' `clears`)."""
    found = Answering()
    asked: set[Place] = set()
    while True:
        pending = [p for p in places(setting) if p not in asked and p.step != "partnership"]
        if not pending:
            return found
        place = pending[0]
        asked.add(place)
        spec = SPECS[place.step]
        if place.step == "agency-kind":
            _answer_agency_kind(setting, body, found)
            continue
        if place.step == "counterpart" and "counterpart" in found.unknown:
            continue
        if place.step == "agency" and "agency" in found.unknown:
            continue
        form = spec.form(setting, place.param, _query(form_data(setting, place, body)))
        if form.is_valid() and not refused(setting, place.step, form):
            setting.journey.update(form.answers(), clears=spec.clears)
            if place.step == "exception" and setting.answers.get(exception_key(place.param)):
                exception = exception_of(setting, place.param)
                found.add(
                    f"exceptions.{place.param}",
                    f"This disagreement takes another route: {exception.route}",
                )
            setting = Setting(setting.person, setting.journey, setting.today)
            continue
        for name, messages in form.errors.items():
            for message in messages:
                found.add(_api_field(place, name), str(message))
        found.unknown.update(spec.clears)
        assert place.step != ROUTE


def _query(data: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = value
    return query


@dataclass(frozen=True)
class Raised:
    case: Case | None
    errors: list[dict[str, str]]


def raise_from_body(
    person: Person, body: Mapping[str, Any], *, key: str, today: date, now: datetime
) -> Raised:
    """Raise the case the body describes (its errors instead, nothing raised). The caller
    handles `AlreadyRaised` (the same key again) and `CaseActionRejected` (the action's word)."""
    assert person.agency is not None  # the view refuses people of no agency
    choices = raisable(person.agency, today)
    wanted = body.get("partnership")
    chosen = [(p, v) for p, v in choices if wanted is None or p.pk == wanted]
    if wanted is None and len(choices) > 1:
        return Raised(
            None,
            [
                {
                    "field": "partnership",
                    "detail": "Choose the partnership whose "
                    "procedure applies: your agency works in several",
                }
            ],
        )
    if not chosen:
        return Raised(
            None,
            [
                {
                    "field": "partnership",
                    "detail": "Choose a partnership your agency can raise a disagreement in now",
                }
            ],
        )
    partnership, version = chosen[0]
    journey = Journey(SessionBase(), journey_id(person, key), {"answers": {}})
    journey.choose_policy(partnership.pk, version.pk)
    setting = Setting(person, journey, today)
    found = answer_all(setting, body)
    if found.errors:
        return Raised(None, found.errors)
    setting = Setting(person, journey, today)
    return Raised(raise_from_answers(setting, now=now), [])

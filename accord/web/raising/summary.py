"""The rows of "Check your answers": every answer, with a Change link back to its page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext

from accord.accounts.levels import active_people
from accord.accounts.models import Agency
from accord.cases.models import SubjectKind
from accord.partnerships.policy_texts import shown_text

from .forms_people import UNKNOWN
from .questions import agency_kind_label, exception_of, stage_name, who_is_at_risk
from .setting import Setting, person_id, safeguarding_lead
from .steps import Place, exception_key, places

type Row = dict[str, Any]


def _yes_no(value: object) -> str:
    return gettext("Yes") if value is True else gettext("No")


def _day(value: object) -> str:
    return date_format(date.fromisoformat(str(value)), "j F Y") if value else gettext("Not given")


def _name_in(agency: Agency | None, chosen: object) -> str:
    """A person of `agency` chosen in the journey, with their job title."""
    if agency is None:
        return ""
    found = active_people(agency).filter(pk=person_id(chosen)).first()
    if found is None:
        return gettext("No longer active: change this answer")
    return f"{found.full_name}, {found.job_title}" if found.job_title else found.full_name


def _counterpart(setting: Setting) -> str:
    agency = setting.receiving_agency
    if agency is None:
        return ""
    if setting.answers.get("counterpart") == UNKNOWN:
        lead = safeguarding_lead(agency)
        if lead is None:
            return gettext("I do not know who – it goes to the agency’s safeguarding lead")
        return gettext(
            "I do not know who – it goes to the agency’s safeguarding lead: %(lead)s"
        ) % {"lead": lead.full_name}
    return _name_in(agency, setting.answers.get("counterpart"))


def _rows_of(setting: Setting, place: Place) -> list[tuple[str, str]]:
    a = setting.answers
    step = place.step
    if step == "partnership":
        return [(gettext("Partnership"), setting.partnership.name if setting.partnership else "")]
    if step == "exception":
        return [
            (
                shown_text(exception_of(setting, place.param).question),
                _yes_no(a.get(exception_key(place.param))),
            )
        ]
    if step == "immediate-risk":
        urgent = a.get("immediate_risk") is True
        answer = gettext("Yes – it will be marked urgent") if urgent else _yes_no(False)
        return [(who_is_at_risk(setting), answer)]
    if step == "starting-stage":
        rows = [(gettext("Starting stage"), stage_name(setting, setting.stage))]
        if setting.stage > 1:
            rows.append((gettext("Why it starts at this stage"), str(a.get("start_reason", ""))))
        return rows
    if step == "about":
        return [(gettext("About"), str(SubjectKind(str(a["subject_kind"])).label))]
    if step == "person":
        return [
            (gettext("Name"), str(a.get("subject_name", ""))),
            (gettext("Date of birth"), _day(a.get("subject_date_of_birth"))),
            (gettext("Address"), str(a.get("subject_address") or gettext("Not given"))),
        ]
    simple = {
        "pattern": (gettext("Pattern of practice or service"), str(a.get("pattern", ""))),
        "concern": (gettext("Concern identified on"), _day(a.get("concern_on"))),
        "outcome": (gettext("Outcome sought"), str(a.get("outcome", ""))),
        "agency-kind": (
            gettext("Kind of agency"),
            agency_kind_label(str(a.get("agency_kind", ""))),
        ),
        "agency": (
            gettext("Other agency"),
            setting.receiving_agency.name if setting.receiving_agency else "",
        ),
        "counterpart": (gettext("Who it goes to"), _counterpart(setting)),
        "raising-holder": (
            gettext("Holding it for your agency at stage %(stage)s") % {"stage": setting.stage},
            _name_in(setting.own_agency, a.get("raising_holder")),
        ),
        "theme": (gettext("Theme"), str(a.get("theme", ""))),
    }
    if step in simple:
        return [simple[step]]
    if step == "decision":
        return [
            (gettext("Decision you disagree with"), str(a.get("decision", ""))),
            (gettext("Decision made by"), str(a.get("decision_by", ""))),
        ]
    if step == "facts":
        facts = a.get("facts") or {}
        return [
            (question, _yes_no(facts.get(fact)))
            for fact, question in setting.policy.raising_facts.items()
        ]
    return []


def summary_rows(setting: Setting) -> list[Row]:
    """One row per answer; every row links to the page that asked it."""
    rows: list[Row] = []
    for place in places(setting):
        url = place.url(setting.journey.id, change=True)
        for key, value in _rows_of(setting, place):
            rows.append({"key": key, "value": value, "href": url, "visually_hidden": key.lower()})
    return rows

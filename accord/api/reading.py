"""A case as the API shows it, worked out from the web's `CasePage` (the same query, the same
access rules): stage, status, holders by side, deadlines with their due dates and status, what
happens next (the engine's words) and the actions the caller may take. No queries here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from accord.accounts.models import Person
from accord.cases.models import Case, Holding, Side
from accord.cases.queries import CasePage
from accord.engine.next_steps import next_steps
from accord.engine.outcome_words import status_words
from accord.web.views.case_display import LADDER_ACTIONS, OTHER_ACTIONS

# The API's operation beside each action page of the case (`case_display`'s lists of them,
# with the side a page takes); the other pages' actions are listed with `href: null`.
API_ACTIONS = {
    "web:case-respond": "api:case-respond",
    "web:case-complete-step": "api:case-complete-step",
    "web:case-escalate": "api:case-escalate",
    "web:case-resolve": "api:case-resolve",
    "web:case-withdraw": "api:case-withdraw",
    "web:case-set-deadline": "api:case-set-deadline",
    "web:case-refer": "api:case-refer",
    "web:case-close": "api:case-close",
    "web:case-set-fact": "api:case-set-fact",
    "web:case-task-add": "api:case-add-task",
    "web:case-meeting-plan": "api:case-plan-meeting",
    "web:case-meeting-add": "api:case-record-meeting",
    "web:case-advice": "api:case-advice",
    "web:case-take-over": "api:case-take-over",
    "web:case-panel": "api:case-panel",
    "web:case-debrief": "api:case-debrief",
    "web:case-sign-off": "api:case-sign-off",
}


def case_url(reference: str) -> str:
    return reverse("api:case-detail", args=[reference])


def person_of(person: Person) -> dict[str, Any]:
    """A holder as the case page names them: name, job title, agency."""
    agency = person.agency.name if person.agency_id and person.agency else None
    return {
        "id": person.pk,
        "name": person.full_name,
        "job_title": person.job_title,
        "agency": agency,
    }


def _holder(holding: Holding) -> dict[str, Any]:
    return {**person_of(holding.person), "since": holding.started_at}


def _stage(page: CasePage) -> dict[str, Any]:
    stage = page.stage
    return {"number": page.case.stage, "name": stage.name if stage else ""}


def _status(case: Case, page: CasePage) -> dict[str, Any]:
    return {"code": case.status, "words": status_words(page.policy, case.status)}


def actions_of(page: CasePage) -> list[dict[str, Any]]:
    """The actions offered to the caller now (`offers`: the access rules and the engine's), as
    the case page lists them (an offer with two pages, such as planning and recording a
    meeting, twice), each with its API address where the API takes it."""
    listed = [*LADDER_ACTIONS, *OTHER_ACTIONS]
    found = []
    for offer, words, page_name, extra in listed:
        if offer in page.offers:
            name = API_ACTIONS.get(page_name)
            href = (
                reverse(name, kwargs={"reference": page.case.reference, **extra}) if name else None
            )
            found.append({"action": offer, "words": words, "href": href})
    known = {offer for offer, *_ in listed}
    for offer in sorted(page.offers - known):
        words = offer.replace("_", " ").capitalize()
        found.append({"action": offer, "words": words, "href": None})
    return found


def case_body(page: CasePage, now: datetime) -> dict[str, Any]:
    """The whole case for `GET /api/v1/cases/{reference}/` (a replayed page)."""
    case = page.case
    nexts = (
        list(next_steps(page.policy, page.state, page.records))
        if page.policy is not None and page.state is not None
        else []
    )
    return {
        "reference": case.reference,
        "url": case_url(case.reference),
        "partnership": {"id": case.partnership_id, "name": case.partnership.name},
        "raising_agency": {"id": case.raising_agency_id, "name": case.raising_agency.name},
        "receiving_agency": {"id": case.receiving_agency_id, "name": case.receiving_agency.name},
        "stage": _stage(page),
        "status": _status(case, page),
        "urgent": case.urgent,
        "raised_at": case.raised_at,
        "raised_by": person_of(case.raised_by),
        "holders": {
            side.value: [_holder(h) for h in page.holders(side)]
            for side in (Side.RAISING, Side.RECEIVING)
        },
        "deadlines": [
            {
                "key": d.key,
                "label": d.label,
                "stage": d.stage,
                "unit": d.unit,
                "due_on": d.due_on,
                "due_at": d.due_at,
                "status": d.running(now),
                "done_at": d.done_at,
            }
            for d in page.deadlines
        ],
        "what_happens_next": nexts,
        "actions": actions_of(page),
        "seen": page.seen,
    }


def list_row(case: Case) -> dict[str, Any]:
    """One case of a list (`with_due`'s annotations: `overdue`, `due_soon`)."""
    return {
        "reference": case.reference,
        "url": case_url(case.reference),
        "stage": case.stage,
        "status": case.status,
        "urgent": case.urgent,
        "raised_at": case.raised_at,
        "next_due_on": case.next_due_on,
        "overdue": bool(getattr(case, "overdue", False)),
        "due_soon": bool(getattr(case, "due_soon", False)),
        "raising_agency": {"id": case.raising_agency_id, "name": case.raising_agency.name},
        "receiving_agency": {"id": case.receiving_agency_id, "name": case.receiving_agency.name},
    }

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
from accord.partnerships.policy_texts import shown_text
from accord.web.views.case_display import LADDER_ACTIONS, OTHER_ACTIONS

# The actions the API takes so far, by offer: the URL name of each (the others are offered on
# the case page only, and listed with `href: null`).
API_ACTIONS = {
    "respond": "api:case-respond",
    "complete_step": "api:case-complete-step",
    "escalate": "api:case-escalate",
    "resolve": "api:case-resolve",
    "record_decision": "api:case-resolve",
    "withdraw": "api:case-withdraw",
    "set_deadline": "api:case-set-deadline",
    "refer": "api:case-refer",
    "close": "api:case-close",
}
ACTION_WORDS = {offer: words for offer, words, _, _ in [*LADDER_ACTIONS, *OTHER_ACTIONS]}


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
    return {"number": page.case.stage, "name": shown_text(stage.name) if stage else ""}


def _status(case: Case, page: CasePage) -> dict[str, Any]:
    return {"code": case.status, "words": status_words(page.policy, case.status)}


def actions_of(page: CasePage) -> list[dict[str, Any]]:
    """The actions offered to the caller now (`offers`: the access rules and the engine's), in
    the case page's order, each with its API address where the API takes it."""
    order = [offer for offer, *_ in [*LADDER_ACTIONS, *OTHER_ACTIONS]]
    offered = sorted(page.offers, key=lambda o: (order.index(o) if o in order else len(order), o))
    found = []
    for offer in offered:
        name = API_ACTIONS.get(offer)
        found.append(
            {
                "action": offer,
                "words": ACTION_WORDS.get(offer, offer.replace("_", " ").capitalize()),
                "href": reverse(name, args=[page.case.reference]) if name else None,
            }
        )
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

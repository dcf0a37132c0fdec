"""What the case page's sections show, worked out from a loaded `CasePage`: the timeline's
entries with their reasons, who set each deadline and why, the stages visited, what happens
next (the engine's words), and the links to the actions offered. No queries here: everything
is loaded already."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Person
from accord.cases.models import CaseEvent, CaseStatus, Deadline, Holding, Side
from accord.cases.queries import CasePage
from accord.documents.bidi import isolated
from accord.engine.next_steps import next_steps
from accord.engine.stage_clocks import label_said
from accord.moments import day_words, moment_words
from accord.partnerships.policy_texts import shown_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


LEFT_BY: dict[
    str, StrOrPromise
] = {  # how a stage was left: escalated, or the case's status after it
    "escalated": _("Escalated"),
    CaseStatus.RESOLVED: _("Resolved"),
    CaseStatus.REFERRED: CaseStatus.REFERRED.label,
    CaseStatus.WITHDRAWN: CaseStatus.WITHDRAWN.label,
}

# What a response was, on the timeline (the positions of `case_forms.POSITIONS`).
RESPONDED: dict[str, StrOrPromise] = {
    "agree": _("Agreed."),
    "propose": _("Proposed another way forward."),
    "disagree": _("Disagreed."),
}

# The actions a page offers, in the order shown: (offer, words, URL name, URL arguments).
# The ladder's actions are buttons; the others links under "Other things you can do".
LADDER_ACTIONS: list[tuple[str, StrOrPromise, str, dict[str, str]]] = [
    ("respond", _("Respond"), "web:case-respond", {}),
    ("complete_step", _("Mark a step as done"), "web:case-complete-step", {}),
    ("resolve", _("Record the agreed outcome"), "web:case-resolve", {}),
    ("record_decision", _("Record the decision"), "web:case-resolve", {}),
    (
        "sign_off_raising",
        _("Sign off for the raising side"),
        "web:case-sign-off",
        {"side": "raising"},
    ),
    (
        "sign_off_receiving",
        _("Sign off for the receiving side"),
        "web:case-sign-off",
        {"side": "receiving"},
    ),
    ("escalate", _("Escalate"), "web:case-escalate", {}),
    (
        "take_over_raising",
        _("Take the case over for the raising side"),
        "web:case-take-over",
        {"side": "raising"},
    ),
    (
        "take_over_receiving",
        _("Take the case over for the receiving side"),
        "web:case-take-over",
        {"side": "receiving"},
    ),
    ("record_advice", _("Record advice"), "web:case-advice", {}),
    ("refer", _("Refer to the partnership"), "web:case-refer", {}),
    ("convene_panel", _("Record the chair’s decision on a panel"), "web:case-panel", {}),
    ("record_debrief", _("Record the debrief"), "web:case-debrief", {}),
    ("close", _("Close the case"), "web:case-close", {}),
]
OTHER_ACTIONS: list[tuple[str, StrOrPromise, str, dict[str, str]]] = [
    (
        "set_deadline",
        _("Bring a deadline forward or set an agreed date"),
        "web:case-set-deadline",
        {},
    ),
    ("set_fact", _("Answer a question about the case"), "web:case-set-fact", {}),
    ("add_task", _("Add a task"), "web:case-task-add", {}),
    ("record_meeting", _("Plan a meeting"), "web:case-meeting-plan", {}),
    ("record_meeting", _("Record a meeting"), "web:case-meeting-add", {}),
    ("withdraw", _("Withdraw the case"), "web:case-withdraw", {}),
]


def _link(name: str, reference: str, extra: dict[str, str]) -> str | None:
    """The action's URL, or None when that page does not exist (yet)."""
    try:
        return reverse(name, kwargs={"reference": reference, **extra})
    except NoReverseMatch:
        if not extra:
            return None
    try:  # a page taking its option in the query string instead
        query = "&".join(f"{k}={v}" for k, v in extra.items())
        return f"{reverse(name, kwargs={'reference': reference})}?{query}"
    except NoReverseMatch:
        return None


def action_links(page: CasePage, *, ladder: bool) -> list[dict[str, str]]:
    """The offered actions of one kind, as {"offer", "text", "href"}."""
    found = []
    for offer, text, name, extra in LADDER_ACTIONS if ladder else OTHER_ACTIONS:
        if offer not in page.offers:
            continue
        href = _link(name, page.case.reference, extra)
        if href is not None:
            found.append({"offer": offer, "text": str(text), "href": href})
    return found


def person_text(person: Person | None) -> str:
    """ "Name, job title (agency)": how a holder or actor is named on the pages (markup, each
    part isolated)."""
    if person is None:
        return ""
    job = format_html(", {}", isolated(person.job_title)) if person.job_title else ""
    agency = (
        person.agency.name if person.agency_id and person.agency else gettext("partnership staff")
    )
    return format_html("{}{} ({})", isolated(person.full_name), job, isolated(agency))


# --- Timeline ---------------------------------------------------------------------------


def event_text(event: CaseEvent) -> str:
    """The reasons and notes an event carries, in words (empty when it has none): markup, each
    person's text isolated."""
    payload: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
    details = payload.get("details") if isinstance(payload.get("details"), dict) else {}
    values = {**payload, **(details or {})}
    parts = []
    if event.kind == "responded" and values.get("position") in RESPONDED:
        parts.append(str(RESPONDED[values["position"]]))
    if event.kind == "deadline_set" and values.get("due"):
        parts.append(gettext("New due: %(due)s.") % {"due": _due_words(str(values["due"]))})
    for key, value in values.items():
        if not isinstance(value, str) or not value.strip():
            continue
        if key == "reason":
            parts.append(format_html(gettext("Reason: {text}"), text=isolated(value.strip())))
        elif "consensus" in key:
            parts.append(
                format_html(gettext("Why without consensus: {text}"), text=isolated(value.strip()))
            )
        elif key == "note":
            parts.append(format_html(gettext("Note: {text}"), text=isolated(value.strip())))
        elif key == "advice":
            parts.append(format_html(gettext("Advice: {text}"), text=isolated(value.strip())))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def _due_words(text: str) -> str:
    try:
        if "T" in text:
            return moment_words(timezone.localtime(datetime.fromisoformat(text)))
        return day_words(date.fromisoformat(text))
    except ValueError:
        return text


def timeline(page: CasePage) -> list[dict[str, Any]]:
    """Every event, newest first, with who and when and the reasons it carries; an event whose
    stored record no longer verifies says so."""
    altered = {b.sequence for b in page.log_breaks}
    return [
        {
            "title": e.summary,
            "title_lang": RECORDED_IN,
            "by": person_text(e.actor),
            "at": e.at,
            "text": event_text(e),
            "warning": ALTERED_EVENT if e.sequence in altered else "",
        }
        for e in reversed(page.events)
    ]


# An event's summary is written when it happens, in English (accord.cases.actions), and kept
# as recorded: on a page in another language it says so (`lang`), so it is read as English.
RECORDED_IN = "en-GB"
ALTERED_EVENT = _("This entry does not match the case's record: it may have been changed.")


# --- Deadlines --------------------------------------------------------------------------


@dataclass
class DeadlineRow:
    deadline: Deadline
    label: str  # in the reader's language (`stage_clocks.label_said`)
    set_by: Person | None = None
    set_at: Any = None
    set_reason: str = ""


def deadline_rows(page: CasePage) -> list[DeadlineRow]:
    """The stored deadlines with who last set each one's date, when and why."""
    last_set: dict[str, CaseEvent] = {}
    for event in page.events:
        if event.kind == "deadline_set" and isinstance(event.payload, dict):
            last_set[str(event.payload.get("deadline"))] = event
    rows = []
    for deadline in page.deadlines:
        row = DeadlineRow(deadline, label_said(page.policy, deadline.key, deadline.label))
        setting = last_set.get(deadline.key)
        if deadline.due_set_at is not None or setting is not None:
            row.set_by = setting.actor if setting else None
            row.set_at = deadline.due_set_at or (setting.at if setting else None)
            row.set_reason = deadline.due_set_reason or (
                str(setting.payload.get("reason", "")) if setting else ""
            )
        rows.append(row)
    return rows


# --- Stages -----------------------------------------------------------------------------


@dataclass
class StageRow:
    number: int
    name: str
    entered_at: Any
    reason: str
    left_at: Any
    left_by: str
    raising: list[Holding]
    receiving: list[Holding]
    deadline: Deadline | None
    steps: list[dict[str, Any]] = field(default_factory=list)
    current: bool = False


def stage_rows(page: CasePage) -> list[StageRow]:
    """Every stage the case visited, newest last: when and why, who held it on both sides, its
    deadline and its steps."""
    if page.state is None or page.policy is None:
        return []
    stored = {d.key: d for d in page.deadlines}
    rows = []
    for visit in page.state.visits:
        stage = page.policy.stage(visit.stage)
        steps = [
            {
                "name": shown_text(step.name),
                "deadline": stored.get(f"stage:{stage.number}/step:{step.id}"),
            }
            for step in stage.steps
        ]
        rows.append(
            StageRow(
                number=stage.number,
                name=shown_text(stage.name),
                entered_at=visit.entered_at,
                reason=visit.reason,
                left_at=visit.left_at,
                left_by=str(LEFT_BY.get(visit.left_by or "", visit.left_by or "")),
                raising=page.holders(Side.RAISING, stage.number),
                receiving=page.holders(Side.RECEIVING, stage.number),
                deadline=stored.get(f"stage:{stage.number}"),
                steps=steps,
                current=visit.left_at is None and page.case.status == CaseStatus.OPEN,
            )
        )
    return rows


# --- Overview ---------------------------------------------------------------------------


def what_happens_next(page: CasePage) -> tuple[str, ...]:
    """What the case waits for now and what may happen after: the engine's `next_steps`."""
    if page.state is None or page.policy is None:
        return ()
    return next_steps(page.policy, page.state, page.records)


def current_holders(page: CasePage) -> dict[str, list[Holding]]:
    return {side.value: page.holders(side) for side in (Side.RAISING, Side.RECEIVING)}

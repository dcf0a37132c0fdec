"""Reading one case's record of a history file into the actions (`accord.cases.loading`): the
people, agencies and partnership it names, its fields checked as they are read, and each event
handed to the action the page would call, as of its own instant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from accord.accounts.models import Agency, Person
from accord.engine.london import LONDON
from accord.partnerships.models import Partnership

from . import actions
from .models import Case


class Refused(Exception):
    """A record's problem: its message, and the line of the file it is on when not the record's
    own (an event on a row of its own in a spreadsheet)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(message)


class Names:
    """People by e-mail and a partnership's agencies by name, each looked up once per load."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.agencies: dict[tuple[int, str], Agency] = {}
        self.partnerships: dict[str, Partnership] = {}

    def person(self, email: object, what: str) -> Person:
        key = text_of(email, what).strip().lower()
        if key not in self.people:
            found = Person.objects.filter(email=key, is_active=True).first()
            if found is None:
                raise Refused(f"{what}: no active person has the e-mail address {key!r}")
            self.people[key] = found
        return self.people[key]

    def partnership(self, slug: object) -> Partnership:
        key = text_of(slug, "partnership")
        if key not in self.partnerships:
            found = Partnership.objects.filter(slug=key).first()
            if found is None:
                raise Refused(f"partnership: there is no partnership {key!r}")
            self.partnerships[key] = found
        return self.partnerships[key]

    def agency(self, partnership: Partnership, name: object, what: str) -> Agency:
        key = (partnership.pk, text_of(name, what).strip())
        if key not in self.agencies:
            found = (
                Agency.objects.filter(Q(home_partnership=partnership) | Q(serves=partnership))
                .filter(name=key[1])
                .first()
            )
            if found is None:
                raise Refused(f"{what}: no agency named {key[1]!r} serves the partnership")
            self.agencies[key] = found
        return self.agencies[key]


def text_of(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Refused(f"{what} is missing (text expected)")
    return value


def instant(value: object, what: str) -> datetime:
    try:
        at = datetime.fromisoformat(text_of(value, what))
    except ValueError:
        raise Refused(f"{what}: {value!r} is not an ISO 8601 date and time") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=LONDON)


def load_record(record: dict[str, Any], names: Names, lines: Sequence[int]) -> tuple[Case, int]:
    """Raise the case of `record` and take it through its events (`lines`: the line each event is
    on); the case and its number of events. Raises Refused or CaseActionRejected."""
    case = _raise(record, names)
    events = record.get("events", [])
    if not isinstance(events, list):
        raise Refused("events: a list expected")
    for index, event in enumerate(events, start=1):
        line = lines[index - 1] if index <= len(lines) else None
        try:
            _take(case, index, event, names)
        except Refused as refused:
            raise Refused(str(refused), line=line) from None
    return case, 1 + len(events)


def _take(case: Case, index: int, event: object, names: Names) -> None:
    if not isinstance(event, dict):
        raise Refused(f"event {index}: a JSON object expected")
    action = event.get("action")
    take = ACTIONS.get(action) if isinstance(action, str) else None
    if take is None:
        raise Refused(f"event {index}: unknown action {action!r} (one of {', '.join(ACTIONS)})")
    what = f"event {index} ({action})"
    try:
        take(
            case,
            names.person(event.get("by"), f"{what}: by"),
            instant(event.get("at"), f"{what}: at"),
            Fields(event, what, names),
        )
    except actions.CaseActionRejected as rejected:
        raise Refused(f"{what}: {rejected.message}") from None


def _raise(record: dict[str, Any], names: Names) -> Case:
    partnership = names.partnership(record.get("partnership"))
    fields = Fields(record, "the case", names)
    try:
        return actions.raise_case(
            partnership=partnership,
            raised_by=names.person(record.get("raised_by"), "raised_by"),
            raising_agency=names.agency(
                partnership, record.get("raising_agency"), "raising_agency"
            ),
            receiving_agency=names.agency(
                partnership, record.get("receiving_agency"), "receiving_agency"
            ),
            receiving_holder=names.person(record.get("receiving_holder"), "receiving_holder"),
            decision_summary=fields.text("decision_summary"),
            outcome_sought=fields.text("outcome_sought"),
            subject_name=fields.text("subject_name", required=False),
            theme=fields.text("theme", required=False),
            urgent=fields.flag("urgent"),
            stage=fields.number("stage", default=1),
            reason=fields.text("reason", required=False),
            now=instant(record.get("raised_at"), "raised_at"),
        )
    except actions.CaseActionRejected as rejected:
        raise Refused(f"raising the case: {rejected.message}") from None


@dataclass(frozen=True)
class Fields:
    """The named fields of one record, checked as they are read."""

    record: dict[str, Any]
    what: str
    names: Names

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.record.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise Refused(f"{self.what}: {name} is missing (text expected)")
        return value

    def flag(self, name: str) -> bool:
        value = self.record.get(name, False)
        if not isinstance(value, bool):
            raise Refused(f"{self.what}: {name} must be true or false")
        return value

    def number(self, name: str, *, default: int) -> int:
        value = self.record.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise Refused(f"{self.what}: {name} must be a whole number")
        return value

    def person(self, name: str) -> Person:
        return self.names.person(self.record.get(name), f"{self.what}: {name}")


Take = Callable[[Case, Person, datetime, Fields], object]

ACTIONS: dict[str, Take] = {
    "respond": lambda case, by, at, f: actions.record_response(
        case=case,
        actor=by,
        now=at,
        position=f.text("position"),
        note=f.text("note", required=False),
    ),
    "escalate": lambda case, by, at, f: actions.escalate_case(
        case=case,
        actor=by,
        now=at,
        raising_holder=f.person("raising_holder"),
        receiving_holder=f.person("receiving_holder"),
        reason=f.text("reason"),
        holder_reason=f.text("holder_reason", required=False),
    ),
    "complete_step": lambda case, by, at, f: actions.complete_step(
        case=case, actor=by, now=at, step=f.text("step")
    ),
    "add_task": lambda case, by, at, f: actions.add_task(
        case=case, actor=by, now=at, title=f.text("title"), owner=f.person("owner")
    ),
    "resolve": lambda case, by, at, f: actions.resolve_case(
        case=case, actor=by, now=at, agreed_outcome=f.text("agreed_outcome")
    ),
    "sign_off": lambda case, by, at, f: actions.sign_off(
        case=case, actor=by, now=at, side=f.text("side")
    ),
    "refer": lambda case, by, at, f: actions.refer_case(
        case=case, actor=by, now=at, reason=f.text("reason")
    ),
    "withdraw": lambda case, by, at, f: actions.withdraw_case(
        case=case, actor=by, now=at, reason=f.text("reason")
    ),
    "close": lambda case, by, at, f: actions.close_case(case=case, actor=by, now=at),
}

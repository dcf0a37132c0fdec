"""Loading past cases from a history file (`accord cases load FILE.jsonl`): every case raised and
taken through its events by the actions themselves, in order, each as of its own instant, so a
loaded case passes exactly the checks a case made through the pages does (who may act, what the
procedure allows then, who may hold each stage) and is stored as they store it (its event log,
holders, deadlines and alert instants, notifications).

The file has one case per line, a JSON object (see docs/howto/load-past-cases.md). People are
named by e-mail address, agencies by name; instants are ISO 8601 (London time when no offset is
given). The whole file is one transaction: if any line is refused, nothing is loaded and every
problem is reported as `FILE:LINE: what` (the case's own details are never repeated in it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from accord.accounts.models import Agency, Person
from accord.engine.london import LONDON
from accord.partnerships.models import Partnership

from . import actions
from .models import Case

MAX_PROBLEMS = 50  # reported; the rest are counted


@dataclass(frozen=True)
class LoadProblem:
    """One line of the file that cannot be loaded, and why."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class LoadRefused(Exception):
    """Some lines cannot be loaded: nothing was."""

    def __init__(self, problems: list[LoadProblem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        super().__init__(f"{len(problems) + more} lines cannot be loaded")


@dataclass
class LoadReport:
    """What a load wrote."""

    cases: int = 0
    events: int = 0
    references: list[str] = field(default_factory=list)


class _Refused(Exception):
    """One line's problem (its message); the line number is added by the caller."""


class _Names:
    """People by e-mail and a partnership's agencies by name, each looked up once per load."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.agencies: dict[tuple[int, str], Agency] = {}
        self.partnerships: dict[str, Partnership] = {}

    def person(self, email: object, what: str) -> Person:
        key = _text(email, what).strip().lower()
        if key not in self.people:
            found = Person.objects.filter(email=key, is_active=True).first()
            if found is None:
                raise _Refused(f"{what}: no active person has the e-mail address {key!r}")
            self.people[key] = found
        return self.people[key]

    def partnership(self, slug: object) -> Partnership:
        key = _text(slug, "partnership")
        if key not in self.partnerships:
            found = Partnership.objects.filter(slug=key).first()
            if found is None:
                raise _Refused(f"partnership: there is no partnership {key!r}")
            self.partnerships[key] = found
        return self.partnerships[key]

    def agency(self, partnership: Partnership, name: object, what: str) -> Agency:
        key = (partnership.pk, _text(name, what).strip())
        if key not in self.agencies:
            found = (
                Agency.objects.filter(Q(home_partnership=partnership) | Q(serves=partnership))
                .filter(name=key[1])
                .first()
            )
            if found is None:
                raise _Refused(f"{what}: no agency named {key[1]!r} serves the partnership")
            self.agencies[key] = found
        return self.agencies[key]


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Refused(f"{what} is missing (text expected)")
    return value


def _instant(value: object, what: str) -> datetime:
    try:
        at = datetime.fromisoformat(_text(value, what))
    except ValueError:
        raise _Refused(f"{what}: {value!r} is not an ISO 8601 date and time") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=LONDON)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield number, line


def load_cases(path: Path) -> LoadReport:
    """Load every case of the file at `path`, or none (raising LoadRefused)."""
    names, report = _Names(), LoadReport()
    problems: list[LoadProblem] = []
    more = 0
    with transaction.atomic():
        for number, line in _lines(path):
            try:
                with transaction.atomic():  # a refused line leaves nothing of itself behind
                    case, events = _load_line(line, names)
            except _Refused as refused:
                problem = LoadProblem(path.name, number, str(refused))
            except actions.CaseActionRejected as rejected:
                problem = LoadProblem(path.name, number, rejected.message)
            else:
                report.cases += 1
                report.events += events
                report.references.append(case.reference)
                continue
            if len(problems) < MAX_PROBLEMS:
                problems.append(problem)
            else:
                more += 1
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise LoadRefused(problems, more=more)
    return report


def _load_line(line: str, names: _Names) -> tuple[Case, int]:
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as error:
        raise _Refused(f"not a JSON object ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise _Refused("not a JSON object")
    case = _raise(record, names)
    events = record.get("events", [])
    if not isinstance(events, list):
        raise _Refused("events: a list expected")
    for index, event in enumerate(events, start=1):
        if not isinstance(event, dict):
            raise _Refused(f"event {index}: a JSON object expected")
        action = event.get("action")
        take = ACTIONS.get(action) if isinstance(action, str) else None
        if take is None:
            raise _Refused(
                f"event {index}: unknown action {action!r} (one of {', '.join(ACTIONS)})"
            )
        what = f"event {index} ({action})"
        try:
            take(
                case,
                names.person(event.get("by"), f"{what}: by"),
                _instant(event.get("at"), f"{what}: at"),
                _Fields(event, what, names),
            )
        except actions.CaseActionRejected as rejected:
            raise _Refused(f"{what}: {rejected.message}") from None
    return case, 1 + len(events)


def _raise(record: dict[str, Any], names: _Names) -> Case:
    partnership = names.partnership(record.get("partnership"))
    fields = _Fields(record, "the case", names)
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
            now=_instant(record.get("raised_at"), "raised_at"),
        )
    except actions.CaseActionRejected as rejected:
        raise _Refused(f"raising the case: {rejected.message}") from None


@dataclass(frozen=True)
class _Fields:
    """The named fields of one record, checked as they are read."""

    record: dict[str, Any]
    what: str
    names: _Names

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.record.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise _Refused(f"{self.what}: {name} is missing (text expected)")
        return value

    def flag(self, name: str) -> bool:
        value = self.record.get(name, False)
        if not isinstance(value, bool):
            raise _Refused(f"{self.what}: {name} must be true or false")
        return value

    def number(self, name: str, *, default: int) -> int:
        value = self.record.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Refused(f"{self.what}: {name} must be a whole number")
        return value

    def person(self, name: str) -> Person:
        return self.names.person(self.record.get(name), f"{self.what}: {name}")


Take = Callable[[Case, Person, datetime, _Fields], object]

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

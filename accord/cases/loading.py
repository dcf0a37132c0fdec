"""Loading past cases from a history file (`accord cases load FILE`): every case raised and taken
through its events by the actions themselves, in order, each as of its own instant, so a loaded
case passes exactly the checks a case made through the pages does (who may act, what the
procedure allows then, who may hold each stage) and is stored as they store it (its event log,
holders, deadlines and alert instants, notifications). Their rows are the actions' own, but
what nobody reads during the load (the events with their chain, deadlines, notifications) is
kept and written together, in batches (`deferred`, decision 31).

The file is JSON Lines (one case a line, its events in it) or a spreadsheet, CSV or XLSX (one
event a row: `accord.cases.loading_sheets`); see docs/howto/load-past-cases.md. People are named
by e-mail address, agencies by name; instants are ISO 8601 (London time when no offset is
given). The whole file is one transaction: if any case is refused, nothing is loaded and every
problem is reported as `FILE:LINE: what` (the case's own details are never repeated in it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.engine.problems import Problem
from accord.notifications.models import InAppNotification, OutboxMessage, OutboxStatus

from . import actions
from .deferred import deferring
from .loading_records import Names, Refused, load_record
from .loading_sheets import SHEET_SUFFIXES, sheet_records

MAX_PROBLEMS = 50  # reported; the rest are counted
FLUSH_EVENTS = 5000  # deferred events written together (`deferred`)

# What a reader yields for each case: the line it starts on, its record (or why it cannot be
# read), and the line of each of its events.
Source = Iterator[tuple[int, dict[str, Any] | Refused, list[int]]]


class LoadRefused(Exception):
    """Some cases cannot be loaded: nothing was."""

    def __init__(self, problems: list[Problem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        super().__init__(f"{len(problems) + more} cases cannot be loaded")


@dataclass
class LoadReport:
    """What a load wrote."""

    cases: int = 0
    events: int = 0
    references: list[str] = field(default_factory=list)
    emails_withheld: int = 0  # e-mails the history would have sent (`quietly_told`)


def load_cases(path: Path) -> LoadReport:
    """Load every case of the file at `path`, or none (raising LoadRefused)."""
    source = sheet_records(path) if path.suffix.lower() in SHEET_SUFFIXES else _json_lines(path)
    names, report = Names(), LoadReport()
    problems: list[Problem] = []
    more = 0
    flushed = 0  # events loaded when the kept rows were last written
    with transaction.atomic(), deferring() as deferred:
        for number, record, lines in source:
            kept = len(deferred.cases)  # the cases kept before this one (in order)
            try:
                if isinstance(record, Refused):
                    raise record
                with transaction.atomic():  # a refused case leaves nothing of itself behind
                    case, events = load_record(record, names, lines)
            except Refused as refused:
                problem = Problem(path.name, refused.line or number, str(refused))
            except actions.CaseActionRejected as rejected:
                problem = Problem(path.name, number, rejected.message)
            else:
                report.cases += 1
                report.events += events
                report.references.append(case.reference)
                if not problems and report.events - flushed >= FLUSH_EVENTS:
                    deferred.flush()
                    flushed = report.events
                continue
            deferred.forget(list(deferred.cases)[kept:])
            if len(problems) < MAX_PROBLEMS:
                problems.append(problem)
            else:
                more += 1
        if problems:
            transaction.set_rollback(True)
        else:
            deferred.flush()
            withheld = quietly_told(report.references, now=timezone.now())
            report.emails_withheld = deferred.emails_withheld + withheld
    if problems:
        raise LoadRefused(problems, more=more)
    return report


def quietly_told(references: Sequence[str], *, now: datetime) -> int:
    """What loaded history set off is recorded, not sent: it happened before Accord, and the
    people concerned were told then. The case's notifications stay in its record and in each
    person's list (read), and its e-mails are dropped before they leave; what falls due from
    now on (`accord tick`) is told as usual. Returns how many e-mails were dropped."""
    withheld = 0
    for start in range(0, len(references), 500):
        some = references[start : start + 500]
        InAppNotification.objects.filter(reference__in=some, read_at__isnull=True).update(
            read_at=now, awaiting_digest=False
        )
        withheld += OutboxMessage.objects.filter(
            reference__in=some, status=OutboxStatus.PENDING
        ).delete()[0]
    return withheld


def _json_lines(path: Path) -> Source:
    """One case a line; blank lines skipped."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line.strip())
            except json.JSONDecodeError as error:
                problem = f"not a JSON object ({error.msg} at column {error.colno})"
                yield number, Refused(problem), []
                continue
            if not isinstance(record, dict):
                yield number, Refused("not a JSON object"), []
                continue
            events = record.get("events")
            yield number, record, [number] * (len(events) if isinstance(events, list) else 0)

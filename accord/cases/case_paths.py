"""The value of every case path the policy format allows (`case.raised_on`,
`case.stage_history`, ...), for pre-filling forms: `case_values`, read from a `CaseReading`
(`case_reading`), each path loading only what it needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from accord.engine.london import london_date
from accord.engine.policy.schema import CASE_SOURCES

from .case_reading import (
    CaseReading,
    day_words,
    decided_by_final_process,
    panel_decision,
    stage_history,
)
from .models import Outcome, Task

if TYPE_CHECKING:
    from accord.documents.data import Value  # a type alone: the documents' data is not loaded


def _workers(reading: CaseReading) -> list[str]:
    """The raiser and everyone who has held the case: name, job title, agency, e-mail."""
    people = [reading.case.raised_by] + [h.person for h in reading.holdings]
    seen: set[int] = set()
    rows = []
    for person in people:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        agency = person.agency.name if person.agency_id and person.agency else ""
        parts = [person.full_name, person.job_title, agency, person.email]
        rows.append(", ".join(part for part in parts if part))
    return rows


def _outstanding(outcome: Outcome | None) -> str:
    if outcome is None or not outcome.outstanding_issues.strip():
        return ""
    pursuit = outcome.pursuit.strip()
    return outcome.outstanding_issues.strip() + (
        f"\nHow they will be pursued: {pursuit}" if pursuit else ""
    )


def _task_lines(tasks: Sequence[Task]) -> str:
    lines = []
    for task in tasks:
        due = f", due {day_words(task.due_on)}" if task.due_on else ""
        done = f" (done {day_words(london_date(task.completed_at))})" if task.completed_at else ""
        lines.append(f"{task.title}: {task.owner.full_name}{due}{done}")
    return "\n".join(lines)


def _referred_on(reading: CaseReading) -> str:
    found = [e.at for e in reading.events if e.payload.get("type") == "referred"]
    return london_date(found[-1]).isoformat() if found else ""


def _decided(reading: CaseReading) -> bool:
    return decided_by_final_process(reading.events)


def panel_convened(reading: CaseReading) -> str:
    """The chair's decision to convene a resolution panel: "yes", "no", or "" (not yet)."""
    if reading.panel_members:
        return "yes"
    return {True: "yes", False: "no", None: ""}[panel_decision(reading.events)]


def _stage_holders(reading: CaseReading) -> str:
    """Who holds the case at its current stage, one a line (the senior officers involved)."""
    rows = []
    for holding in reading.holdings:
        if holding.stage != reading.case.stage:
            continue
        person = holding.person
        agency = f" ({person.agency.name})" if person.agency_id and person.agency else ""
        title = f", {person.job_title}" if person.job_title else ""
        row = f"{person.full_name}{title}{agency}"
        if row not in rows:
            rows.append(row)
    return "\n".join(rows)


def _subject(reading: CaseReading, what: str) -> str:
    subject = reading.subject
    if subject is None:
        return ""
    if what == "date_of_birth":
        return subject.date_of_birth.isoformat() if subject.date_of_birth else ""
    return str(getattr(subject, what))


def _raised_on(reading: CaseReading) -> str:
    return london_date(reading.case.raised_at).isoformat()


def _agencies(reading: CaseReading) -> list[str]:
    case = reading.case
    return [
        f"{case.raising_agency.name} (raising the disagreement)",
        f"{case.receiving_agency.name} (receiving)",
    ]


def _summary(reading: CaseReading) -> str:
    case = reading.case
    return (
        f"The decision disagreed with: {case.decision_summary.strip()}\n"
        f"The outcome sought: {case.outcome_sought.strip()}"
    )


def _agreed(reading: CaseReading) -> str:
    return reading.outcome.agreed_outcome.strip() if reading.outcome else ""


def _decision(reading: CaseReading) -> str:
    return reading.outcome.agreed_outcome.strip() if reading.outcome and _decided(reading) else ""


def _held_on(reading: CaseReading) -> str:
    return london_date(reading.meeting.held_at).isoformat() if reading.meeting else ""


def _chair(reading: CaseReading) -> str:
    meeting = reading.meeting
    return meeting.chair.full_name if meeting and meeting.chair else ""


# Each case path with how its value is read: only what a path needs is loaded.
_PATHS: dict[str, Callable[[CaseReading], Value]] = {
    "case.raised_on": _raised_on,
    "case.raised_by.name": lambda reading: reading.case.raised_by.full_name,
    "case.agencies": _agencies,
    "case.summary": _summary,
    "case.stage_history": stage_history,
    "case.outcome": _agreed,
    "case.outstanding_issues": lambda reading: _outstanding(reading.outcome),
    "case.tasks": lambda reading: _task_lines(reading.tasks),
    "case.child.name": lambda reading: _subject(reading, "name"),
    "case.child.date_of_birth": lambda reading: _subject(reading, "date_of_birth"),
    "case.child.address": lambda reading: _subject(reading, "address"),
    "case.workers": _workers,
    "case.referred_on": _referred_on,
    "case.panel_convened": panel_convened,
    "case.decision": _decision,
    "case.meeting.held_on": _held_on,
    "case.meeting.chair": _chair,
    "case.stage_holders": _stage_holders,
}
assert set(_PATHS) == set(CASE_SOURCES), "every case path the policy format allows"


def case_values(reading: CaseReading, paths: Iterable[str] | None = None) -> dict[str, Value]:
    """The value of every case path (`case.raised_on`, ...) the policy format allows, or of
    those of `paths` (an unknown one is left out)."""
    wanted = _PATHS if paths is None else [p for p in dict.fromkeys(paths) if p in _PATHS]
    return {path: _PATHS[path](reading) for path in wanted}

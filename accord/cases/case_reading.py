"""A case read for its documents and forms: loaded once (`read_case`), then the value of every
case path the policy format allows (`case_values`: `case.raised_on`, `case.stage_history`, ...)
and the stages it has been at (`stage_periods`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from accord.documents.data import StagePeriod, Value
from accord.engine.london import london_date
from accord.engine.policy.model import Policy
from accord.engine.policy.schema import CASE_SOURCES
from accord.partnerships.policies import policy_of

from .models import Case, CaseEvent, Holding, Outcome, Side, Task
from .models import Subject as SubjectRow


@dataclass
class CaseReading:
    """Everything the case paths read, loaded once (a handful of queries)."""

    case: Case
    policy: Policy
    subject: SubjectRow | None
    holdings: list[Holding]
    events: list[CaseEvent]
    outcome: Outcome | None
    tasks: list[Task]


def read_case(case: Case) -> CaseReading:
    case = (
        Case.objects.select_related(
            "partnership", "policy_version", "raised_by", "raising_agency", "receiving_agency"
        )
        .filter(pk=case.pk)
        .get()
    )
    return CaseReading(
        case=case,
        policy=policy_of(case.policy_version),
        subject=SubjectRow.objects.filter(case=case).first(),
        holdings=list(
            Holding.objects.filter(case=case)
            .select_related("person", "person__agency")
            .order_by("stage", "side", "started_at", "pk")
        ),
        events=list(CaseEvent.objects.filter(case=case).order_by("sequence")),
        outcome=Outcome.objects.filter(case=case).select_related("recorded_by").last(),
        tasks=list(Task.objects.filter(case=case).select_related("owner")),
    )


def day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def stage_periods(reading: CaseReading) -> list[StagePeriod]:
    """Each stage the case has been at, from its events: when it started and ended, how it
    ended, and who held each side."""
    periods: list[dict[str, Any]] = []

    def close(at: datetime, ending: str) -> None:
        if periods and periods[-1]["ended"] is None:
            periods[-1].update(ended=at, ending=ending)

    for event in reading.events:
        payload, at = event.payload, event.at
        kind = payload.get("type")
        if kind == "raised":
            periods.append({"number": int(payload.get("stage") or 1), "started": at})
            periods[-1].update(ended=None, ending="")
        elif kind == "escalated" and periods:
            to = int(payload.get("to_stage") or periods[-1]["number"] + 1)
            reason = str(payload.get("reason") or "").strip()
            close(at, f"Escalated to stage {to}" + (f": {reason}" if reason else ""))
            periods.append({"number": to, "started": at, "ended": None, "ending": ""})
        elif kind == "resolved":
            close(at, "Resolved")
        elif kind == "referred":
            reason = str(payload.get("reason") or "").strip()
            close(at, "Referred to the partnership" + (f": {reason}" if reason else ""))
        elif kind == "withdrawn":
            reason = str(payload.get("reason") or "").strip()
            close(at, "Withdrawn" + (f": {reason}" if reason else ""))
        elif kind == "closed":
            close(at, "Closed")
    names = {stage.number: stage.name for stage in reading.policy.stages}
    result = []
    for period in periods:
        holders: dict[str, list[str]] = {Side.RAISING: [], Side.RECEIVING: []}
        for holding in reading.holdings:
            if holding.stage == period["number"]:
                name = holding.person.full_name
                if name not in holders[holding.side]:
                    holders[holding.side].append(name)
        result.append(
            StagePeriod(
                number=period["number"],
                name=names.get(period["number"], ""),
                started=period["started"],
                ended=period["ended"],
                ending=period["ending"],
                raising_holders=holders[Side.RAISING],
                receiving_holders=holders[Side.RECEIVING],
            )
        )
    return result


def stage_history(reading: CaseReading) -> str:
    """One line per stage: "Stage 1 (Practitioners), 1 June 2026 to 2 June 2026: Escalated to
    stage 2: no agreement"."""
    lines = []
    for period in stage_periods(reading):
        name = f" ({period.name})" if period.name else ""
        start = day_words(london_date(period.started))
        if period.ended is None:
            lines.append(f"Stage {period.number}{name}, from {start}: in progress")
            continue
        end = day_words(london_date(period.ended))
        lines.append(f"Stage {period.number}{name}, {start} to {end}: {period.ending}")
    return "\n".join(lines)


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


def case_values(reading: CaseReading) -> dict[str, Value]:
    """The value of every case path (`case.raised_on`, ...) the policy format allows."""
    case, subject = reading.case, reading.subject
    born = subject.date_of_birth if subject is not None else None
    values: dict[str, Value] = {
        "case.raised_on": london_date(case.raised_at).isoformat(),
        "case.raised_by.name": case.raised_by.full_name,
        "case.agencies": [
            f"{case.raising_agency.name} (raising the disagreement)",
            f"{case.receiving_agency.name} (receiving)",
        ],
        "case.summary": (
            f"The decision disagreed with: {case.decision_summary.strip()}\n"
            f"The outcome sought: {case.outcome_sought.strip()}"
        ),
        "case.stage_history": stage_history(reading),
        "case.outcome": reading.outcome.agreed_outcome.strip() if reading.outcome else "",
        "case.outstanding_issues": _outstanding(reading.outcome),
        "case.tasks": _task_lines(reading.tasks),
        "case.child.name": subject.name if subject is not None else "",
        "case.child.date_of_birth": born.isoformat() if born else "",
        "case.child.address": subject.address if subject is not None else "",
        "case.workers": _workers(reading),
    }
    assert set(values) == set(CASE_SOURCES), "every case path the policy format allows"
    return values

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
from accord.engine.outcome_words import outcome_title
from accord.engine.policy.model import Policy
from accord.engine.policy.schema import CASE_SOURCES
from accord.partnerships.policies import policy_of

from .models import Case, CaseEvent, Holding, Meeting, Outcome, PanelMember, Side, Task
from .models import Subject as SubjectRow

PANEL_DECLINED = "panel_declined"  # the event recording the chair's "no" to convening a panel


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
    meeting: Meeting | None = None  # the latest meeting held
    panel_members: int = 0


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
        meeting=Meeting.objects.filter(case=case, planned=False)
        .select_related("chair")
        .order_by("held_at")
        .last(),
        panel_members=PanelMember.objects.filter(case=case).count(),
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


def _referred_on(reading: CaseReading) -> str:
    found = [e.at for e in reading.events if e.payload.get("type") == "referred"]
    return london_date(found[-1]).isoformat() if found else ""


def _decided(reading: CaseReading) -> bool:
    return decided_by_final_process(reading.events)


def decided_by_final_process(events: Sequence[CaseEvent]) -> bool:
    """Whether the outcome was recorded by the final process (resolved after a referral)."""
    kinds = [e.kind for e in events]
    return "referred" in kinds and "resolved" in kinds[kinds.index("referred") :]


def panel_decision(events: Sequence[CaseEvent]) -> bool | None:
    """The chair's yes (True) or no (False) to convening a resolution panel; None: not yet."""
    kinds = {e.kind for e in events}
    if "panel_convened" in kinds:
        return True
    return False if PANEL_DECLINED in kinds else None


def panel_convened(reading: CaseReading) -> str:
    """The chair's decision to convene a resolution panel: "yes", "no", or "" (not yet)."""
    if reading.panel_members:
        return "yes"
    return {True: "yes", False: "no", None: ""}[panel_decision(reading.events)]


def outcome_title_of(policy: Policy, events: Sequence[CaseEvent]) -> str:
    """What the case's recorded outcome is called (`engine.outcome_words.outcome_title`): the
    agreed outcome, or the panel's or chair's decision."""
    return outcome_title(
        policy, decided=decided_by_final_process(events), panel_convened=panel_decision(events)
    )


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
        "case.referred_on": _referred_on(reading),
        "case.panel_convened": panel_convened(reading),
        "case.decision": (
            reading.outcome.agreed_outcome.strip() if reading.outcome and _decided(reading) else ""
        ),
        "case.meeting.held_on": (
            london_date(reading.meeting.held_at).isoformat() if reading.meeting else ""
        ),
        "case.meeting.chair": (
            reading.meeting.chair.full_name if reading.meeting and reading.meeting.chair else ""
        ),
        "case.stage_holders": _stage_holders(reading),
    }
    assert set(values) == set(CASE_SOURCES), "every case path the policy format allows"
    return values

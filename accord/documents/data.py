"""The plain data each document is rendered from (gathered by the cases layer or the web pages),
and how a form field's stored value reads on paper."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

type Value = str | list[str]


@dataclass(frozen=True)
class Provenance:
    """Who produced a document and when, and the case's event log at that moment: its head (the
    last event's sequence and hash), so a printed copy can be checked against the audit trail,
    and where the log no longer verified (none: it did)."""

    reference: str
    partnership: str
    produced_by: str
    produced_at: datetime
    event_sequence: int  # the last event's sequence (0 when the case has none)
    event_hash: str
    log_breaks: tuple[str, ...] = ()  # "Event 3: ..." where the log no longer verifies


@dataclass(frozen=True)
class FieldValue:
    label: str
    type: str
    value: Value

    @property
    def shown(self) -> Value:
        return shown_value(self.type, self.value)

    @property
    def is_list(self) -> bool:
        return isinstance(self.shown, list)


@dataclass(frozen=True)
class FormDocument:
    """One version of a form record."""

    title: str
    policy: str
    status: str  # "Draft" | "Submitted"
    version: int
    trigger: str  # when the record was made, in words
    recipients: list[str]
    fields: list[FieldValue]
    provenance: Provenance
    submitted_by: str = ""
    submitted_at: datetime | None = None
    replaces_version: int | None = None
    correction_reason: str = ""
    replaced_by_version: int | None = None

    @property
    def is_draft(self) -> bool:
        return self.status != "Submitted"


@dataclass(frozen=True)
class StagePeriod:
    number: int
    name: str
    started: datetime
    ended: datetime | None
    ending: str  # how it ended ("escalated to stage 2: no agreement"), or "" while it runs
    raising_holders: list[str] = field(default_factory=list)
    receiving_holders: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DeadlineRow:
    label: str
    due: str
    done: str
    status: str
    missed: bool


@dataclass(frozen=True)
class TimelineRow:
    at: datetime
    summary: str
    by: str


@dataclass(frozen=True)
class OutcomeRow:
    stage: int
    agreed_outcome: str
    outstanding_issues: str
    pursuit: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class TaskRow:
    title: str
    owner: str
    due_on: date | None
    completed_at: datetime | None


@dataclass(frozen=True)
class SignOffRow:
    side: str
    person: str
    signed_at: datetime


@dataclass(frozen=True)
class CaseFacts:
    """What every case document opens with (never the child's details)."""

    reference: str
    partnership: str
    policy: str
    status: str
    stage: str
    urgent: bool
    raised_on: date
    raised_by: str
    raising_agency: str
    receiving_agency: str
    theme: str


@dataclass(frozen=True)
class CaseSummary:
    """A case for an agency's file: the timeline, stages, deadlines met or missed, the outcome,
    outstanding issues, tasks and sign-offs."""

    facts: CaseFacts
    stages: list[StagePeriod]
    deadlines: list[DeadlineRow]
    timeline: list[TimelineRow]
    outcome: OutcomeRow | None
    tasks: list[TaskRow]
    sign_offs: list[SignOffRow]
    provenance: Provenance


@dataclass(frozen=True)
class OutcomeConfirmation:
    """The written confirmation of the agreed outcome, and of how outstanding issues will be
    pursued, for both parties."""

    facts: CaseFacts
    nature: str
    stages: list[StagePeriod]
    outcome: OutcomeRow
    sign_offs: list[SignOffRow]
    sign_off_needed: bool
    provenance: Provenance
    outcome_title: str = "Agreed outcome"  # or the panel's or chair's decision
    decided: bool = False  # recorded by the final process, not agreed at a stage


YES_NO = {"yes": "Yes", "no": "No"}


def shown_value(kind: str, value: Value) -> Value:
    """A stored value as a person reads it: dates as "1 June 2026", yes/no in words, lists as
    their items (and text as it is)."""
    if isinstance(value, list):
        return [str(item) for item in value if str(item).strip()]
    text = str(value or "")
    if kind == "list":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "date" and text:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return text
        return f"{day.day} {day:%B %Y}"
    if kind == "yesno":
        return YES_NO.get(text, text)
    return text

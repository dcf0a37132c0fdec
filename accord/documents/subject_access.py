"""What a subject access export holds (UK GDPR article 15): every case Accord keeps about one
child or adult, each with its summary, its subject's details, every event with what was written in
it, every version of every form record, who was told what, and the case's access log. Rendered as
one tagged PDF (`documents/subject_access.html`) and as JSON (`as_json`), from the same data."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from .data import CaseSummary, FormDocument


@dataclass(frozen=True)
class SubjectDetails:
    kind: str  # "A child", "An adult", ...
    name: str
    date_of_birth: date | None
    address: str


@dataclass(frozen=True)
class EventEntry:
    sequence: int
    at: datetime
    kind: str
    summary: str
    by: str
    written: list[tuple[str, str]] = field(default_factory=list)  # (what, text) people wrote


@dataclass(frozen=True)
class NoticeEntry:
    due_at: datetime
    summary: str
    told: str  # the roles told, in words


@dataclass(frozen=True)
class AccessEntry:
    at: datetime
    person: str
    action: str


@dataclass(frozen=True)
class SubjectCase:
    """One case: `confirmed` unless it was found by the name alone (no date of birth kept)."""

    summary: CaseSummary
    subject: SubjectDetails
    decision_summary: str
    outcome_sought: str
    confirmed: bool
    events: list[EventEntry]
    forms: list[FormDocument]
    notices: list[NoticeEntry]
    access: list[AccessEntry]
    payloads: list[dict[str, Any]]  # each event as stored (the JSON only)

    @property
    def reference(self) -> str:
        return self.summary.facts.reference


@dataclass(frozen=True)
class SubjectAccessExport:
    reference: str  # SAR-2026-00007
    partnership: str
    requested_by: str
    requested_at: datetime
    produced_by: str
    produced_at: datetime
    cases: list[SubjectCase]


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def as_json(export: SubjectAccessExport) -> bytes:
    """The export as UTF-8 JSON, indented for a person to read."""
    return json.dumps(asdict(export), default=_plain, ensure_ascii=False, indent=2).encode()

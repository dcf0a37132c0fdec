"""What can happen to a case, as frozen dataclasses the lifecycle replays in time order.

These are the engine's events, the same ones `accord policy simulate` reads from JSON
(`accord.engine.events_json` converts). Every instant is timezone-aware (Europe/London when read
from a plain date: 09:00 that day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Raised(Event):
    """The case is raised at `stage` (above 1 only when urgent and the policy allows)."""

    stage: int = 1
    urgent: bool = False
    reason: str = ""  # why it starts above stage 1
    facts: dict[str, bool] = field(default_factory=dict)
    concern_on: date | None = None  # when the concern was identified (4.4)
    subject: str | None = None  # one of the policy's subjects (4.9); None means the first
    raising_agency: str | None = None  # agency kinds (4.6)
    receiving_agency: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StepDone(Event):
    step: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Responded(Event):
    """The receiving side has responded at the current stage."""

    position: str = "disagree"  # agree | propose | disagree


@dataclass(frozen=True, slots=True, kw_only=True)
class Escalated(Event):
    to_stage: int | None = None  # None: the next stage
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved(Event):
    """An outcome is agreed at the current stage, or decided at the top-level process."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignedOff(Event):
    party: str  # raising | receiving


@dataclass(frozen=True, slots=True, kw_only=True)
class Referred(Event):
    """Unresolved at the top stage: referred to the partnership's final process."""

    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Closed(Event):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdrawn(Event):
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FactSet(Event):
    fact: str
    value: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineSet(Event):
    """Bring a deadline forward, or set an agreed one (4.2).

    `due` is a date, or a datetime for an hours deadline.
    """

    deadline: str
    due: date | datetime
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TakenOver(Event):
    """The next level of `side` takes the case over for that side at the current stage, after
    the side's deadline passed unanswered and they were told (`[non_response]
    alert_next_level`)."""

    side: str  # raising | receiving
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Advised(Event):
    """One of the current stage's advisers (policy format 4.5) records advice on the case."""

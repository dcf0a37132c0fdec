"""What a replayed case looks like as of an instant: status, deadlines, notifications, alerts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from accord.engine.deadlines import DeadlineStatus, Due
from accord.engine.lifecycle import Status
from accord.engine.policy.model import Duration, Unit


class DeadlineKind(StrEnum):
    RAISE = "raise"  # `[raising] due`: from the concern being identified to the case being raised
    STAGE = "stage"  # `stage:<n>`
    STEP = "step"  # `stage:<n>/step:<id>`
    BUDGET = "budget"  # `budget:<id>`, shared by several stages


@dataclass(frozen=True, slots=True)
class Deadline:
    """One clock of the case. `start` is its anchor (the `from` of `simulate`)."""

    id: str
    label: str
    kind: DeadlineKind
    stage: int | None  # the stage it belongs to; None for `raise` and budgets
    unit: Unit
    start: datetime
    due: Due | None  # None for `none`, and for `agreed` until the parties set a date
    done: datetime | None
    status: DeadlineStatus
    reason: str = ""  # why `due` was last set by a `deadline_set` event
    dropped_at: datetime | None = None
    created: datetime | None = None  # when the clock began running (no alert falls before)
    due_since: datetime | None = None  # when a `deadline_set` event last set `due`
    nudge_every: Duration | None = None  # how often holders are reminded while there is no due
    nudge_limit: int | None = None  # how many reminders before their line managers are told


@dataclass(frozen=True, slots=True)
class Notification:
    """Someone to tell: `trigger` as `simulate` reports it (for example `stage:2/entered`).

    `to` holds role keys and the side recipients of section 4.5 (`raiser`, `raising_holder`, ...)
    as the policy names them; the application resolves them to people.
    """

    at: datetime
    trigger: str
    to: tuple[str, ...]
    form: str | None = None


class AlertKind(StrEnum):
    """Accord's own alerts, beside the policy's `notify` rules (docs/policy-format.md)."""

    DUE_SOON = "due_soon"  # 09:00 the working day before a dated deadline
    PASSED = "passed"  # a dated deadline has passed, not done
    NON_RESPONSE = "non_response"  # `[non_response] grace` after a stage or step deadline
    NUDGE = "nudge"  # a reminder while a deadline has no date
    RAISED = "raised"  # the holders hear of a case raised to them, at once
    ESCALATED = "escalated"  # the new holders and the raiser hear the case reached their stage
    MOVED_ON = "moved_on"  # the holders of the stage it left hear the case has moved on
    RESPONDED = "responded"  # the raising holder hears the receiving side's response
    RESOLUTION = "resolution"  # the holders hear that an outcome was recorded
    SIGNED_OFF = "signed_off"  # the other party's holder hears of a sign-off
    NUDGES_STOPPED = "nudges_stopped"  # after the last reminder: the holders' line managers hear
    RAISED_URGENT = "raised_urgent"
    REFERRED = "referred"
    OUTCOME = "outcome"  # the raiser hears how the case was resolved
    CLOSED = "closed"  # the raiser hears that the case was closed
    TAKEN_OVER = "taken_over"  # the next level took a side over: the raiser and the sides hear
    ADVISED = "advised"  # an adviser recorded advice: the holders hear


_CASE_TRIGGERS = {AlertKind.RAISED_URGENT: "raised/urgent"}
# Told of an action as it is taken (not timed): the person who took it is not told of it.
ACTION_ALERTS = frozenset(
    {
        AlertKind.RAISED,
        AlertKind.ESCALATED,
        AlertKind.MOVED_ON,
        AlertKind.RESPONDED,
        AlertKind.RESOLUTION,
        AlertKind.SIGNED_OFF,
        AlertKind.RAISED_URGENT,
        AlertKind.REFERRED,
        AlertKind.OUTCOME,
        AlertKind.CLOSED,
        AlertKind.TAKEN_OVER,
        AlertKind.ADVISED,
    }
)


@dataclass(frozen=True, slots=True)
class Alert:
    """One of Accord's own alerts: what, about which deadline or stage (`stage:<n>`; None: the
    case), and whom to tell, as role keys and side recipients like `Notification.to`."""

    at: datetime
    kind: AlertKind
    about: str | None
    to: tuple[str, ...]

    @property
    def trigger(self) -> str:
        """As `simulate` reports it: `<deadline id>/<kind>`, `stage:<n>/<kind>`, or
        `raised/urgent`, `referred`..."""
        if self.about is None:
            return _CASE_TRIGGERS.get(self.kind, str(self.kind))
        return f"{self.about}/{self.kind}"


@dataclass(frozen=True, slots=True)
class StageVisit:
    """A stage the case was at: when and why it entered, and when and how it left."""

    stage: int
    entered_at: datetime
    reason: str = ""  # given on raising above stage 1 or on escalating (recorded, not required)
    left_at: datetime | None = None
    left_by: str | None = None  # escalated | resolved | referred | withdrawn


@dataclass(frozen=True, slots=True)
class Response:
    stage: int
    position: str  # agree | propose | disagree
    at: datetime


@dataclass(frozen=True, slots=True)
class CaseState:
    """A case replayed from its events, as of `as_of`.

    `status` is that of the lifecycle; `withdrawn` is also true for a case withdrawn after its
    resolution, whose status stays `resolved` (see `lifecycle.TRANSITIONS`).
    """

    status: Status
    stage: int | None
    urgent: bool
    facts: Mapping[str, bool]
    subject: str | None
    raising_agency: str | None
    receiving_agency: str | None
    raised_at: datetime | None
    concern_on: date | None
    steps_done: Mapping[str, datetime]  # steps done at the current stage
    signed_off: frozenset[str]  # parties: raising, receiving
    withdrawn: bool
    final_process: str | None  # the partnership's final process, once referred
    decided_by_final_process: bool  # resolved by the final process rather than at a stage
    deadlines: tuple[Deadline, ...]
    notifications: tuple[Notification, ...]  # the firings of the policy's `notify` rules
    alerts: tuple[Alert, ...]  # Accord's own
    visits: tuple[StageVisit, ...]
    responses: tuple[Response, ...]
    as_of: datetime
    calendar_revision: str
    # (stage, side): a side whose deadline at that stage passed unanswered, its next level told
    unanswered: frozenset[tuple[int, str]] = frozenset()
    taken_over: frozenset[tuple[int, str]] = frozenset()  # (stage, side) taken over by it

    def deadline(self, deadline_id: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.id == deadline_id), None)

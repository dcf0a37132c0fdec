"""A case in the middle of its replay: what each event does to its stage, clocks, notifications
and alerts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from accord.engine.calendar import Calendar
from accord.engine.case_state import (
    Alert,
    AlertKind,
    CaseState,
    DeadlineKind,
    Notification,
    Response,
    StageVisit,
)
from accord.engine.clocks import Clock
from accord.engine.deadlines import DEFAULT_NUDGE, due_from
from accord.engine.events import (
    Closed,
    DeadlineSet,
    Escalated,
    Event,
    FactSet,
    Raised,
    Referred,
    Resolved,
    Responded,
    SignedOff,
    StepDone,
    Withdrawn,
)
from accord.engine.lifecycle import Status, check_event, status_after
from accord.engine.london import morning_of
from accord.engine.notices import Parties, stage_notices, told, waiting_side
from accord.engine.policy.model import (
    CASE_RAISED,
    CONCERN_IDENTIFIED,
    STAGE_START,
    Duration,
    Policy,
    Unit,
    choose,
)

RAISE_LABEL = "Raise the case"


class Progress:
    """The lifecycle's view of a case being replayed (a `lifecycle.CaseView`), and its clocks."""

    def __init__(self, policy: Policy, calendar: Calendar, fixed_dues: Mapping[str, date]) -> None:
        self.policy, self.calendar, self.fixed_dues = policy, calendar, fixed_dues
        self.status = Status.NOT_RAISED
        self.stage: int | None = None
        self.urgent = False
        self.withdrawn = False
        self.facts: dict[str, bool] = {}
        self.subject: str | None = None
        self.raising_agency: str | None = None
        self.receiving_agency: str | None = None
        self.raised_at: datetime | None = None
        self.concern_on: date | None = None
        self.steps_done: dict[str, datetime] = {}
        self.signed_off: frozenset[str] = frozenset()
        self.final_process: str | None = None
        self.decided_by_final_process = False
        self.deadlines: list[Clock] = []
        self.by_id: dict[str, Clock] = {}
        self.notifications: list[Notification] = []
        self.alerts: list[Alert] = []
        self.visits: list[StageVisit] = []
        self.responses: list[Response] = []
        self._handlers: dict[type[Event], Callable[[Any], None]] = {
            Raised: self._raised,
            StepDone: self._step_done,
            Responded: self._responded,
            Escalated: self._escalated,
            Resolved: self._resolved,
            SignedOff: self._signed_off,
            Referred: self._referred,
            Closed: lambda event: self.alert(AlertKind.CLOSED, event.at),
            Withdrawn: self._withdrawn,
            FactSet: self._fact_set,
            DeadlineSet: self._deadline_set,
        }

    def deadline(self, deadline_id: str) -> Clock | None:
        return self.by_id.get(deadline_id)

    def tell(self, *notices: Notification) -> None:
        self.notifications.extend(notices)

    def alert(
        self, kind: AlertKind, at: datetime, *, about: str | None = None, stage: int | None = None
    ) -> None:
        """Raise one of Accord's own alerts, for whoever `notices.told` says (if anyone)."""
        stage = stage or self.stage or 1
        parties = Parties(
            self.raising_agency, self.receiving_agency, waiting_side(self.stage, self.responses)
        )
        to = told(self.policy, kind, stage=stage, parties=parties)
        if to:
            self.alerts.append(Alert(at, kind, about, to))

    def apply(self, event: Event, index: int) -> None:
        """Check `event` against the lifecycle (EventRejected if refused), then apply it."""
        transition = check_event(self.policy, self, event, index)
        self._handlers[type(event)](event)
        self.status = status_after(transition, self, self.policy)
        if transition.ends:
            self.withdrawn = True

    def snapshot(self, as_of: datetime) -> CaseState:
        clocks = sorted(self.deadlines, key=lambda c: c.order)
        return CaseState(
            status=self.status,
            stage=self.stage,
            urgent=self.urgent,
            facts=dict(self.facts),
            subject=self.subject,
            raising_agency=self.raising_agency,
            receiving_agency=self.receiving_agency,
            raised_at=self.raised_at,
            concern_on=self.concern_on,
            steps_done=dict(self.steps_done),
            signed_off=self.signed_off,
            withdrawn=self.withdrawn,
            final_process=self.final_process,
            decided_by_final_process=self.decided_by_final_process,
            deadlines=tuple(c.frozen(as_of) for c in clocks),
            notifications=tuple(sorted(self.notifications, key=lambda n: n.at)),
            alerts=tuple(sorted(self.alerts, key=lambda a: a.at)),
            visits=tuple(self.visits),
            responses=tuple(self.responses),
            as_of=as_of,
            calendar_revision=self.calendar.revision,
        )

    # The events, each already allowed by the lifecycle.

    def _raised(self, event: Raised) -> None:
        policy = self.policy
        self.raised_at, self.urgent, self.concern_on = event.at, event.urgent, event.concern_on
        self.facts.update(event.facts)
        self.subject = event.subject or policy.subjects[0]
        self.raising_agency, self.receiving_agency = event.raising_agency, event.receiving_agency
        if policy.raising_due:
            duration = choose(policy.raising_due, self.facts)
            anchor = self._anchor(duration.anchor, event.at) or event.at
            clock = self._start(
                "raise",
                RAISE_LABEL,
                DeadlineKind.RAISE,
                None,
                duration,
                anchor,
                event.at,
                (0, 0, 0),
            )
            clock.finish(event.at)
        self._enter(event.stage, event.at, event.reason)
        if event.urgent:
            self.alert(AlertKind.RAISED_URGENT, event.at)

    def _step_done(self, event: StepDone) -> None:
        self.steps_done[event.step] = event.at
        self.by_id[self._step_id(event.step)].finish(event.at)
        self._start_stage_clocks(event.at)

    def _responded(self, event: Responded) -> None:
        assert self.stage is not None
        self.responses.append(Response(self.stage, event.position, event.at))

    def _escalated(self, event: Escalated) -> None:
        assert self.stage is not None
        target = event.to_stage or self.stage + 1
        self.tell(*stage_notices(self.policy.stage(self.stage), "escalating", event.at, self.facts))
        self._leave(event.at, "escalated", beyond=target)
        self._enter(target, event.at, event.reason)

    def _resolved(self, event: Resolved) -> None:
        notices = []
        if self.status is Status.REFERRED:
            self.decided_by_final_process = True
        else:
            assert self.stage is not None
            self._leave(event.at, "resolved")
            stage = self.policy.stage(self.stage)
            notices = stage_notices(stage, "resolved", event.at, self.facts)
            self.tell(*notices)
        if not any("raiser" in n.to for n in notices):  # unless a rule already tells the raiser
            self.alert(AlertKind.OUTCOME, event.at)

    def _signed_off(self, event: SignedOff) -> None:
        self.signed_off = self.signed_off | {event.party}

    def _referred(self, event: Referred) -> None:
        self._leave(event.at, "referred")
        self.final_process = self.policy.resolution.final
        self.alert(AlertKind.REFERRED, event.at)

    def _withdrawn(self, event: Withdrawn) -> None:
        if self.status is not Status.OPEN:
            return  # nothing is running once a case is resolved or referred
        for clock in self.deadlines:
            if clock.running:
                clock.drop(event.at)
        self._close_visit(event.at, "withdrawn")

    def _fact_set(self, event: FactSet) -> None:
        self.facts[event.fact] = event.value

    def _deadline_set(self, event: DeadlineSet) -> None:
        self.by_id[event.deadline].set_due(event.due, event.at, event.reason)

    # Stages and their clocks.

    def _enter(self, number: int, at: datetime, reason: str) -> None:
        self.stage, self.steps_done = number, {}
        self.visits.append(StageVisit(number, at, reason))
        self._start_stage_clocks(at)
        for index, budget in enumerate(self.policy.budgets):
            key = f"budget:{budget.id}"
            if number in budget.stages and key not in self.by_id:
                duration = Duration(budget.unit, budget.within)
                self._start(
                    key,
                    budget.name,
                    DeadlineKind.BUDGET,
                    None,
                    duration,
                    at,
                    at,
                    (number, 2, index),
                )
        self.tell(*stage_notices(self.policy.stage(number), "entered", at, self.facts))

    def _leave(self, at: datetime, how: str, beyond: int | None = None) -> None:
        """Leave the current stage: its deadline is done, its unfinished steps dropped, and the
        budgets that do not reach stage `beyond` (all, when None) done."""
        prefix = f"stage:{self.stage}"
        for clock in self.deadlines:
            if not clock.running:
                continue
            if clock.id == prefix:
                clock.finish(at)
            elif clock.kind is DeadlineKind.STEP and clock.id.startswith(prefix + "/"):
                clock.drop(at)
            elif clock.kind is DeadlineKind.BUDGET:
                budget = next(b for b in self.policy.budgets if f"budget:{b.id}" == clock.id)
                if beyond is None or max(budget.stages) < beyond:
                    clock.finish(at)
        self._close_visit(at, how)

    def _close_visit(self, at: datetime, how: str) -> None:
        visit = self.visits[-1]
        self.visits[-1] = StageVisit(visit.stage, visit.entered_at, visit.reason, at, how)

    def _start_stage_clocks(self, now: datetime) -> None:
        """Start the current stage's clocks not yet started whose anchor has happened: the stage's
        own, then its steps (a step anchored on another starts when that one is done)."""
        assert self.stage is not None
        number, stage, policy = self.stage, self.policy.stage(self.stage), self.policy
        key = f"stage:{number}"
        anchor: datetime | None
        if key not in self.by_id:
            urgent_due = policy.immediate_risk.urgent_due
            if self.urgent and urgent_due is not None:
                duration, anchor = urgent_due, self._stage_start()
            else:
                duration = choose(stage.due, self.facts)
                anchor = self._anchor(duration.anchor, self._stage_start())
            if anchor is not None:
                self._start(
                    key,
                    f"Stage {number}: {stage.name}",
                    DeadlineKind.STAGE,
                    number,
                    duration,
                    anchor,
                    now,
                    (number, 0, 0),
                )
        for index, step in enumerate(stage.steps):
            key = self._step_id(step.id)
            if key in self.by_id:
                continue
            duration = choose(step.due, self.facts)
            anchor = self._anchor(duration.anchor, self._stage_start())
            if anchor is not None:
                self._start(
                    key,
                    step.name,
                    DeadlineKind.STEP,
                    number,
                    duration,
                    anchor,
                    now,
                    (number, 1, index),
                )

    def _stage_start(self) -> datetime:
        return self.visits[-1].entered_at

    def _step_id(self, step: str) -> str:
        return f"stage:{self.stage}/step:{step}"

    def _anchor(self, anchor: str, stage_start: datetime) -> datetime | None:
        """The instant a duration counts from; None while its anchor step is not done."""
        if anchor == STAGE_START:
            return stage_start
        if anchor == CASE_RAISED:
            return self.raised_at
        if anchor == CONCERN_IDENTIFIED:
            return morning_of(self.concern_on) if self.concern_on else self.raised_at
        return self.steps_done.get(anchor.removeprefix("step:"))

    def _start(
        self,
        key: str,
        label: str,
        kind: DeadlineKind,
        stage: int | None,
        duration: Duration,
        anchor: datetime,
        now: datetime,
        order: tuple[int, int, int],
    ) -> Clock:
        # A stored due replaces a computed one; `none` and `agreed` compute none to replace (their
        # dates come from `deadline_set` events, which are replayed).
        due = (
            self.fixed_dues[key]
            if key in self.fixed_dues and duration.has_due_date
            else due_from(duration, anchor, self.calendar)
        )
        reminders = duration.unit in (Unit.NONE, Unit.AGREED)
        clock = Clock(
            id=key,
            label=label,
            kind=kind,
            stage=stage,
            unit=duration.unit,
            start=anchor,
            due=due,
            created=now,
            order=order,
            nudge_every=(duration.nudge_every or DEFAULT_NUDGE) if reminders else None,
        )
        self.deadlines.append(clock)
        self.by_id[key] = clock
        return clock

"""A case in the middle of its replay: what each event does to its stage, notifications and alerts
(its clocks start in `stage_clocks`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from accord.engine import events as ev
from accord.engine.calendar import Calendar
from accord.engine.case_state import (
    Alert,
    AlertKind,
    CaseState,
    Notification,
    Response,
    StageVisit,
)
from accord.engine.clocks import Clock
from accord.engine.lifecycle import Status, check_event, event_type, status_after
from accord.engine.notices import Parties, stage_notices, told, waiting_side
from accord.engine.policy.model import Policy
from accord.engine.stage_clocks import Anchors, CaseClocks, step_id


class Progress:
    """The lifecycle's view of a case being replayed (a `lifecycle.CaseView`), and its clocks."""

    def __init__(self, policy: Policy, calendar: Calendar, fixed_dues: Mapping[str, date]) -> None:
        self.policy, self.calendar = policy, calendar
        self.clocks = CaseClocks(policy, calendar, fixed_dues)
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
        self.notifications: list[Notification] = []
        self.alerts: list[Alert] = []
        self.visits: list[StageVisit] = []
        self.responses: list[Response] = []
        self.unanswered: set[tuple[int, str]] = set()  # (stage, side): its next level was told
        self.taken_over: set[tuple[int, str]] = set()

    @property
    def deadlines(self) -> Sequence[Clock]:
        return self.clocks.all

    def deadline(self, deadline_id: str) -> Clock | None:
        return self.clocks.get(deadline_id)

    def tell(self, *notices: Notification) -> None:
        self.notifications.extend(notices)

    def alert(
        self,
        kind: AlertKind,
        at: datetime,
        *,
        about: str | None = None,
        stage: int | None = None,
        acting: str | None = None,
    ) -> None:
        """Raise one of Accord's own alerts, for whoever `notices.told` says (if anyone);
        `acting` is the side that took the action it tells of, where that matters."""
        stage = stage or self.stage or 1
        waiting = waiting_side(self.stage, self.responses)
        parties = Parties(self.raising_agency, self.receiving_agency, waiting, acting)
        to = told(self.policy, kind, stage=stage, parties=parties)
        if to:
            self.alerts.append(Alert(at, kind, about, to))
        if kind is AlertKind.NON_RESPONSE and stage == self.stage and stage < self.policy.top_stage:
            self.unanswered.add((stage, waiting))  # its next level may now take it over

    def apply(self, event: ev.Event, index: int) -> None:
        """Check `event` against the lifecycle (EventRejected if refused), then apply it."""
        transition = check_event(self.policy, self, event, index)
        getattr(self, f"_{event_type(event)}")(event)  # each handler is named after its event
        self.status = status_after(transition, self, self.policy)
        if transition.ends:
            self.withdrawn = True

    def snapshot(self, as_of: datetime) -> CaseState:
        clocks = sorted(self.clocks.all, key=lambda c: c.order)
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
            unanswered=frozenset(self.unanswered),
            taken_over=frozenset(self.taken_over),
        )

    # The events, each already allowed by the lifecycle.

    def _raised(self, event: ev.Raised) -> None:
        self.raised_at, self.urgent, self.concern_on = event.at, event.urgent, event.concern_on
        self.facts.update(event.facts)
        self.subject = event.subject or self.policy.subjects[0]
        self.raising_agency, self.receiving_agency = event.raising_agency, event.receiving_agency
        anchors = Anchors(event.at, event.at, event.concern_on, self.steps_done)
        self.clocks.start_raising(self.facts, anchors, event.at)
        self._enter(event.stage, event.at, event.reason)
        if event.urgent:  # the holders hear it once, as urgent, with whoever else must act now
            self.alert(AlertKind.RAISED_URGENT, event.at)
        else:
            self.alert(AlertKind.RAISED, event.at, about=f"stage:{event.stage}", stage=event.stage)

    def _step_done(self, event: ev.StepDone) -> None:
        assert self.stage is not None
        self.steps_done[event.step] = event.at
        self.clocks.by_id[step_id(self.stage, event.step)].finish(event.at)
        self._start_stage_clocks(event.at)

    def _responded(self, event: ev.Responded) -> None:
        assert self.stage is not None
        self.responses.append(Response(self.stage, event.position, event.at))
        self.alert(AlertKind.RESPONDED, event.at, about=f"stage:{self.stage}")

    def _escalated(self, event: ev.Escalated) -> None:
        assert self.stage is not None
        target = event.to_stage or self.stage + 1
        left = self.stage
        self.tell(*stage_notices(self.policy.stage(left), "escalating", event.at, self.facts))
        self.alert(AlertKind.MOVED_ON, event.at, about=f"stage:{left}", stage=left)
        self._leave(event.at, "escalated", beyond=target)
        self._enter(target, event.at, event.reason)
        self.alert(AlertKind.ESCALATED, event.at, about=f"stage:{target}", stage=target)

    def _resolved(self, event: ev.Resolved) -> None:
        """At a stage, or by the final process of a case referred from the top stage: either
        way the case is resolved from that stage, so its `resolved` rules fire (the records
        a procedure asks for on resolution, Appendix A or 14.10, follow a panel's decision too)."""
        assert self.stage is not None
        if self.status is Status.REFERRED:
            self.decided_by_final_process = True
            self.alert(AlertKind.RESOLUTION, event.at)
        else:
            self.alert(AlertKind.RESOLUTION, event.at, about=f"stage:{self.stage}")
            self._leave(event.at, "resolved")
        stage = self.policy.stage(self.stage)
        notices = stage_notices(stage, "resolved", event.at, self.facts)
        self.tell(*notices)
        if not any("raiser" in n.to for n in notices):  # unless a rule already tells the raiser
            self.alert(AlertKind.OUTCOME, event.at)

    def _signed_off(self, event: ev.SignedOff) -> None:
        self.signed_off = self.signed_off | {event.party}
        self.alert(AlertKind.SIGNED_OFF, event.at, acting=event.party)

    def _referred(self, event: ev.Referred) -> None:
        self._leave(event.at, "referred")
        self.final_process = self.policy.resolution.final
        self.alert(AlertKind.REFERRED, event.at)

    def _closed(self, event: ev.Closed) -> None:
        self.alert(AlertKind.CLOSED, event.at)

    def _withdrawn(self, event: ev.Withdrawn) -> None:
        if self.status is not Status.OPEN:
            return  # nothing is running once a case is resolved or referred
        self.clocks.drop_running(event.at)
        self._close_visit(event.at, "withdrawn")

    def _fact_set(self, event: ev.FactSet) -> None:
        self.facts[event.fact] = event.value

    def _deadline_set(self, event: ev.DeadlineSet) -> None:
        self.clocks.by_id[event.deadline].set_due(event.due, event.at, event.reason)

    def _taken_over(self, event: ev.TakenOver) -> None:
        assert self.stage is not None
        self.taken_over.add((self.stage, event.side))
        self.alert(AlertKind.TAKEN_OVER, event.at, about=f"stage:{self.stage}", acting=event.side)

    def _advised(self, event: ev.Advised) -> None:
        self.alert(AlertKind.ADVISED, event.at, about=f"stage:{self.stage}")

    # Stages.

    def _enter(self, number: int, at: datetime, reason: str) -> None:
        self.stage, self.steps_done = number, {}
        self.visits.append(StageVisit(number, at, reason))
        self._start_stage_clocks(at)
        self.clocks.start_budgets(number, at)
        self.tell(*stage_notices(self.policy.stage(number), "entered", at, self.facts))

    def _leave(self, at: datetime, how: str, beyond: int | None = None) -> None:
        """Leave the current stage: its clocks end (`CaseClocks.leave_stage`), its visit closes."""
        assert self.stage is not None
        self.clocks.leave_stage(self.stage, at, beyond)
        self._close_visit(at, how)

    def _close_visit(self, at: datetime, how: str) -> None:
        visit = self.visits[-1]
        self.visits[-1] = StageVisit(visit.stage, visit.entered_at, visit.reason, at, how)

    def _start_stage_clocks(self, now: datetime) -> None:
        assert self.stage is not None
        anchors = Anchors(
            self.visits[-1].entered_at, self.raised_at, self.concern_on, self.steps_done
        )
        self.clocks.start_stage(
            self.stage, urgent=self.urgent, facts=self.facts, anchors=anchors, now=now
        )

"""The clocks a case runs while it is replayed, and when each starts: the raising's, each stage's
own and its steps' (as their anchors happen), and the budgets'. A due is computed once, when its
clock starts, unless the application stored one (`fixed_dues`).

Each clock has a label, stored with it in English as the record (the sweep's notifications name
it); `clock_label` says it in the reader's language for a page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from accord.engine.calendar import Calendar
from accord.engine.case_state import DeadlineKind
from accord.engine.clocks import Clock
from accord.engine.deadlines import DEFAULT_NUDGE, DEFAULT_NUDGE_LIMIT, due_from
from accord.engine.london import morning_of
from accord.engine.policy.model import (
    CASE_RAISED,
    CONCERN_IDENTIFIED,
    STAGE_START,
    Duration,
    Policy,
    Unit,
    choose,
)
from accord.engine.policy.texts import policy_text
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop, language

RAISE_LABEL = gettext_noop("Raise the case")
STAGE_LABEL = gettext_noop("Stage %(number)s: %(name)s")


def step_id(stage: int, step: str) -> str:
    return f"stage:{stage}/step:{step}"


@dataclass(frozen=True, slots=True)
class Anchors:
    """The instants a duration may count from, as the case stands."""

    stage_start: datetime
    raised_at: datetime | None
    concern_on: date | None
    steps_done: Mapping[str, datetime]

    def at(self, anchor: str) -> datetime | None:
        """The instant a duration counts from; None while its anchor step is not done."""
        if anchor == STAGE_START:
            return self.stage_start
        if anchor == CASE_RAISED:
            return self.raised_at
        if anchor == CONCERN_IDENTIFIED:
            return morning_of(self.concern_on) if self.concern_on else self.raised_at
        return self.steps_done.get(anchor.removeprefix("step:"))


class CaseClocks:
    """Every clock a case has started, in the order they started."""

    def __init__(self, policy: Policy, calendar: Calendar, fixed_dues: Mapping[str, date]) -> None:
        self.policy, self.calendar, self.fixed_dues = policy, calendar, fixed_dues
        self.all: list[Clock] = []
        self.by_id: dict[str, Clock] = {}

    def get(self, deadline_id: str) -> Clock | None:
        return self.by_id.get(deadline_id)

    def start_raising(self, facts: Mapping[str, bool], anchors: Anchors, at: datetime) -> None:
        """The raising's own deadline (when the policy sets one), met as the case is raised."""
        if not self.policy.raising_due:
            return
        duration = choose(self.policy.raising_due, facts)
        anchor = anchors.at(duration.anchor) or at
        self._start("raise", RAISE_LABEL, DeadlineKind.RAISE, None, duration, anchor, at, (0, 0, 0))
        self.by_id["raise"].finish(at)

    def start_stage(
        self,
        number: int,
        *,
        urgent: bool,
        facts: Mapping[str, bool],
        anchors: Anchors,
        now: datetime,
    ) -> None:
        """Start stage `number`'s clocks not yet started whose anchor has happened: the stage's
        own, then its steps (a step anchored on another starts when that one is done)."""
        stage, policy = self.policy.stage(number), self.policy
        key = f"stage:{number}"
        anchor: datetime | None
        if key not in self.by_id:
            urgent_due = policy.immediate_risk.urgent_due
            if urgent and urgent_due is not None:
                duration, anchor = urgent_due, anchors.stage_start
            else:
                duration = choose(stage.due, facts)
                anchor = anchors.at(duration.anchor)
            if anchor is not None:
                label = STAGE_LABEL % {"number": number, "name": stage.name}
                self._start(
                    key, label, DeadlineKind.STAGE, number, duration, anchor, now, (number, 0, 0)
                )
        for index, step in enumerate(stage.steps):
            key = step_id(number, step.id)
            if key in self.by_id:
                continue
            duration = choose(step.due, facts)
            anchor = anchors.at(duration.anchor)
            if anchor is not None:
                order = (number, 1, index)
                self._start(key, step.name, DeadlineKind.STEP, number, duration, anchor, now, order)

    def start_budgets(self, number: int, at: datetime) -> None:
        """Start the budgets that stage `number` is the first of the case to reach."""
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

    def leave_stage(self, number: int, at: datetime, beyond: int | None) -> None:
        """Leaving stage `number`: its deadline is done, its unfinished steps dropped, and the
        budgets that do not reach stage `beyond` (all, when None) done."""
        prefix = f"stage:{number}"
        for clock in self.all:
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

    def drop_running(self, at: datetime) -> None:
        for clock in self.all:
            if clock.running:
                clock.drop(at)

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
    ) -> None:
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
            nudge_limit=(duration.nudge_limit or DEFAULT_NUDGE_LIMIT) if reminders else None,
        )
        self.all.append(clock)
        self.by_id[key] = clock


def label_said(policy: Policy | None, deadline_id: str, stored: str) -> str:
    """A deadline's label as a reader reads it: in their language (`clock_label`), else as it
    was stored (a clock the policy no longer names, or no policy at hand)."""
    said = clock_label(policy, deadline_id) if policy is not None else None
    return said or stored


def clock_label(policy: Policy, deadline_id: str) -> str | None:
    """The label of the clock `deadline_id` in the reader's language (`accord.engine.speech`; a
    stage's, step's or budget's name in the policy's text for it); None when the policy has no
    such clock (its stored label then stands)."""
    spoken = language()
    if deadline_id == "raise":
        return _(RAISE_LABEL)
    kind, _sep, rest = deadline_id.partition(":")
    if kind == "budget":
        budget = next((b for b in policy.budgets if b.id == rest), None)
        return policy_text(budget.name, spoken) if budget is not None else None
    if kind != "stage":
        return None
    number, _sep, step_key = rest.partition("/step:")
    if not number.isdigit() or not 1 <= int(number) <= policy.top_stage:
        return None
    stage = policy.stage(int(number))
    if step_key:
        step = stage.step(step_key)
        return policy_text(step.name, spoken) if step is not None else None
    return _(STAGE_LABEL) % {"number": stage.number, "name": policy_text(stage.name, spoken)}

"""Policies, events and instants for the engine's tests: the section 1 example and variants."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from accord.engine.bank_holidays import calendar_for
from accord.engine.calendar import Calendar
from accord.engine.case_state import Alert, AlertKind, CaseState, Deadline, Notification
from accord.engine.events import Event, Raised
from accord.engine.london import LONDON, end_of, morning_of
from accord.engine.policy.loader import load_policy_file
from accord.engine.policy.model import (
    STAGE_START,
    Alternative,
    Alternatives,
    Duration,
    NotifyRule,
    Policy,
    Unit,
)
from accord.engine.replay import replay

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_FILE = FIXTURES / "example-borough.toml"
EXAMPLE_EVENTS = FIXTURES / "example-events.json"


@cache
def example() -> Policy:
    """The complete example of policy-format.md section 1, loaded from its file."""
    return load_policy_file(str(EXAMPLE_FILE))


@cache
def calendar(policy: Policy | None = None) -> Calendar:
    return calendar_for(policy or example(), range(2025, 2031))


def day(text: str) -> date:
    return date.fromisoformat(text)


def at(text: str, time: str | None = None) -> datetime:
    """09:00 Europe/London on a date, or the given HH:MM that day."""
    if time is None:
        return morning_of(day(text))
    return datetime.fromisoformat(f"{text}T{time}").replace(tzinfo=LONDON)


def due(within: int | None, unit: Unit | str, anchor: str = STAGE_START, **more: Any) -> Duration:
    return Duration(Unit(unit), within, anchor, **more)


def only(duration: Duration) -> Alternatives[Duration]:
    return (Alternative(duration),)


def either(if_fact: str, then: Duration, otherwise: Duration) -> Alternatives[Duration]:
    return (Alternative(then, if_fact), Alternative(otherwise))


def notify(on: str, *to: str, form: str | None = None, if_fact: str | None = None) -> NotifyRule:
    return NotifyRule(on, tuple(to), form, if_fact)


def with_stage(policy: Policy, number: int, **changes: Any) -> Policy:
    """`policy` with stage `number` changed."""
    stages = list(policy.stages)
    stages[number - 1] = replace(stages[number - 1], **changes)
    return replace(policy, stages=tuple(stages))


def with_step(policy: Policy, number: int, step_id: str, **changes: Any) -> Policy:
    stage = policy.stage(number)
    steps = tuple(replace(s, **changes) if s.id == step_id else s for s in stage.steps)
    return with_stage(policy, number, steps=steps)


def quiet(policy: Policy | None = None) -> Policy:
    """The example without budgets, non-response alerts or notify rules: one clock at a time."""
    policy = replace(policy or example(), budgets=(), non_response=None)
    for stage in policy.stages:
        policy = with_stage(policy, stage.number, notify=())
    return policy


def raise_on(text: str, **fields: Any) -> Raised:
    return Raised(at=at(text), **fields)


def run(
    policy: Policy,
    events: Sequence[Event],
    as_of: str | datetime | None = None,
    **options: Any,
) -> CaseState:
    """Replay with the test calendar; `as_of` a date means the end of that day."""
    instant = end_of(day(as_of)) if isinstance(as_of, str) else as_of
    return replay(policy, calendar(), events, as_of=instant, **options)


def deadline(state: CaseState, deadline_id: str) -> Deadline:
    found = state.deadline(deadline_id)
    assert found is not None, f"no deadline {deadline_id}: {[d.id for d in state.deadlines]}"
    return found


def triggers(state: CaseState) -> list[tuple[str, str]]:
    """(at, trigger) of every notification: at as a date, or HH:MM date-time when not 09:00."""
    return _when(state.notifications)


def alerted(state: CaseState, *kinds: AlertKind) -> list[tuple[str, str]]:
    """(at, trigger) of the case's alerts of `kinds`, written like `triggers`."""
    return _when(alerts(state, *kinds))


def alerts(state: CaseState, *kinds: AlertKind) -> tuple[Alert, ...]:
    """The case's alerts of `kinds`."""
    return tuple(a for a in state.alerts if a.kind in kinds)


def _when(notices: Sequence[Notification | Alert]) -> list[tuple[str, str]]:
    out = []
    for n in notices:
        local = n.at.astimezone(LONDON)
        when = local.date().isoformat()
        if (local.hour, local.minute) != (9, 0):
            when += f"T{local:%H:%M}"
        out.append((when, n.trigger))
    return out

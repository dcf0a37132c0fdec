"""The engine's speed: replaying a case, adding working days, loading every shipped policy."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from accord.engine.bank_holidays import calendar_for
from accord.engine.calendar import Calendar
from accord.engine.events import (
    Closed,
    Escalated,
    Event,
    Raised,
    Resolved,
    SignedOff,
    StepDone,
)
from accord.engine.london import morning_of
from accord.engine.policy.model import Policy
from accord.engine.problems import InvalidFile
from accord.engine.replay import replay

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "engine" / "fixtures" / "example-borough.toml"
POLICIES = sorted((ROOT / "accord" / "policies").glob("*.toml"))


def run() -> list[str]:
    try:
        from accord.engine.policy.loader import load_policy_file
    except ImportError:
        return [
            "the policy loader (accord.engine.policy.loader) is not there yet: "
            "replay and policy loading skipped",
            _add_working_days(Calendar([])),
        ]
    policy = load_policy_file(str(EXAMPLE))
    calendar = calendar_for(policy, range(2025, 2031))
    return [
        _replay(policy, calendar),
        _add_working_days(calendar),
        _load_policies(load_policy_file),
    ]


def _median_us(action: Callable[[], object], *, batch: int, rounds: int) -> float:
    """The median time of one `action`, in microseconds, over `rounds` batches of `batch`."""
    action()  # warm up (the calendar builds its index lazily)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(batch):
            action()
        times.append((time.perf_counter() - started) / batch)
    return statistics.median(times) * 1e6


def _verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER TARGET"


def _four_stage_case() -> list[Event]:
    """The example policy's whole ladder, Christmas 2026 to January 2027, then closed."""

    def on(offset: int) -> datetime:
        return morning_of(date(2026, 12, 21) + timedelta(days=offset))

    return [
        Raised(at=on(0), facts={"cp_plan": True}),
        StepDone(at=on(1), step="response"),
        StepDone(at=on(2), step="confirmation"),
        Escalated(at=on(3), reason="no agreement"),
        Escalated(at=on(10), reason="no agreement"),
        Escalated(at=on(20), reason="no agreement"),
        Resolved(at=on(27)),
        SignedOff(at=on(28), party="raising"),
        SignedOff(at=on(29), party="receiving"),
        Closed(at=on(30)),
    ]


def _replay(policy: Policy, calendar: Calendar) -> str:
    events = _four_stage_case()
    state = replay(policy, calendar, events)
    median = _median_us(lambda: replay(policy, calendar, events), batch=50, rounds=40)
    return (
        f"replay a 4-stage case ({len(events)} events, {len(state.deadlines)} deadlines, "
        f"{len(state.notifications)} notifications): median {median:.0f} µs "
        f"(target < 200 µs) {_verdict(median, 200)}"
    )


def _add_working_days(calendar: Calendar) -> str:
    chooser = random.Random(2026)
    anchors = [date(2026, 1, 1) + timedelta(days=chooser.randrange(3 * 365)) for _ in range(997)]
    counts = [chooser.randrange(0, 25) for _ in range(997)]
    position = 0

    def one() -> None:
        nonlocal position
        position = (position + 1) % 997
        calendar.add_working_days(anchors[position], counts[position])

    median = _median_us(one, batch=2000, rounds=30)
    return f"add_working_days: median {median:.2f} µs (target < 10 µs) {_verdict(median, 10)}"


def _load_policies(load: Callable[[str], Policy]) -> str:
    failed = []
    started = time.perf_counter()
    for path in POLICIES:
        try:
            load(str(path))
        except InvalidFile as invalid:  # reported, not fatal: the figure is still useful
            failed.append(f"{path.name} ({len(invalid.problems)} problems)")
    elapsed = (time.perf_counter() - started) * 1000
    line = (
        f"load and validate {len(POLICIES)} policies in accord/policies: {elapsed:.0f} ms total "
        f"(target < 200 ms) {_verdict(elapsed, 200)}"
    )
    return line + (f"; invalid: {', '.join(failed)}" if failed else "")

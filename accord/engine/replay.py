"""Replay a case's events through its policy: state, deadlines and notifications as of an instant.

Replaying is deterministic: the same policy, calendar and events give an equal `CaseState`. Time
moves only with the events and `as_of`; timed alerts (due soon, passed, non-response, reminders)
fire in order between events, before any event at the same instant, and only while their deadline
is still open. A stage's own `due_soon` and `breached` rules fire with its clock's alerts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from accord.engine.calendar import Calendar
from accord.engine.case_state import AlertKind, CaseState, DeadlineKind
from accord.engine.clocks import Clock, Timing
from accord.engine.deadlines import DeadlineStatus
from accord.engine.events import Event
from accord.engine.lifecycle import EventRejected, event_type
from accord.engine.notices import stage_notices
from accord.engine.policy.model import Policy
from accord.engine.progress import Progress

type FixedDues = Mapping[str, date | datetime]

# The `notify` trigger that fires with a stage clock's alert.
_STAGE_RULES = {AlertKind.DUE_SOON: "due_soon", AlertKind.PASSED: "breached"}


def replay(
    policy: Policy,
    calendar: Calendar,
    events: Sequence[Event],
    *,
    as_of: datetime | None = None,
    fixed_dues: FixedDues | None = None,
) -> CaseState:
    """The case `events` describe, as of `as_of` (default: the last event's instant).

    Every event is checked against the lifecycle, including those after `as_of`, which are then
    left out of the state. `fixed_dues` are the dues the application stored when each clock
    started (by deadline id); they replace the computed ones, so a calendar change never moves a
    started deadline silently (`none` and `agreed` clocks compute no due, so theirs are ignored:
    their dates come from the replayed `deadline_set` events). Raises EventRejected for the first
    event the policy does not allow.
    """
    if not events:
        raise ValueError("a case needs at least its `raised` event")
    _check_order(events)
    if as_of is not None and as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware (the engine never guesses a zone)")
    limit = events[-1].at if as_of is None else as_of
    if limit < events[0].at:
        raise EventRejected(
            0,
            event_type(events[0]),
            f"it happens after the as-of instant {limit.isoformat()}; "
            "give an as-of date on or after the day the case is raised",
        )
    fixed = fixed_dues or {}
    if events[-1].at > limit:  # check the events after as_of too, then replay up to it
        _Replay(policy, calendar, fixed).run(events, None)
    return _Replay(policy, calendar, fixed).run(events, limit)


def continued(
    policy: Policy,
    calendar: Calendar,
    events: Sequence[Event],
    *,
    at: datetime,
    fixed_dues: FixedDues | None = None,
) -> Continued | None:
    """`events` replayed up to just before `at`, to give the state as of `at` and then go on
    with one new event at `at`, in one pass where `replay` before the event and again with it
    takes two (an action checks what may happen now, then applies its event). The states are
    `replay`'s own. None when they could differ, and the caller replays: an event after `at`,
    or a timed alert falling at `at` exactly (`replay` as of `at` fires it; `replay` with an
    event at `at` fires it after the event). Raises EventRejected as `replay` does."""
    if not events or events[-1].at > at:
        return None
    if at.tzinfo is None:
        raise ValueError("as_of must be timezone-aware (the engine never guesses a zone)")
    _check_order(events)
    run = _Replay(policy, calendar, fixed_dues or {})
    for index, event in enumerate(events):
        run.step(event, index)
    run._advance(at, inclusive=False)
    for clock in run.case.deadlines:
        if clock.status is DeadlineStatus.OPEN:
            timer = clock.next_timer(run.timing)
            if timer is not None and timer[0] == at:
                return None
    return Continued(run, len(events), at)


class Continued:
    """A replay stopped just before `at` (`continued`): `before` is the case as of `at`, and
    `after` applies one event at `at` (once) and gives the case as of `at` with it."""

    def __init__(self, run: _Replay, count: int, at: datetime) -> None:
        self._run: _Replay | None = run
        self.count, self.at = count, at

    def before(self) -> CaseState:
        if self._run is None:
            raise ValueError("the replay has gone on with its event already")
        return self._run.case.snapshot(self.at)

    def after(self, event: Event) -> CaseState:
        """Apply `event` (at `at`); EventRejected if refused (its index after the others)."""
        run, self._run = self._run, None
        if run is None or event.at != self.at:
            raise ValueError("a replay continues with one event, at the instant replayed to")
        run.step(event, self.count)
        run._advance(self.at, inclusive=True)
        return run.case.snapshot(self.at)


def _check_order(events: Sequence[Event]) -> None:
    for index in range(1, len(events)):
        event, previous = events[index], events[index - 1]
        if event.at < previous.at:
            raise EventRejected(
                index,
                event_type(event),
                f"it is dated {event.at.isoformat()}, before event {index} "
                f"({previous.at.isoformat()}); list events in time order",
            )


class _Replay:
    """One pass over the events, with timed triggers fired between them."""

    def __init__(self, policy: Policy, calendar: Calendar, fixed_dues: FixedDues) -> None:
        self.case = Progress(policy, calendar, fixed_dues)
        self.timing = Timing(policy, calendar)

    def run(self, events: Sequence[Event], limit: datetime | None) -> CaseState:
        """Apply `events` up to `limit` (all of them when None: timed triggers fire between
        them, as a later replay would fire them, for the rules that read them, such as a side
        taken over only once told of its non-response)."""
        case = self.case
        for index, event in enumerate(events):
            if limit is not None and event.at > limit:
                break
            self.step(event, index)
        end = events[-1].at if limit is None else limit
        if limit is not None:
            self._advance(limit, inclusive=True)
        return case.snapshot(end)

    def step(self, event: Event, index: int) -> None:
        """Fire what falls before `event`, then apply it."""
        self._advance(event.at, inclusive=False)
        self.case.apply(event, index)
        self.timing.urgent = self.case.urgent  # set by `raised`, before any clock runs

    def _advance(self, until: datetime, *, inclusive: bool) -> None:
        """Fire every timed alert due before `until` (or at it, when inclusive), in time order."""
        timing, clocks = self.timing, self.case.deadlines
        while True:
            best: tuple[datetime, AlertKind] | None = None
            best_clock: Clock | None = None
            for clock in clocks:
                if clock.status is not DeadlineStatus.OPEN:
                    continue
                timer = clock.next_timer(timing)
                if timer is not None and (best is None or timer[0] < best[0]):
                    best, best_clock = timer, clock
            if best is None or best_clock is None:
                return
            at, kind = best
            if at > until or (at == until and not inclusive):
                return
            best_clock.fired(kind)
            self._fire(best_clock, kind, at)

    def _fire(self, clock: Clock, kind: AlertKind, at: datetime) -> None:
        case = self.case
        case.alert(kind, at, about=clock.id, stage=clock.stage)
        on = _STAGE_RULES.get(kind)
        if on is not None and clock.kind is DeadlineKind.STAGE and clock.stage is not None:
            case.tell(*stage_notices(case.policy.stage(clock.stage), on, at, case.facts))

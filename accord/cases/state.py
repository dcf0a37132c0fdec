"""A stored case replayed through its policy version: the engine's view of it now.

The actions replay a locked case to check a new event; pages replay the events they have loaded
to know what may happen next (`accord.cases.offers`). Both read the policy and calendar here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from accord.engine.bank_holidays import closure_days
from accord.engine.calendar import Calendar
from accord.engine.case_state import CaseState
from accord.engine.events import Event
from accord.engine.policy.model import Policy
from accord.engine.replay import replay
from accord.partnerships.calendars import calendar_for
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import policy_of

from .models import Case, CaseEvent, Deadline
from .payloads import from_payload, is_engine_kind


def engine_context(
    partnership: Partnership, version: PolicyVersion, *, closed_days: Iterable[date] | None = None
) -> tuple[Policy, Calendar]:
    """The case's policy and its partnership's calendar (one query for the calendar, unless the
    partnership's `closed_days` are given: `calendars.closed_days_read`)."""
    policy = policy_of(version)
    return policy, calendar_for(
        partnership, extra_closures=closure_days(policy), closed_days=closed_days
    )


def engine_events(history: Sequence[CaseEvent], new_event: Event | None = None) -> list[Event]:
    """The engine events of a stored history (and a new one), in order."""
    events = [from_payload(e.payload) for e in history if is_engine_kind(e.kind)]
    return [*events, new_event] if new_event is not None else events


def fixed_dues(deadlines: Iterable[Deadline]) -> dict[str, date | datetime]:
    """The dues the engine's replay is given: each as counted when its clock started (a date set
    later is an event the replay applies itself). Every replay of a stored case uses this."""
    return {d.key: due for d in deadlines if (due := d.counted_due) is not None}


def state_of(
    policy: Policy,
    calendar: Calendar,
    case: Case,
    history: Sequence[CaseEvent],
    deadlines: Iterable[Deadline],
    *,
    now: datetime,
) -> CaseState:
    """The stored case replayed as of `now`, from its loaded events and stored dues.

    A clock behind the case's last event (a test's, or a server's drifting clock) must not break
    a page or an action: the engine replays up to whichever is later.
    """
    as_of = max(now, case.last_event_at)
    events = engine_events(history)
    return replay(policy, calendar, events, as_of=as_of, fixed_dues=fixed_dues(deadlines))


def replayed(
    case: Case, history: Sequence[CaseEvent], deadlines: Iterable[Deadline], *, now: datetime
) -> tuple[Policy, CaseState]:
    """The case's policy and its state as of `now` (`state_of`), with its policy and calendar."""
    policy, calendar = engine_context(case.partnership, case.policy_version)
    return policy, state_of(policy, calendar, case, history, deadlines, now=now)

"""`accord policy simulate`: replay events through a policy and give the JSON of section 3.

`notifications` lists the firings of the policy's `notify` rules and nothing else; Accord's own
alerts (docs/policy-format.md) follow in `alerts`, in the same shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from accord.engine.bank_holidays import calendar_for
from accord.engine.case_state import Alert, CaseState, Deadline, Notification
from accord.engine.deadlines import Due
from accord.engine.events import Event
from accord.engine.london import end_of, in_london, is_morning, london_date
from accord.engine.policy.model import Policy, Unit
from accord.engine.refusals import ACTION_EVENTS, CaseRecords, why_not
from accord.engine.replay import replay

YEARS_AHEAD = 3  # bank holidays are loaded this many years past the last date a case mentions


def simulate(
    policy: Policy, events: Sequence[Event], as_of: date | None = None, *, actions: bool = False
) -> dict[str, Any]:
    """The case `events` describe as of the end of `as_of` (default: the last event's date).

    With `actions`, also what may be done on the case then: each action the service offers, with
    None when the procedure allows it, otherwise why not (`refusals.why_not`, which the pages and
    the actions ask too). Raises EventRejected for an event the policy does not allow.
    """
    if not events:
        raise ValueError("a case needs at least its `raised` event")
    day = as_of or london_date(events[-1].at)
    state = replay(policy, calendar_for(policy, _years(events, day)), events, as_of=end_of(day))
    result = as_json(policy, state, day)
    if actions:
        records = CaseRecords()  # the events file records no panel or debrief
        result["actions"] = {a: why_not(policy, state, a, records) for a in ACTION_EVENTS}
    return result


def as_json(policy: Policy, state: CaseState, as_of: date) -> dict[str, Any]:
    """A replayed case in the output format of section 3."""
    return {
        "policy": {"id": policy.id, "version": policy.version},
        "as_of": as_of.isoformat(),
        "state": {"status": str(state.status), "stage": state.stage},
        "deadlines": [_deadline(d) for d in state.deadlines],
        "notifications": [_notification(n) for n in state.notifications],
        "alerts": [_notification(a) for a in state.alerts],
    }


def _deadline(deadline: Deadline) -> dict[str, Any]:
    hours = deadline.unit is Unit.HOURS
    return {
        "id": deadline.id,
        "label": deadline.label,
        "from": _instant(deadline.start, hours),
        "due": _due(deadline.due),
        "done": None if deadline.done is None else _instant(deadline.done, hours),
        "status": str(deadline.status),
    }


def _notification(notice: Notification | Alert) -> dict[str, Any]:
    at = notice.at
    return {
        "at": london_date(at).isoformat() if is_morning(at) else in_london(at).isoformat(),
        "trigger": notice.trigger,
        "to": list(notice.to),
        "form": notice.form if isinstance(notice, Notification) else None,
    }


def _instant(instant: datetime, hours: bool) -> str:
    """A date for day deadlines, an ISO date-time (Europe/London, with offset) for hours."""
    return in_london(instant).isoformat() if hours else london_date(instant).isoformat()


def _due(due: Due | None) -> str | None:
    if due is None:
        return None
    return in_london(due).isoformat() if isinstance(due, datetime) else due.isoformat()


def _years(events: Sequence[Event], as_of: date) -> range:
    days = [london_date(e.at) for e in events] + [as_of]
    days += [d for e in events if isinstance(d := getattr(e, "concern_on", None), date)]
    return range(min(days).year - 1, max(days).year + YEARS_AHEAD + 1)

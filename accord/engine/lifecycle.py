"""The case lifecycle: one table of which event each status allows, and the reason when it does not.

`check_event` is the only way the engine (and the application, before it writes) asks whether an
event may happen; `allowed_events` tells a user interface which actions to offer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final, Protocol

from accord.engine import rules, taking_over
from accord.engine.events import (
    Advised,
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
    TakenOver,
    Withdrawn,
)
from accord.engine.policy.model import Policy, Unit
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop

EVENT_TYPES: Final[dict[type[Event], str]] = {
    Raised: "raised",
    StepDone: "step_done",
    Responded: "responded",
    Escalated: "escalated",
    Resolved: "resolved",
    SignedOff: "signed_off",
    Referred: "referred",
    Closed: "closed",
    Withdrawn: "withdrawn",
    FactSet: "fact_set",
    DeadlineSet: "deadline_set",
    TakenOver: "taken_over",
    Advised: "advised",
}


def event_type(event: Event) -> str:
    """The event's name in EVENTS.json (`raised`, `step_done`, ...)."""
    return EVENT_TYPES[type(event)]


class Status(StrEnum):
    NOT_RAISED = "not_raised"  # before the first event; a CaseState never has it
    OPEN = "open"  # at a stage
    RESOLVED = "resolved"  # outcome agreed (or decided), awaiting sign-off
    SIGNED_OFF = "signed_off"
    REFERRED = "referred"  # unresolved at the top stage: with the partnership's final process
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class DeadlineView(Protocol):
    """What a transition needs to know of a deadline (`case_state.Deadline` is one)."""

    @property
    def id(self) -> str: ...
    @property
    def unit(self) -> Unit: ...
    @property
    def due(self) -> date | None: ...
    @property
    def status(self) -> str: ...


class CaseView(Protocol):
    """What a transition needs to know of a case (`case_state.CaseState` is one)."""

    @property
    def status(self) -> Status: ...
    @property
    def stage(self) -> int | None: ...
    @property
    def urgent(self) -> bool: ...
    @property
    def withdrawn(self) -> bool: ...
    @property
    def facts(self) -> Mapping[str, bool]: ...
    @property
    def steps_done(self) -> Mapping[str, datetime]: ...
    @property
    def signed_off(self) -> Set[str]: ...
    @property
    def deadlines(self) -> Sequence[DeadlineView]: ...
    def deadline(self, deadline_id: str) -> DeadlineView | None: ...
    @property
    def unanswered(self) -> Set[tuple[int, str]]: ...
    @property
    def taken_over(self) -> Set[tuple[int, str]]: ...


class EventRejected(Exception):
    """An event the policy does not allow in the case's state; `index` counts from 0.

    `reason` says why in words for the person acting; `message` adds which event it was, as
    `accord policy simulate` reports it.
    """

    def __init__(self, index: int, event: str, reason: str) -> None:
        self.index = index
        self.event = event
        self.reason = reason
        self.message = f"event {index + 1} ({event}): {reason}"
        super().__init__(self.message)


type Guard = Callable[[Policy, CaseView], str | None]  # why the event cannot happen now, or None
type Check = Callable[[Policy, CaseView, Any], str | None]  # why this event cannot, or None


@dataclass(frozen=True, slots=True)
class Transition:
    """An allowed event: the status it leads to (None: unchanged), and the rules it must pass.

    `when` depends on the case only (so `allowed_events` can ask it); `check` also reads the event.
    `ends`: no event may follow, though the status stays (a withdrawal after resolution).
    """

    to: Status | None = None
    when: Guard | None = None
    check: Check | None = None
    ends: bool = False


@dataclass(frozen=True, slots=True)
class Refused:
    """An event a status never allows, and what to do instead (`reason` as written, marked with
    `gettext_noop`: `refusal` says it in the reader's language)."""

    reason: str


S = Status
_AT_A_STAGE = gettext_noop("this happens while the case is open at a stage")
_NOTHING_AFTER_CLOSED = gettext_noop("no event follows closing")
_NOTHING_AFTER_WITHDRAWN = gettext_noop("no event follows a withdrawal")
_LEFT_ITS_STAGE = {
    "taken_over": gettext_noop("a side is taken over while the case is open at a stage"),
    "advised": gettext_noop("advice is recorded while the case is open at a stage"),
}

TRANSITIONS: Final[dict[tuple[Status, str], Transition | Refused]] = {
    **{
        (S.NOT_RAISED, name): Refused(gettext_noop("the first event of a case is `raised`"))
        for name in EVENT_TYPES.values()
    },
    (S.NOT_RAISED, "raised"): Transition(S.OPEN, check=rules.check_raised),
    (S.OPEN, "raised"): Refused(gettext_noop("a case is raised once")),
    (S.OPEN, "step_done"): Transition(when=rules.steps_to_do, check=rules.check_step),
    (S.OPEN, "responded"): Transition(check=rules.check_response),
    (S.OPEN, "escalated"): Transition(when=rules.below_top, check=rules.check_escalation),
    (S.OPEN, "resolved"): Transition(S.RESOLVED),
    (S.OPEN, "signed_off"): Refused(
        gettext_noop("an outcome is signed off once the case is resolved")
    ),
    (S.OPEN, "referred"): Transition(S.REFERRED, when=rules.at_top),
    (S.OPEN, "closed"): Refused(
        gettext_noop("resolve the case (and have it signed off) before closing it")
    ),
    (S.OPEN, "withdrawn"): Transition(S.WITHDRAWN),
    (S.OPEN, "fact_set"): Transition(when=rules.has_facts, check=rules.check_fact),
    (S.OPEN, "deadline_set"): Transition(
        when=rules.has_open_deadline, check=rules.check_deadline_set
    ),
    (S.OPEN, "taken_over"): Transition(
        when=taking_over.may_be_taken_over, check=taking_over.check_take_over
    ),
    (S.OPEN, "advised"): Transition(when=rules.has_advisers),
    **{
        (status, name): Refused(reason)
        for status in (S.RESOLVED, S.SIGNED_OFF, S.REFERRED)
        for name, reason in _LEFT_ITS_STAGE.items()
    },
    (S.RESOLVED, "raised"): Refused(gettext_noop("a case is raised once")),
    (S.RESOLVED, "step_done"): Refused(_AT_A_STAGE),
    (S.RESOLVED, "responded"): Refused(_AT_A_STAGE),
    (S.RESOLVED, "escalated"): Refused(
        gettext_noop("a resolved case is signed off and closed, not escalated")
    ),
    (S.RESOLVED, "resolved"): Refused(gettext_noop("it is already resolved")),
    (S.RESOLVED, "signed_off"): Transition(
        S.SIGNED_OFF, when=rules.sign_off_outstanding, check=rules.check_sign_off
    ),
    (S.RESOLVED, "referred"): Refused(
        gettext_noop("only a case unresolved at the top stage is referred")
    ),
    (S.RESOLVED, "closed"): Transition(S.CLOSED, when=rules.needs_no_sign_off),
    (S.RESOLVED, "withdrawn"): Transition(ends=True),
    (S.RESOLVED, "fact_set"): Transition(when=rules.has_facts, check=rules.check_fact),
    (S.RESOLVED, "deadline_set"): Refused(_AT_A_STAGE),
    (S.SIGNED_OFF, "raised"): Refused(gettext_noop("a case is raised once")),
    (S.SIGNED_OFF, "step_done"): Refused(_AT_A_STAGE),
    (S.SIGNED_OFF, "responded"): Refused(_AT_A_STAGE),
    (S.SIGNED_OFF, "escalated"): Refused(
        gettext_noop("a signed-off case is closed, not escalated")
    ),
    (S.SIGNED_OFF, "resolved"): Refused(gettext_noop("it is already resolved")),
    (S.SIGNED_OFF, "signed_off"): Refused(
        gettext_noop("every party the policy needs has signed off")
    ),
    (S.SIGNED_OFF, "referred"): Refused(
        gettext_noop("only a case unresolved at the top stage is referred")
    ),
    (S.SIGNED_OFF, "closed"): Transition(S.CLOSED),
    (S.SIGNED_OFF, "withdrawn"): Refused(
        gettext_noop("a signed-off case is closed, not withdrawn")
    ),
    (S.SIGNED_OFF, "fact_set"): Transition(when=rules.has_facts, check=rules.check_fact),
    (S.SIGNED_OFF, "deadline_set"): Refused(_AT_A_STAGE),
    (S.REFERRED, "raised"): Refused(gettext_noop("a case is raised once")),
    (S.REFERRED, "step_done"): Refused(_AT_A_STAGE),
    (S.REFERRED, "responded"): Refused(_AT_A_STAGE),
    (S.REFERRED, "escalated"): Refused(
        gettext_noop("record the final process's decision with `resolved`")
    ),
    (S.REFERRED, "resolved"): Transition(S.RESOLVED),  # records the final process's decision
    (S.REFERRED, "signed_off"): Refused(
        gettext_noop("record the final process's decision with `resolved` first")
    ),
    (S.REFERRED, "referred"): Refused(gettext_noop("it is already referred")),
    (S.REFERRED, "closed"): Refused(
        gettext_noop("record the final process's decision with `resolved` first")
    ),
    (S.REFERRED, "withdrawn"): Transition(S.WITHDRAWN),
    (S.REFERRED, "fact_set"): Transition(when=rules.has_facts, check=rules.check_fact),
    (S.REFERRED, "deadline_set"): Refused(_AT_A_STAGE),
    **{(S.CLOSED, name): Refused(_NOTHING_AFTER_CLOSED) for name in EVENT_TYPES.values()},
    **{(S.WITHDRAWN, name): Refused(_NOTHING_AFTER_WITHDRAWN) for name in EVENT_TYPES.values()},
}
"""Every (status, event type) pair: a `Transition` when allowed, a `Refused` when never.

A case withdrawn after its resolution keeps the status `resolved` (the outcome stands, as the
example of policy-format.md section 3 shows) but is looked up here as `withdrawn`, so no event may
follow it. A `signed_off` event leads to `signed_off` only once every party the policy's
`sign_off` needs has signed; until then the case stays `resolved`. A `resolved` event on a
`referred` case records the decision of the partnership's final process.
"""


def phase(state: CaseView) -> Status:
    """The status the table is read with: `withdrawn` for a case withdrawn after resolution."""
    return Status.WITHDRAWN if state.withdrawn else state.status


def check_event(policy: Policy, state: CaseView, event: Event, index: int) -> Transition:
    """The transition `event` makes, or EventRejected saying why the policy does not allow it."""
    name = event_type(event)
    entry = TRANSITIONS[(phase(state), name)]
    reason = refusal(policy, state, name)
    if reason is None and isinstance(entry, Transition) and entry.check:
        reason = entry.check(policy, state, event)
    if reason is not None:
        raise EventRejected(index, name, reason)
    assert not isinstance(entry, Refused)  # a refused entry always has its reason
    return entry


def refusal(policy: Policy, state: CaseView, name: str) -> str | None:
    """Why the case cannot take an event of type `name` now, whatever the event carries (None:
    it may, though `check_event` can still refuse what it carries)."""
    entry = TRANSITIONS[(phase(state), name)]
    if isinstance(entry, Refused):
        return _("%(state)s; %(reason)s") % {
            "state": describe(policy, state),
            "reason": _(entry.reason),
        }
    return entry.when(policy, state) if entry.when else None


def status_after(transition: Transition, state: CaseView, policy: Policy) -> Status:
    """The case's status once `transition` is applied (`state.signed_off` already updated)."""
    if transition.to is None:
        return state.status
    if (
        transition.to is Status.SIGNED_OFF
        and not rules.sign_off_parties(policy) <= state.signed_off
    ):
        return Status.RESOLVED
    return transition.to


def allowed_events(policy: Policy, state: CaseView) -> frozenset[str]:
    """The event types the case may take next (each may still be refused for what it carries)."""
    return frozenset(name for name in EVENT_TYPES.values() if refusal(policy, state, name) is None)


# Each final process by its name, for the state's words (`describe`).
_FINAL_PROCESS_NAMES: Final = {
    "mediation": gettext_noop("mediation"),
    "chair_decision": gettext_noop("the independent chair"),
    "panel": gettext_noop("a resolution panel"),
    "senior_decision": gettext_noop("the agencies’ most senior managers"),
}


def describe(policy: Policy, state: CaseView) -> str:
    """The case's state in words, for messages."""
    match phase(state):
        case Status.NOT_RAISED:
            return _("the case has not been raised yet")
        case Status.OPEN:
            return _("the case is open at stage %(stage)s") % {"stage": state.stage}
        case Status.RESOLVED:
            return _("the case is resolved at stage %(stage)s") % {"stage": state.stage}
        case Status.SIGNED_OFF:
            return _("the case is resolved and signed off")
        case Status.REFERRED:
            final = policy.resolution.final
            process = _(_FINAL_PROCESS_NAMES[final]) if final in _FINAL_PROCESS_NAMES else final
            return _("the case is referred to the partnership's final process (%(process)s)") % {
                "process": process
            }
        case Status.CLOSED:
            return _("the case is closed")
        case Status.WITHDRAWN:
            return _("the case was withdrawn")

"""Why an action on a case is or is not open now: the one answer the offers, the pages, the actions
and the CLI read.

An action is what a person does on a case (`respond`, `sign_off_raising`, `close`, ...). Most
record an engine event, and are open when the lifecycle allows that event (`lifecycle.refusal`,
the same reason `check_event` gives). Around the events the service keeps a few rules of its own,
decided here too: one response per stage, sign-off only by the sides the policy asks, the
resolution panel once referred, the debrief between the outcome and closing. What those rules
need beyond the replayed `CaseState` comes in `CaseRecords`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from accord.engine.case_state import CaseState
from accord.engine.lifecycle import Status, describe, phase, refusal
from accord.engine.policy.model import Policy
from accord.engine.rules import sign_off_parties
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop
from accord.engine.taking_over import take_over_refusal


@dataclass(frozen=True, slots=True)
class CaseRecords:
    """What the service has recorded on a case beyond its engine events."""

    panel_convened: bool = False
    debrief_recorded: bool = False
    panel_declined: bool = False  # the chair decided not to convene a panel


ACTION_EVENTS: Final[dict[str, str | None]] = {
    "respond": "responded",
    "complete_step": "step_done",
    "escalate": "escalated",
    "set_deadline": "deadline_set",
    "set_fact": "fact_set",
    "resolve": "resolved",
    "record_decision": "resolved",
    "sign_off_raising": "signed_off",
    "sign_off_receiving": "signed_off",
    "refer": "referred",
    "convene_panel": None,
    "record_debrief": None,
    "close": "closed",
    "withdraw": "withdrawn",
    "add_task": None,
    "record_meeting": None,
    "take_over_raising": "taken_over",
    "take_over_receiving": "taken_over",
    "record_advice": "advised",
}
"""Every action a case offers, and the engine event it records (None: a record of the service's
own, such as a task or a meeting, which any case that is still going takes)."""

ENDED = frozenset({Status.CLOSED, Status.WITHDRAWN})

type _Rule = Callable[[Policy, CaseState, CaseRecords], str | None]


def why_not(policy: Policy, state: CaseState, action: str, records: CaseRecords) -> str | None:
    """None when the procedure allows `action` on the case now; otherwise why not, in plain words
    (lower case, no full stop: "the receiving side has already responded at stage 2"), in the
    reader's language (`accord.engine.speech`)."""
    if action not in ACTION_EVENTS:
        raise ValueError(f"unknown action {action!r}")
    if reason := ended(policy, state):
        return reason
    rule = _RULES.get(action)
    if rule is not None:
        return rule(policy, state, records)
    event = ACTION_EVENTS[action]
    return refusal(policy, state, event) if event is not None else None


def has_ended(state: CaseState) -> bool:
    """Closed or withdrawn: no action is open to anyone."""
    return phase(state) in ENDED


def ended(policy: Policy, state: CaseState) -> str | None:
    """Why nothing more can be recorded on a closed or withdrawn case (None while it goes on):
    what `why_not` says first, and what a record outside `ACTION_EVENTS` (a task done) asks."""
    if not has_ended(state):
        return None
    return _("%(state)s: nothing more can be recorded") % {"state": describe(policy, state)}


def _respond(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
    if reason := refusal(policy, state, "responded"):
        return reason
    if any(r.stage == state.stage for r in state.responses):
        return _("the receiving side has already responded at stage %(stage)s") % {
            "stage": state.stage
        }
    return None


def _resolve(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
    if phase(state) is Status.REFERRED:
        return _("%(state)s: the partnership's staff record its decision, not the holders") % {
            "state": describe(policy, state)
        }
    return refusal(policy, state, "resolved")


def _record_decision(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
    if reason := refusal(policy, state, "resolved"):
        return reason
    if phase(state) is not Status.REFERRED:
        return _("the final process's decision is recorded once the case is referred to it")
    return None


_NOT_ASKED_TO_SIGN_OFF: Final = {
    "raising": gettext_noop(
        "this partnership's procedure does not ask the raising side to sign off"
    ),
    "receiving": gettext_noop(
        "this partnership's procedure does not ask the receiving side to sign off"
    ),
}
_SIGNED_OFF_ALREADY: Final = {
    "raising": gettext_noop("the raising side has already signed off"),
    "receiving": gettext_noop("the receiving side has already signed off"),
}


def _sign_off(side: str) -> _Rule:
    def rule(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
        if not sign_off_parties(policy):
            return _(
                "this partnership's procedure has no sign-off: the outcome stands once it is "
                "recorded, and the case is closed when its work is done"
            )
        if side not in sign_off_parties(policy):
            return _(_NOT_ASKED_TO_SIGN_OFF[side])
        if reason := refusal(policy, state, "signed_off"):
            return reason
        if side in state.signed_off:
            return _(_SIGNED_OFF_ALREADY[side])
        return None

    return rule


def _take_over(side: str) -> _Rule:
    def rule(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
        if reason := refusal(policy, state, "taken_over"):
            return reason
        return take_over_refusal(policy, state, side)

    return rule


def _convene_panel(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
    if policy.resolution.final != "panel":
        return _("this partnership's procedure ends without a resolution panel")
    if phase(state) is not Status.REFERRED:
        return _("a resolution panel is convened once the case is referred to the partnership")
    if records.panel_convened:
        return _("the panel for this case has already been convened")
    if records.panel_declined:
        return _("the chair has already decided not to convene a panel for this case")
    return None


def _record_debrief(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
    if policy.resolution.debrief == "none":
        return _("this partnership's procedure has no debrief")
    if phase(state) not in {Status.RESOLVED, Status.SIGNED_OFF}:
        return _("a debrief is recorded once the outcome has been agreed")
    if records.debrief_recorded:
        return _("the debrief has already been recorded")
    return None


def _close(policy: Policy, state: CaseState, records: CaseRecords) -> str | None:
    if reason := refusal(policy, state, "closed"):
        return reason
    if debrief_missing(policy, records):
        return _(
            "this partnership's procedure requires a debrief: record it before closing the case"
        )
    return None


def debrief_missing(policy: Policy, records: CaseRecords) -> bool:
    """The policy requires a debrief and none is recorded: the case cannot close yet."""
    return policy.resolution.debrief == "required" and not records.debrief_recorded


def waits_for_debrief(policy: Policy, state: CaseState, records: CaseRecords) -> bool:
    """Only the debrief the policy requires stands between the case and closing (the closing
    page says so, with the way to record it)."""
    recorded = CaseRecords(
        panel_convened=records.panel_convened,
        debrief_recorded=True,
        panel_declined=records.panel_declined,
    )
    return debrief_missing(policy, records) and why_not(policy, state, "close", recorded) is None


_RULES: Final[dict[str, _Rule]] = {
    "respond": _respond,
    "resolve": _resolve,
    "record_decision": _record_decision,
    "sign_off_raising": _sign_off("raising"),
    "sign_off_receiving": _sign_off("receiving"),
    "convene_panel": _convene_panel,
    "record_debrief": _record_debrief,
    "close": _close,
    "take_over_raising": _take_over("raising"),
    "take_over_receiving": _take_over("receiving"),
}
"""The actions with a rule of the service's own around their event (the others: the event's)."""

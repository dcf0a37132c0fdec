"""Why an action on a case is not offered now, in words for the person (the 409 refusal page of
the ending and work pages)."""

from __future__ import annotations

from datetime import datetime

from accord.cases.models import Case
from accord.engine.case_state import CaseState
from accord.engine.events import Closed, Event, Referred, Resolved, SignedOff
from accord.engine.lifecycle import EventRejected, check_event
from accord.engine.policy.model import Policy
from accord.engine.rules import sign_off_parties


def _engine_event(action: str, now: datetime) -> Event | None:
    if action in {"resolve", "record_decision"}:
        return Resolved(at=now)
    if action.startswith("sign_off_"):
        return SignedOff(at=now, party=action.removeprefix("sign_off_"))
    if action == "refer":
        return Referred(at=now, reason="-")
    if action == "close":
        return Closed(at=now)
    return None


def why_not_now(
    case: Case,
    policy: Policy,
    state: CaseState,
    action: str,
    *,
    now: datetime,
    debrief_recorded: bool,
) -> str:
    """Why `action` (an offer's name) cannot be taken on `case` now."""
    if case.status in {"closed", "withdrawn"}:
        return f"case {case.reference} is {case.status}: nothing more can be recorded"
    event = _engine_event(action, now)
    if event is not None:
        try:
            check_event(policy, state, event, 0)
        except EventRejected as rejected:
            return rejected.reason
    if action.startswith("sign_off_"):
        side = action.removeprefix("sign_off_")
        if side not in sign_off_parties(policy):
            return f"this partnership's procedure does not ask the {side} side to sign off"
        return f"the {side} side has already signed off"
    if action == "convene_panel":
        if policy.resolution.final != "panel":
            return "this partnership's procedure ends without a resolution panel"
        if case.status != "referred":
            return "a resolution panel is convened once the case is referred to the partnership"
        return "the panel for this case has already been convened"
    if action == "record_debrief":
        if policy.resolution.debrief == "none":
            return "this partnership's procedure has no debrief"
        if debrief_recorded:
            return "the debrief has already been recorded"
        return "a debrief is recorded once the outcome has been agreed"
    if action == "close" and case.status in {"resolved", "signed_off"}:
        return "this partnership's procedure requires a debrief: record it before closing"
    return f"case {case.reference} does not allow it at the moment"

"""What a person may do on a case now: the actions a page offers.

An action is offered when the access rules let this person take it (`accord.cases.access`) and
the engine allows its event in the case's replayed state (`lifecycle.allowed_events`). The
actions check both again when they run, so a forged request is refused all the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.engine.case_state import CaseState
from accord.engine.lifecycle import allowed_events
from accord.engine.policy.model import Policy
from accord.engine.rules import sign_off_parties

from . import access
from .access import CaseAccess
from .models import Side

TERMINAL = frozenset({"closed", "withdrawn"})


@dataclass(frozen=True)
class CaseFacts:
    """What the offers need beyond the replayed state (the page has loaded it)."""

    status: str  # Case.status: "withdrawn" also for a case withdrawn after resolution
    panel_convened: bool = False
    debrief_recorded: bool = False


def offered_actions(
    policy: Policy, state: CaseState, who: CaseAccess, facts: CaseFacts
) -> frozenset[str]:
    """The names of the actions to offer: respond, complete_step, escalate, set_deadline,
    set_fact, resolve, record_decision, sign_off_raising, sign_off_receiving, refer,
    convene_panel, record_debrief, close, withdraw, add_task, record_meeting."""
    if facts.status in TERMINAL or not who.active:
        return frozenset()
    events = allowed_events(policy, state)
    referred = facts.status == "referred"
    offers: set[str] = set()

    def offer(name: str, event: str | None, allowed: bool) -> None:
        if allowed and (event is None or event in events):
            offers.add(name)

    responded_here = any(r.stage == state.stage for r in state.responses)
    offer("respond", "responded", access.may_respond(who) and not responded_here)
    offer("complete_step", "step_done", access.may_complete_step(who))
    offer("escalate", "escalated", access.may_escalate(who))
    offer("set_deadline", "deadline_set", access.may_set_deadline(who))
    offer("set_fact", "fact_set", access.may_set_fact(who))
    offer("resolve", "resolved", not referred and access.may_resolve(who))
    offer("record_decision", "resolved", referred and access.may_record_decision(who))
    needed = sign_off_parties(policy)
    for side in (Side.RAISING, Side.RECEIVING):
        wanted = side in needed and side not in state.signed_off
        offer(f"sign_off_{side}", "signed_off", wanted and access.may_sign_off(who, side))
    offer("refer", "referred", access.may_refer(who))
    final_is_panel = policy.resolution.final == "panel"
    offer(
        "convene_panel",
        None,
        referred and final_is_panel and not facts.panel_convened and access.may_convene_panel(who),
    )
    debrief_open = (
        facts.status in {"resolved", "signed_off"} and policy.resolution.debrief != "none"
    )
    offer(
        "record_debrief",
        None,
        debrief_open and not facts.debrief_recorded and access.may_record_debrief(who),
    )
    debrief_missing = policy.resolution.debrief == "required" and not facts.debrief_recorded
    offer("close", "closed", not debrief_missing and access.may_close(who))
    offer("withdraw", "withdrawn", access.may_withdraw(who))
    offer("add_task", None, access.may_add_task(who))
    offer("record_meeting", None, access.may_record_meeting(who))
    return frozenset(offers)

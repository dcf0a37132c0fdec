"""The rules for taking a side over (Accord's `taken_over` event): the next level, told that a
side did not respond (`[non_response] alert_next_level`), takes over that side at that stage, once.
Each returns why it is refused, or None, as the rules of `accord.engine.rules` do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.engine.events import TakenOver
from accord.engine.policy.model import Policy
from accord.engine.rules import PARTIES

if TYPE_CHECKING:
    from accord.engine.lifecycle import CaseView


def may_be_taken_over(policy: Policy, state: CaseView) -> str | None:
    """Some side's deadline at the current stage has passed unanswered and its next level was
    told (`[non_response] alert_next_level`), and that side is not yet taken over."""
    stage = state.stage
    if policy.non_response is None or stage is None or stage >= policy.top_stage:
        return (
            f"at stage {stage} the procedure has nobody at the next level to take a side over "
            "when it does not respond"
        )
    silent = [side for side in PARTIES if (stage, side) in state.unanswered]
    if not silent:
        return (
            f"a side is taken over at stage {stage} only once its deadline has passed "
            "unanswered and the next level has been told"
        )
    if all((stage, side) in state.taken_over for side in silent):
        return f"the {' and '.join(silent)} side has already been taken over at stage {stage}"
    return None


def take_over_refusal(policy: Policy, state: CaseView, side: str) -> str | None:
    """Why the next level of `side` cannot take the case over for it now (None: they can)."""
    if side not in PARTIES:
        return f"`side` must be one of {', '.join(PARTIES)}, not {side!r}"
    if reason := may_be_taken_over(policy, state):
        return reason
    key = (state.stage, side)
    if key in state.taken_over:
        return f"the {side} side has already been taken over at stage {state.stage}"
    if key not in state.unanswered:
        return (
            f"the {side} side has not left a deadline unanswered at stage {state.stage}: "
            "only the side that did not respond is taken over"
        )
    return None


def check_take_over(policy: Policy, state: CaseView, event: TakenOver) -> str | None:
    return take_over_refusal(policy, state, event.side)

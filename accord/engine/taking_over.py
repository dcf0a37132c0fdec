"""The rules for taking a side over (Accord's `taken_over` event): the next level, told that a
side did not respond (`[non_response] alert_next_level`), takes over that side at that stage, once.
Each returns why it is refused, or None, as the rules of `accord.engine.rules` do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.engine.events import TakenOver
from accord.engine.policy.model import Policy
from accord.engine.rules import PARTIES
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop

if TYPE_CHECKING:
    from accord.engine.lifecycle import CaseView

# Whole sentences for each side (and both: "raising and receiving" as it always read).
_TAKEN_OVER_ALREADY = {
    ("raising",): gettext_noop("the raising side has already been taken over at stage %(stage)s"),
    ("receiving",): gettext_noop(
        "the receiving side has already been taken over at stage %(stage)s"
    ),
    ("raising", "receiving"): gettext_noop(
        "the raising and receiving side has already been taken over at stage %(stage)s"
    ),
}
_NOT_SILENT = {
    "raising": gettext_noop(
        "the raising side has not left a deadline unanswered at stage %(stage)s: only the side"
        " that did not respond is taken over"
    ),
    "receiving": gettext_noop(
        "the receiving side has not left a deadline unanswered at stage %(stage)s: only the side"
        " that did not respond is taken over"
    ),
}


def may_be_taken_over(policy: Policy, state: CaseView) -> str | None:
    """Some side's deadline at the current stage has passed unanswered and its next level was
    told (`[non_response] alert_next_level`), and that side is not yet taken over."""
    stage = state.stage
    if policy.non_response is None or stage is None or stage >= policy.top_stage:
        return _(
            "at stage %(stage)s the procedure has nobody at the next level to take a side over"
            " when it does not respond"
        ) % {"stage": stage}
    silent = [side for side in PARTIES if (stage, side) in state.unanswered]
    if not silent:
        return _(
            "a side is taken over at stage %(stage)s only once its deadline has passed"
            " unanswered and the next level has been told"
        ) % {"stage": stage}
    if all((stage, side) in state.taken_over for side in silent):
        return _(_TAKEN_OVER_ALREADY[tuple(silent)]) % {"stage": stage}
    return None


def take_over_refusal(policy: Policy, state: CaseView, side: str) -> str | None:
    """Why the next level of `side` cannot take the case over for it now (None: they can)."""
    if side not in PARTIES:
        return _("`side` must be one of %(sides)s, not %(side)s") % {
            "sides": ", ".join(PARTIES),
            "side": repr(side),
        }
    if reason := may_be_taken_over(policy, state):
        return reason
    key = (state.stage, side)
    if key in state.taken_over:
        return _(_TAKEN_OVER_ALREADY[(side,)]) % {"stage": state.stage}
    if key not in state.unanswered:
        return _(_NOT_SILENT[side]) % {"stage": state.stage}
    return None


def check_take_over(policy: Policy, state: CaseView, event: TakenOver) -> str | None:
    return take_over_refusal(policy, state, event.side)

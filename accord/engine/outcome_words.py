"""What a case's status and outcome are called, from its policy: the one place for both.

A resolved case "awaits sign-off" only where the policy asks someone to sign off; otherwise it is
simply resolved. An outcome recorded by the partnership's final process is that process's
decision (the resolution panel's, the chair's, the mediation's), never an "agreed outcome" nor
one "resolved at stage N". The pages, the board and the documents ask these functions.
"""

from __future__ import annotations

from typing import Final

from accord.engine.lifecycle import Status
from accord.engine.policy.model import Policy
from accord.engine.rules import sign_off_parties

STATUS_WORDS: Final[dict[str, str]] = {
    Status.OPEN: "Open",
    Status.RESOLVED: "Resolved",
    Status.SIGNED_OFF: "Signed off",
    Status.REFERRED: "Referred to the partnership",
    Status.CLOSED: "Closed",
    Status.WITHDRAWN: "Withdrawn",
}
"""A status's words where they do not depend on the policy (or no policy is known)."""

AWAITING_SIGN_OFF: Final = "Resolved – awaiting sign-off"

DECISIONS: Final[dict[str, str]] = {
    "panel": "Decision of the resolution panel",
    "chair_decision": "Decision of the partnership’s chair",
    "mediation": "Outcome agreed at mediation",
    "senior_decision": "Decision of the agencies’ most senior managers",
}
CHAIR_WITHOUT_PANEL: Final = "Decision of the partnership’s chair (no panel convened)"


def asks_sign_off(policy: Policy | None) -> bool:
    """Whether the policy asks anyone to sign off a resolved case (unknown policy: no)."""
    return policy is not None and bool(sign_off_parties(policy))


def status_words(policy: Policy | None, status: str) -> str:
    """The words for a case's `status` under `policy`: "Resolved – awaiting sign-off" only
    where the policy asks for sign-off, "Resolved" where it does not."""
    if status == Status.RESOLVED and asks_sign_off(policy):
        return AWAITING_SIGN_OFF
    return STATUS_WORDS.get(status, status.replace("_", " ").capitalize())


def outcome_title(policy: Policy, *, decided: bool, panel_convened: bool | None = None) -> str:
    """What the recorded outcome is: "Agreed outcome" at a stage; the final process's decision
    when `decided` by it (for a panel policy whose chair chose not to convene one, the chair's:
    `panel_convened` False)."""
    if not decided:
        return "Agreed outcome"
    final = policy.resolution.final
    if final == "panel" and panel_convened is False:
        return CHAIR_WITHOUT_PANEL
    return DECISIONS.get(final, "Decision of the partnership’s final process")


def outcome_event_words(
    policy: Policy, *, stage: int, decided: bool, panel_convened: bool | None = None
) -> str:
    """The timeline's words for recording the outcome."""
    if not decided:
        return f"Resolved at stage {stage}"
    return f"{outcome_title(policy, decided=True, panel_convened=panel_convened)} recorded"

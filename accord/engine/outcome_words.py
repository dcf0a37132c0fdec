"""What a case's status and outcome are called, from its policy: the one place for both.

A resolved case "awaits sign-off" only where the policy asks someone to sign off; otherwise it is
simply resolved. An outcome recorded by the partnership's final process is that process's
decision (the resolution panel's, the chair's, the mediation's), never an "agreed outcome" nor
one "resolved at stage N". The pages, the board and the documents ask these functions; their
words are in the reader's language (`accord.engine.speech`; the tables are marked, and translated
where read).
"""

from __future__ import annotations

from typing import Final

from accord.engine.lifecycle import Status
from accord.engine.policy.model import Policy
from accord.engine.rules import sign_off_parties
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop

STATUS_WORDS: Final[dict[str, str]] = {
    Status.OPEN: gettext_noop("Open"),
    Status.RESOLVED: gettext_noop("Resolved"),
    Status.SIGNED_OFF: gettext_noop("Signed off"),
    Status.REFERRED: gettext_noop("Referred to the partnership"),
    Status.CLOSED: gettext_noop("Closed"),
    Status.WITHDRAWN: gettext_noop("Withdrawn"),
}
"""A status's words where they do not depend on the policy (or no policy is known)."""

AWAITING_SIGN_OFF: Final = gettext_noop("Resolved – awaiting sign-off")

DECISIONS: Final[dict[str, str]] = {
    "panel": gettext_noop("Decision of the resolution panel"),
    "chair_decision": gettext_noop("Decision of the partnership’s chair"),
    "mediation": gettext_noop("Outcome agreed at mediation"),
    "senior_decision": gettext_noop("Decision of the agencies’ most senior managers"),
}
CHAIR_WITHOUT_PANEL: Final = gettext_noop("Decision of the partnership’s chair (no panel convened)")
ANY_FINAL_PROCESS: Final = gettext_noop("Decision of the partnership’s final process")
# The timeline's words for recording each of those (whole sentences, not "<title> recorded").
DECISIONS_RECORDED: Final[dict[str, str]] = {
    "panel": gettext_noop("Decision of the resolution panel recorded"),
    "chair_decision": gettext_noop("Decision of the partnership’s chair recorded"),
    "mediation": gettext_noop("Outcome agreed at mediation recorded"),
    "senior_decision": gettext_noop("Decision of the agencies’ most senior managers recorded"),
}
CHAIR_WITHOUT_PANEL_RECORDED: Final = gettext_noop(
    "Decision of the partnership’s chair (no panel convened) recorded"
)
ANY_FINAL_PROCESS_RECORDED: Final = gettext_noop(
    "Decision of the partnership’s final process recorded"
)


def asks_sign_off(policy: Policy | None) -> bool:
    """Whether the policy asks anyone to sign off a resolved case (unknown policy: no)."""
    return policy is not None and bool(sign_off_parties(policy))


def status_words(policy: Policy | None, status: str) -> str:
    """The words for a case's `status` under `policy`: "Resolved – awaiting sign-off" only
    where the policy asks for sign-off, "Resolved" where it does not."""
    if status == Status.RESOLVED and asks_sign_off(policy):
        return _(AWAITING_SIGN_OFF)
    if status in STATUS_WORDS:
        return _(STATUS_WORDS[status])
    return status.replace("_", " ").capitalize()


def outcome_title(policy: Policy, *, decided: bool, panel_convened: bool | None = None) -> str:
    """What the recorded outcome is: "Agreed outcome" at a stage; the final process's decision
    when `decided` by it (for a panel policy whose chair chose not to convene one, the chair's:
    `panel_convened` False)."""
    if not decided:
        return _("Agreed outcome")
    final = policy.resolution.final
    if final == "panel" and panel_convened is False:
        return _(CHAIR_WITHOUT_PANEL)
    return _(DECISIONS.get(final, ANY_FINAL_PROCESS))


def outcome_event_words(
    policy: Policy, *, stage: int, decided: bool, panel_convened: bool | None = None
) -> str:
    """The timeline's words for recording the outcome (stored with the event: the caller writes
    them `speech.in_english()`, as the case's other events are written)."""
    if not decided:
        return _("Resolved at stage %(stage)s") % {"stage": stage}
    final = policy.resolution.final
    if final == "panel" and panel_convened is False:
        return _(CHAIR_WITHOUT_PANEL_RECORDED)
    return _(DECISIONS_RECORDED.get(final, ANY_FINAL_PROCESS_RECORDED))

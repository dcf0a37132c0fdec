"""`accord policy explain`: who hears Accord's alerts, in the words of `notices.who_is_told`
(non-response, and what Accord adds to the procedure's own `notify` rules)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from accord.engine import wording as w
from accord.engine.case_state import AlertKind
from accord.engine.notices import (
    OtherHolder,
    Recipient,
    ReplacedHolder,
    StageHolders,
    WaitingHolder,
    who_is_told,
)
from accord.engine.page import Page
from accord.engine.policy.model import Policy


def told(found: Sequence[Recipient], roles: Mapping[str, str], *, stage: int) -> str:
    """Who `notices.who_is_told` says hears an alert about `stage`, in words."""
    words = []
    for recipient in found:
        if isinstance(recipient, StageHolders):
            which = "the next stage" if recipient.stage == stage + 1 else f"stage {recipient.stage}"
            words.append(f"the holders of {which}")
        elif isinstance(recipient, WaitingHolder):
            words.append("the holder on the side that must act")
        elif isinstance(recipient, OtherHolder):
            words.append("the holder on the other side")
        elif isinstance(recipient, ReplacedHolder):
            words.append("the holder it replaces")
        else:
            words.append(w.SIDES.get(recipient) or roles.get(recipient, recipient))
    return w.joined(words)


def non_response(page: Page, policy: Policy) -> None:
    page.heading("When a party does not respond")
    rule = policy.non_response
    if rule is None:
        page.say("The procedure sets no action when a party does not respond by a deadline.")
        return
    after = w.amount(rule.grace.within or 1, rule.grace.unit)
    if policy.top_stage > 1:
        below = told(who_is_told(policy, AlertKind.NON_RESPONSE, stage=1), policy.roles, stage=1)
        page.say(
            f"If a party has not responded {after} after a step or stage deadline, tell {below}"
            " that a response is needed."
        )
        taken = told(who_is_told(policy, AlertKind.TAKEN_OVER, stage=1), policy.roles, stage=1)
        page.say(
            "The next level on the side that did not respond may then take the case over for"
            f" that side (once a stage); Accord tells {taken} at once."
        )
    top = policy.top_stage
    at_top = who_is_told(policy, AlertKind.NON_RESPONSE, stage=top)
    whom = f"tell: {told(at_top, policy.roles, stage=top)}" if at_top else "nobody is told"
    page.say(f"At stage {top}, the top of the ladder, {whom}.")


# Accord's own alerts that `explain` lists here (urgency, non-response and referral are told in
# their own sections), with when each falls.
_ALERTS = (
    (AlertKind.RAISED, "At once when a case is raised (not urgent)"),
    (AlertKind.RESPONDED, "At once when the receiving side responds or proposes"),
    (AlertKind.MOVED_ON, "At once when a case is escalated, of the stage it leaves"),
    (AlertKind.ESCALATED, "At once when a case is escalated, of the stage it reaches"),
    (AlertKind.RESOLUTION, "At once when an outcome is recorded"),
    (AlertKind.SIGNED_OFF, "At once when a party signs off the outcome"),
    (AlertKind.DUE_SOON, "The working day before a dated deadline"),
    (AlertKind.PASSED, "The day after a dated deadline passes, if it is not done"),
    (AlertKind.NUDGE, "While a deadline has no date, at each reminder"),
    (AlertKind.NUDGES_STOPPED, "Once, when the last reminder has gone unanswered"),
    (AlertKind.OUTCOME, "When the case is resolved (unless a rule above already tells them)"),
    (AlertKind.CLOSED, "When the case is closed"),
)


_ADVICE = (AlertKind.ADVISED, "At once when one of a stage's advisers records advice")


def alerts(page: Page, policy: Policy) -> None:
    page.heading("What Accord adds")
    page.say(
        "Besides the people the procedure names, Accord tells (in the service and by e-mail;"
        " never the person who took the action):"
    )
    told_of = _ALERTS + ((_ADVICE,) if any(s.advisers for s in policy.stages) else ())
    for kind, when in told_of:
        page.item(f"{when}: {told(who_is_told(policy, kind, stage=1), policy.roles, stage=1)}.")

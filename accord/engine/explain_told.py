"""`accord policy explain`: who hears Accord's alerts, in the words of `notices.who_is_told`
(non-response, and what Accord adds to the procedure's own `notify` rules)."""

from __future__ import annotations

from accord.engine import wording as w
from accord.engine.case_state import AlertKind
from accord.engine.notices import who_is_told
from accord.engine.policy.model import Policy


def non_response(page: w.Page, policy: Policy) -> None:
    page.heading("When a party does not respond")
    rule = policy.non_response
    if rule is None:
        page.say("The procedure sets no action when a party does not respond by a deadline.")
        return
    after = w.amount(rule.grace.within or 1, rule.grace.unit)
    if policy.top_stage > 1:
        below = w.told(who_is_told(policy, AlertKind.NON_RESPONSE, stage=1), policy.roles, stage=1)
        page.say(
            f"If a party has not responded {after} after a step or stage deadline, tell {below}"
            " that a response is needed."
        )
    top = policy.top_stage
    at_top = who_is_told(policy, AlertKind.NON_RESPONSE, stage=top)
    told = f"tell: {w.told(at_top, policy.roles, stage=top)}" if at_top else "nobody is told"
    page.say(f"At stage {top}, the top of the ladder, {told}.")


# Accord's own alerts that `explain` lists here (urgency, non-response and referral are told in
# their own sections), with when each falls.
_ALERTS = (
    (AlertKind.DUE_SOON, "The working day before a dated deadline"),
    (AlertKind.PASSED, "The day after a dated deadline passes, if it is not done"),
    (AlertKind.NUDGE, "While a deadline has no date, at each reminder"),
    (AlertKind.NUDGES_STOPPED, "Once, when the last reminder has gone unanswered"),
    (AlertKind.OUTCOME, "When the case is resolved (unless a rule above already tells them)"),
    (AlertKind.CLOSED, "When the case is closed"),
)


def alerts(page: w.Page, policy: Policy) -> None:
    page.heading("What Accord adds")
    page.say("Besides the people the procedure names, Accord tells:")
    for kind, when in _ALERTS:
        page.item(f"{when}: {w.told(who_is_told(policy, kind, stage=1), policy.roles, stage=1)}.")

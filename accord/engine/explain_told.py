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
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop


def told(found: Sequence[Recipient], roles: Mapping[str, str], *, stage: int) -> str:
    """Who `notices.who_is_told` says hears an alert about `stage`, in words."""
    words = []
    for recipient in found:
        if isinstance(recipient, StageHolders):
            words.append(
                _("the holders of the next stage")
                if recipient.stage == stage + 1
                else _("the holders of stage %(number)s") % {"number": recipient.stage}
            )
        elif isinstance(recipient, WaitingHolder):
            words.append(_("the holder on the side that must act"))
        elif isinstance(recipient, OtherHolder):
            words.append(_("the holder on the other side"))
        elif isinstance(recipient, ReplacedHolder):
            words.append(_("the holder it replaces"))
        elif recipient in w.SIDES:
            words.append(_(w.SIDES[recipient]))
        else:
            words.append(roles.get(recipient, recipient))
    return w.joined(words)


def non_response(page: Page, policy: Policy) -> None:
    page.heading(_("When a party does not respond"))
    rule = policy.non_response
    if rule is None:
        page.say(_("The procedure sets no action when a party does not respond by a deadline."))
        return
    after = w.amount(rule.grace.within or 1, rule.grace.unit)
    if policy.top_stage > 1:
        below = told(who_is_told(policy, AlertKind.NON_RESPONSE, stage=1), policy.roles, stage=1)
        page.say(
            _(
                "If a party has not responded %(after)s after a step or stage deadline, tell"
                " %(whom)s that a response is needed."
            )
            % {"after": after, "whom": below}
        )
        taken = told(who_is_told(policy, AlertKind.TAKEN_OVER, stage=1), policy.roles, stage=1)
        page.say(
            _(
                "The next level on the side that did not respond may then take the case over for"
                " that side (once a stage); Accord tells %(whom)s at once."
            )
            % {"whom": taken}
        )
    top = policy.top_stage
    at_top = who_is_told(policy, AlertKind.NON_RESPONSE, stage=top)
    if at_top:
        page.say(
            _("At stage %(top)s, the top of the ladder, tell: %(whom)s.")
            % {"top": top, "whom": told(at_top, policy.roles, stage=top)}
        )
    else:
        page.say(_("At stage %(top)s, the top of the ladder, nobody is told.") % {"top": top})


# Accord's own alerts that `explain` lists here (urgency, non-response and referral are told in
# their own sections), with when each falls.
_ALERTS = (
    (AlertKind.RAISED, gettext_noop("At once when a case is raised (not urgent)")),
    (AlertKind.RESPONDED, gettext_noop("At once when the receiving side responds or proposes")),
    (AlertKind.MOVED_ON, gettext_noop("At once when a case is escalated, of the stage it leaves")),
    (
        AlertKind.ESCALATED,
        gettext_noop("At once when a case is escalated, of the stage it reaches"),
    ),
    (AlertKind.RESOLUTION, gettext_noop("At once when an outcome is recorded")),
    (AlertKind.SIGNED_OFF, gettext_noop("At once when a party signs off the outcome")),
    (AlertKind.DUE_SOON, gettext_noop("The working day before a dated deadline")),
    (AlertKind.PASSED, gettext_noop("The day after a dated deadline passes, if it is not done")),
    (AlertKind.NUDGE, gettext_noop("While a deadline has no date, at each reminder")),
    (AlertKind.NUDGES_STOPPED, gettext_noop("Once, when the last reminder has gone unanswered")),
    (
        AlertKind.OUTCOME,
        gettext_noop("When the case is resolved (unless a rule above already tells them)"),
    ),
    (AlertKind.CLOSED, gettext_noop("When the case is closed")),
)


_ADVICE = (AlertKind.ADVISED, gettext_noop("At once when one of a stage's advisers records advice"))


def alerts(page: Page, policy: Policy) -> None:
    page.heading(_("What Accord adds"))
    page.say(
        _(
            "Besides the people the procedure names, Accord tells (in the service and by e-mail;"
            " never the person who took the action):"
        )
    )
    told_of = _ALERTS + ((_ADVICE,) if any(s.advisers for s in policy.stages) else ())
    for kind, when in told_of:
        whom = told(who_is_told(policy, kind, stage=1), policy.roles, stage=1)
        page.item(_("%(when)s: %(whom)s.") % {"when": _(when), "whom": whom})

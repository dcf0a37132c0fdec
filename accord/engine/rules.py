"""The rules the lifecycle's transitions apply: each returns why an event is refused, or None.

Guards (two arguments) read the case only; checks (three) also read the event. Messages name what
is wrong and what to do instead; `lifecycle.check_event` prefixes them with the event.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from accord.engine.deadlines import UNFINISHED
from accord.engine.events import (
    DeadlineSet,
    Escalated,
    FactSet,
    Raised,
    Responded,
    SignedOff,
    StepDone,
)
from accord.engine.london import london_date
from accord.engine.policy.model import AGENCY_KINDS, Policy, Stage, Unit, choose
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop

if TYPE_CHECKING:
    from accord.engine.lifecycle import CaseView

PARTIES = ("raising", "receiving")
POSITIONS = ("agree", "propose", "disagree")
# Whole sentences for each party (messages name the party; a sentence is never built from one).
_PARTY_SIGNED_OFF = {
    "raising": gettext_noop("the raising party has already signed off"),
    "receiving": gettext_noop("the receiving party has already signed off"),
}
_WAITING_FOR = {
    ("raising",): gettext_noop("sign-off is not complete: waiting for the raising party"),
    ("receiving",): gettext_noop("sign-off is not complete: waiting for the receiving party"),
    ("raising", "receiving"): gettext_noop(
        "sign-off is not complete: waiting for the raising and receiving parties"
    ),
}


def label(policy: Policy) -> str:
    return f"{policy.id} {policy.version}"


def sign_off_parties(policy: Policy) -> frozenset[str]:
    """The parties whose sign-off completes a resolved case."""
    return {
        "both_parties": frozenset(PARTIES),
        "raising_party": frozenset({"raising"}),
    }.get(policy.resolution.sign_off, frozenset())


def _current(policy: Policy, state: CaseView) -> Stage:
    assert state.stage is not None  # an open case is always at a stage
    return policy.stage(state.stage)


def check_raised(policy: Policy, state: CaseView, event: Raised) -> str | None:
    stage, starts = event.stage, policy.immediate_risk.may_start_at
    if not 1 <= stage <= policy.top_stage:
        return _no_stage(policy, stage)
    if stage > 1 and stage not in starts:
        allowed = ", ".join(map(str, starts)) or _("none")
        return _(
            "a case may start above stage 1 only at a stage in immediate_risk.may_start_at"
            " (%(allowed)s), not at stage %(stage)s"
        ) % {"allowed": allowed, "stage": stage}
    if stage > 1 and not event.urgent:
        return _(
            "a case starts at stage 1 unless it is urgent; mark it urgent to start at %(stage)s"
        ) % {"stage": stage}
    return (
        _check_facts(policy, event.facts)
        or _check_subject(policy, event.subject)
        or _check_agency("raising_agency", event.raising_agency)
        or _check_agency("receiving_agency", event.receiving_agency)
        or _check_concern(event)
    )


def _no_stage(policy: Policy, stage: int) -> str:
    return _("stage %(stage)s does not exist: %(policy)s has stages 1 to %(top)s") % {
        "stage": stage,
        "policy": label(policy),
        "top": policy.top_stage,
    }


def _check_facts(policy: Policy, facts: dict[str, bool]) -> str | None:
    for fact, value in facts.items():
        if fact not in policy.facts:
            return unknown_fact(policy, fact)
        if not isinstance(value, bool):
            return _not_yes_or_no(fact)
    return None


def _not_yes_or_no(fact: str) -> str:
    return _("fact %(fact)s must be true or false") % {"fact": repr(fact)}


def unknown_fact(policy: Policy, fact: str) -> str:
    declared = ", ".join(policy.facts) or _("none")
    return _("fact %(fact)s is not declared in [facts] of %(policy)s (declared: %(declared)s)") % {
        "fact": repr(fact),
        "policy": label(policy),
        "declared": declared,
    }


def _check_subject(policy: Policy, subject: str | None) -> str | None:
    if subject is None or subject in policy.subjects:
        return None
    subjects = ", ".join(policy.subjects)
    return _("subject %(subject)s is not one of %(policy)s's subjects (%(subjects)s)") % {
        "subject": repr(subject),
        "policy": label(policy),
        "subjects": subjects,
    }


def _check_agency(field: str, kind: str | None) -> str | None:
    if kind is None or kind in AGENCY_KINDS:
        return None
    return _("%(field)s %(kind)s is not a kind of agency (%(kinds)s)") % {
        "field": field,
        "kind": repr(kind),
        "kinds": ", ".join(AGENCY_KINDS),
    }


def _check_concern(event: Raised) -> str | None:
    raised_on = london_date(event.at)
    if event.concern_on is not None and event.concern_on > raised_on:
        return _(
            "concern_on %(concern_on)s is after the day the case is raised (%(raised_on)s);"
            " a concern is identified on or before it is raised"
        ) % {"concern_on": event.concern_on, "raised_on": raised_on}
    return None


def steps_to_do(policy: Policy, state: CaseView) -> str | None:
    stage = _current(policy, state)
    if any(s.id not in state.steps_done for s in stage.steps):
        return None
    if not stage.steps:
        return _("stage %(stage)s has no steps") % {"stage": stage.number}
    return _("every step of stage %(stage)s is done") % {"stage": stage.number}


def check_step(policy: Policy, state: CaseView, event: StepDone) -> str | None:
    stage = _current(policy, state)
    step = stage.step(event.step)
    if step is None:
        steps = ", ".join(s.id for s in stage.steps)
        words = {"stage": stage.number, "step": repr(event.step), "steps": steps}
        if steps:
            return _("stage %(stage)s has no step %(step)s (its steps: %(steps)s)") % words
        return _("stage %(stage)s has no step %(step)s (it has no steps)") % words
    done = state.steps_done.get(step.id)
    if done is not None:
        return _("step %(step)s of stage %(stage)s was already done on %(day)s") % {
            "step": repr(step.id),
            "stage": stage.number,
            "day": london_date(done),
        }
    if state.deadline(f"stage:{stage.number}/step:{step.id}") is None:
        after = choose(step.due, dict(state.facts)).anchor.removeprefix("step:")
        return _("step %(step)s of stage %(stage)s follows step %(after)s, not done yet") % {
            "step": repr(step.id),
            "stage": stage.number,
            "after": repr(after),
        }
    return None


def check_response(policy: Policy, state: CaseView, event: Responded) -> str | None:
    if event.position in POSITIONS:
        return None
    return _("position must be one of %(positions)s, not %(position)s") % {
        "positions": ", ".join(POSITIONS),
        "position": repr(event.position),
    }


def below_top(policy: Policy, state: CaseView) -> str | None:
    if state.stage is not None and state.stage < policy.top_stage:
        return None
    return _(
        "stage %(top)s is the top stage of %(policy)s; refer the case to the partnership's final"
        " process instead"
    ) % {"top": policy.top_stage, "policy": label(policy)}


def check_escalation(policy: Policy, state: CaseView, event: Escalated) -> str | None:
    current = _current(policy, state).number
    target = current + 1 if event.to_stage is None else event.to_stage
    if target <= current:
        return _(
            "a case never moves down or stays at its stage: it is at stage %(current)s, and the"
            " event names stage %(target)s"
        ) % {"current": current, "target": target}
    if target > policy.top_stage:
        return _no_stage(policy, target)
    urgent_jump = state.urgent and target in policy.immediate_risk.may_start_at
    if target > current + 1 and not (policy.may_skip or urgent_jump):
        return _(
            "escalation moves one stage up, to stage %(next)s; moving to stage %(target)s needs"
            " an urgent case and stage %(target)s in immediate_risk.may_start_at, or"
            " [escalation] may_skip = true"
        ) % {"next": current + 1, "target": target}
    return None


def at_top(policy: Policy, state: CaseView) -> str | None:
    if state.stage == policy.top_stage:
        return None
    return _(
        "only a case unresolved at the top stage (%(top)s) is referred; escalate it from stage"
        " %(stage)s instead"
    ) % {"top": policy.top_stage, "stage": state.stage}


def sign_off_outstanding(policy: Policy, state: CaseView) -> str | None:
    if sign_off_parties(policy):
        return None
    return _("%(policy)s needs no sign-off (sign_off = none); close the case instead") % {
        "policy": label(policy)
    }


def check_sign_off(policy: Policy, state: CaseView, event: SignedOff) -> str | None:
    if event.party not in PARTIES:
        return _("party must be `raising` or `receiving`, not %(party)s") % {
            "party": repr(event.party)
        }
    if event.party not in sign_off_parties(policy):
        return _("only the raising party signs off under %(policy)s (sign_off = %(sign_off)s)") % {
            "policy": label(policy),
            "sign_off": policy.resolution.sign_off,
        }
    if event.party in state.signed_off:
        return _(_PARTY_SIGNED_OFF[event.party])
    return None


def needs_no_sign_off(policy: Policy, state: CaseView) -> str | None:
    missing = sorted(sign_off_parties(policy) - state.signed_off)
    if not missing:
        return None
    return _(_WAITING_FOR[tuple(missing)])


def has_facts(policy: Policy, state: CaseView) -> str | None:
    if policy.facts:
        return None
    return _("%(policy)s declares no facts") % {"policy": label(policy)}


def check_fact(policy: Policy, state: CaseView, event: FactSet) -> str | None:
    if event.fact not in policy.facts:
        return unknown_fact(policy, event.fact)
    if not isinstance(event.value, bool):
        return _not_yes_or_no(event.fact)
    return None


def has_open_deadline(policy: Policy, state: CaseView) -> str | None:
    """An open deadline can be brought forward; an overdue one only takes a date when it is of
    unit `none` or `agreed` (any other new due would be before the event's own date)."""
    if any(
        d.status == "open" or (d.status == "overdue" and d.unit in (Unit.NONE, Unit.AGREED))
        for d in state.deadlines
    ):
        return None
    return _("the case has no deadline that can be set")


def check_deadline_set(policy: Policy, state: CaseView, event: DeadlineSet) -> str | None:
    deadline = state.deadline(event.deadline)
    if deadline is None:
        known = ", ".join(d.id for d in state.deadlines if d.status in UNFINISHED) or _("none")
        return _("the case has no deadline %(deadline)s (open deadlines: %(known)s)") % {
            "deadline": repr(event.deadline),
            "known": known,
        }
    named = {"deadline": repr(deadline.id)}
    if deadline.status not in UNFINISHED:
        return _("deadline %(deadline)s is %(status)s; only an open or overdue one is set") % (
            named | {"status": deadline.status}
        )
    if not event.reason.strip():
        return _("setting deadline %(deadline)s needs a reason") % named
    new, current = event.due, deadline.due
    hours = deadline.unit is Unit.HOURS
    if hours != isinstance(new, datetime):
        if hours:
            wanted = _("deadline %(deadline)s is counted in %(unit)s; give `due` as a date-time")
        else:
            wanted = _(
                "deadline %(deadline)s is counted in %(unit)s; give `due` as a date (YYYY-MM-DD)"
            )
        return wanted % (named | {"unit": deadline.unit})
    too_early = new < event.at if isinstance(new, datetime) else new < london_date(event.at)
    if too_early:
        return _("the new due %(due)s is before the event's own date; it cannot be past") % {
            "due": new.isoformat()
        }
    if deadline.unit in (Unit.NONE, Unit.AGREED) or current is None:
        return None
    if type(new) is type(current) and new == current:
        return _("deadline %(deadline)s is already due on %(due)s: nothing changes") % (
            named | {"due": new.isoformat()}
        )
    if type(new) is type(current) and new > current:
        return _(
            "deadline %(deadline)s is due on %(due)s; a deadline is brought forward, never put"
            " back (only `none` and `agreed` deadlines take a later date)"
        ) % (named | {"due": current.isoformat()})
    return None


def has_advisers(policy: Policy, state: CaseView) -> str | None:
    """The current stage names advisers (policy format 4.5)."""
    if state.stage is not None and _current(policy, state).advisers:
        return None
    return _("the procedure names no advisers at stage %(stage)s") % {"stage": state.stage}

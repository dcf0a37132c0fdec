"""The rules the lifecycle's transitions apply: each returns why an event is refused, or None.

Guards (two arguments) read the case only; checks (three) also read the event. Messages name what
is wrong and what to do instead; `lifecycle.check_event` prefixes them with the event.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from accord.engine.lifecycle import CaseView

PARTIES = ("raising", "receiving")
POSITIONS = ("agree", "propose", "disagree")
_UNFINISHED = ("open", "overdue")


def label(policy: Policy) -> str:
    return f"{policy.id} {policy.version}"


def sign_off_parties(policy: Policy) -> frozenset[str]:
    """The parties whose sign-off completes a resolved case."""
    return {
        "both_parties": frozenset(PARTIES),
        "raising_party": frozenset({"raising"}),
    }.get(policy.resolution.sign_off, frozenset())


def _stages(policy: Policy) -> str:
    return f"{label(policy)} has stages 1 to {policy.top_stage}"


def _current(policy: Policy, state: CaseView) -> Stage:
    assert state.stage is not None  # an open case is always at a stage
    return policy.stage(state.stage)


def check_raised(policy: Policy, state: CaseView, event: Raised) -> str | None:
    stage, starts = event.stage, policy.immediate_risk.may_start_at
    if not 1 <= stage <= policy.top_stage:
        return f"stage {stage} does not exist: {_stages(policy)}"
    if stage > 1 and stage not in starts:
        allowed = ", ".join(map(str, starts)) or "none"
        return (
            f"a case may start above stage 1 only at a stage in immediate_risk.may_start_at "
            f"({allowed}), not at stage {stage}"
        )
    if stage > 1 and not event.urgent:
        return f"a case starts at stage 1 unless it is urgent; mark it urgent to start at {stage}"
    return (
        _check_facts(policy, event.facts)
        or _check_subject(policy, event.subject)
        or _check_agency("raising_agency", event.raising_agency)
        or _check_agency("receiving_agency", event.receiving_agency)
        or _check_concern(event)
    )


def _check_facts(policy: Policy, facts: dict[str, bool]) -> str | None:
    for fact, value in facts.items():
        if fact not in policy.facts:
            return unknown_fact(policy, fact)
        if not isinstance(value, bool):
            return f"fact {fact!r} must be true or false"
    return None


def unknown_fact(policy: Policy, fact: str) -> str:
    declared = ", ".join(policy.facts) or "none"
    return f"fact {fact!r} is not declared in [facts] of {label(policy)} (declared: {declared})"


def _check_subject(policy: Policy, subject: str | None) -> str | None:
    if subject is None or subject in policy.subjects:
        return None
    subjects = ", ".join(policy.subjects)
    return f"subject {subject!r} is not one of {label(policy)}'s subjects ({subjects})"


def _check_agency(field: str, kind: str | None) -> str | None:
    if kind is None or kind in AGENCY_KINDS:
        return None
    return f"{field} {kind!r} is not a kind of agency ({', '.join(AGENCY_KINDS)})"


def _check_concern(event: Raised) -> str | None:
    raised_on = london_date(event.at)
    if event.concern_on is not None and event.concern_on > raised_on:
        return (
            f"concern_on {event.concern_on} is after the day the case is raised ({raised_on}); "
            "a concern is identified on or before it is raised"
        )
    return None


def steps_to_do(policy: Policy, state: CaseView) -> str | None:
    stage = _current(policy, state)
    if any(s.id not in state.steps_done for s in stage.steps):
        return None
    if not stage.steps:
        return f"stage {stage.number} has no steps"
    return f"every step of stage {stage.number} is done"


def check_step(policy: Policy, state: CaseView, event: StepDone) -> str | None:
    stage = _current(policy, state)
    step = stage.step(event.step)
    if step is None:
        steps = ", ".join(s.id for s in stage.steps)
        has = f"its steps: {steps}" if steps else "it has no steps"
        return f"stage {stage.number} has no step {event.step!r} ({has})"
    done = state.steps_done.get(step.id)
    if done is not None:
        return f"step {step.id!r} of stage {stage.number} was already done on {london_date(done)}"
    if state.deadline(f"stage:{stage.number}/step:{step.id}") is None:
        after = choose(step.due, dict(state.facts)).anchor.removeprefix("step:")
        return f"step {step.id!r} of stage {stage.number} follows step {after!r}, not done yet"
    return None


def check_response(policy: Policy, state: CaseView, event: Responded) -> str | None:
    if event.position in POSITIONS:
        return None
    return f"position must be one of {', '.join(POSITIONS)}, not {event.position!r}"


def below_top(policy: Policy, state: CaseView) -> str | None:
    if state.stage is not None and state.stage < policy.top_stage:
        return None
    return (
        f"stage {policy.top_stage} is the top stage of {label(policy)}; "
        "refer the case to the partnership's final process instead"
    )


def check_escalation(policy: Policy, state: CaseView, event: Escalated) -> str | None:
    current = _current(policy, state).number
    target = current + 1 if event.to_stage is None else event.to_stage
    if target <= current:
        return (
            f"a case never moves down or stays at its stage: it is at stage {current}, "
            f"and the event names stage {target}"
        )
    if target > policy.top_stage:
        return f"stage {target} does not exist: {_stages(policy)}"
    urgent_jump = state.urgent and target in policy.immediate_risk.may_start_at
    if target > current + 1 and not (policy.may_skip or urgent_jump):
        return (
            f"escalation moves one stage up, to stage {current + 1}; moving to stage {target} "
            f"needs an urgent case and stage {target} in immediate_risk.may_start_at, "
            "or [escalation] may_skip = true"
        )
    return None


def at_top(policy: Policy, state: CaseView) -> str | None:
    if state.stage == policy.top_stage:
        return None
    return (
        f"only a case unresolved at the top stage ({policy.top_stage}) is referred; "
        f"escalate it from stage {state.stage} instead"
    )


def sign_off_outstanding(policy: Policy, state: CaseView) -> str | None:
    if sign_off_parties(policy):
        return None
    return f"{label(policy)} needs no sign-off (sign_off = none); close the case instead"


def check_sign_off(policy: Policy, state: CaseView, event: SignedOff) -> str | None:
    if event.party not in PARTIES:
        return f"party must be `raising` or `receiving`, not {event.party!r}"
    if event.party not in sign_off_parties(policy):
        return (
            f"only the raising party signs off under {label(policy)} "
            f"(sign_off = {policy.resolution.sign_off})"
        )
    if event.party in state.signed_off:
        return f"the {event.party} party has already signed off"
    return None


def needs_no_sign_off(policy: Policy, state: CaseView) -> str | None:
    missing = sorted(sign_off_parties(policy) - state.signed_off)
    if not missing:
        return None
    parties = "party" if len(missing) == 1 else "parties"
    return f"sign-off is not complete: waiting for the {' and '.join(missing)} {parties}"


def has_facts(policy: Policy, state: CaseView) -> str | None:
    return None if policy.facts else f"{label(policy)} declares no facts"


def check_fact(policy: Policy, state: CaseView, event: FactSet) -> str | None:
    if event.fact not in policy.facts:
        return unknown_fact(policy, event.fact)
    if not isinstance(event.value, bool):
        return f"fact {event.fact!r} must be true or false"
    return None


def has_open_deadline(policy: Policy, state: CaseView) -> str | None:
    """An open deadline can be brought forward; an overdue one only takes a date when it is of
    unit `none` or `agreed` (any other new due would be before the event's own date)."""
    if any(
        d.status == "open" or (d.status == "overdue" and d.unit in (Unit.NONE, Unit.AGREED))
        for d in state.deadlines
    ):
        return None
    return "the case has no deadline that can be set"


def check_deadline_set(policy: Policy, state: CaseView, event: DeadlineSet) -> str | None:
    deadline = state.deadline(event.deadline)
    if deadline is None:
        known = ", ".join(d.id for d in state.deadlines if d.status in _UNFINISHED) or "none"
        return f"the case has no deadline {event.deadline!r} (open deadlines: {known})"
    if deadline.status not in _UNFINISHED:
        return f"deadline {deadline.id!r} is {deadline.status}; only an open or overdue one is set"
    if not event.reason.strip():
        return f"setting deadline {deadline.id!r} needs a reason"
    new, current = event.due, deadline.due
    hours = deadline.unit is Unit.HOURS
    if hours != isinstance(new, datetime):
        wanted = "a date-time" if hours else "a date (YYYY-MM-DD)"
        return f"deadline {deadline.id!r} is counted in {deadline.unit}; give `due` as {wanted}"
    too_early = new < event.at if isinstance(new, datetime) else new < london_date(event.at)
    if too_early:
        return f"the new due {new.isoformat()} is before the event's own date; it cannot be past"
    if deadline.unit in (Unit.NONE, Unit.AGREED) or current is None:
        return None
    if type(new) is type(current) and new == current:
        return f"deadline {deadline.id!r} is already due on {new.isoformat()}: nothing changes"
    if type(new) is type(current) and new > current:
        return (
            f"deadline {deadline.id!r} is due on {current.isoformat()}; a deadline is brought "
            f"forward, never put back (only `none` and `agreed` deadlines take a later date)"
        )
    return None


def has_advisers(policy: Policy, state: CaseView) -> str | None:
    """The current stage names advisers (policy format 4.5)."""
    if state.stage is not None and _current(policy, state).advisers:
        return None
    return f"the procedure names no advisers at stage {state.stage}"

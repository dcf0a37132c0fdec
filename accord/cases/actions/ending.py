"""Ending a case: resolving, signing off, referring to the top process, closing, withdrawing."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from accord.accounts.models import Person
from accord.engine.events import (
    Closed,
    Event,
    FactSet,
    Referred,
    Resolved,
    SignedOff,
    Withdrawn,
)
from accord.engine.london import london_date
from accord.engine.outcome_words import outcome_event_words
from accord.engine.speech import in_english

from ..case_reading import panel_decision
from ..models import Case, CaseStatus, Debrief, DebriefOutcome, Outcome, Side, SignOff
from ..plausible import held_problem
from ._allowed import lock_allowed, require_allowed
from ._core import (
    CaseActionRejected,
    commit_transition,
    fact_words,
    lock_case,
    one_transaction,
    record_only,
)

DEBRIEF_BEFORE_RAISED = gettext_lazy(
    "The date the debrief was held must be on or after the date the case was raised (%(raised)s)"
)


@one_transaction
def resolve_case(
    *,
    case: Case,
    actor: Person,
    agreed_outcome: str,
    now: datetime,
    seen: int | None = None,
    outstanding_issues: str = "",
    pursuit: str = "",
    without_consensus: str = "",
    facts: dict[str, bool] | None = None,
) -> Outcome:
    """Record the outcome agreed at the current stage (or decided at the top process).

    `without_consensus`: why it is recorded though a party does not agree (kept in the event).
    `facts`: the answers to the questions the policy asks when the outcome is recorded
    (`[resolution] ask`), each recorded (a `fact_set`) before the outcome, so the records the
    outcome sets off read them; only those questions may be answered here."""
    if not agreed_outcome.strip():
        raise CaseActionRejected(gettext("Record the agreed outcome before resolving the case"))
    if outstanding_issues.strip() and not pursuit.strip():
        raise CaseActionRejected(gettext("Say how the outstanding issues will be pursued"))
    locked = lock_case(case, seen=seen, actor=actor)  # its roles read with the lock
    decision = locked.case.status == CaseStatus.REFERRED
    require_allowed(locked, actor, "record_decision" if decision else "resolve", now=now)
    asked = locked.policy.resolution_facts
    for fact, value in (facts or {}).items():
        if fact not in asked:
            raise CaseActionRejected(
                gettext("The procedure does not ask “%(question)s” when resolving")
                % {"question": fact}
            )
        commit_transition(
            locked,
            event=FactSet(at=now, fact=fact, value=value),
            actor=actor,
            summary=fact_words(asked[fact], value),
            now=now,
        )
        locked = lock_case(locked.case)
    with in_english():  # the event's summary is a record, in English like the case's others
        summary = outcome_event_words(
            locked.policy,
            stage=locked.case.stage,
            decided=decision,
            panel_convened=panel_decision(locked.history),
        )
    commit_transition(
        locked,
        event=Resolved(at=now),
        actor=actor,
        summary=summary,
        now=now,
        extra={"without_consensus": without_consensus} if without_consensus.strip() else None,
    )
    return Outcome.objects.create(
        case=locked.case,
        stage=locked.case.stage,
        agreed_outcome=agreed_outcome,
        outstanding_issues=outstanding_issues,
        pursuit=pursuit,
        recorded_by=actor,
        recorded_at=now,
    )


@one_transaction
def sign_off(
    *, case: Case, actor: Person, side: str, now: datetime, seen: int | None = None
) -> SignOff:
    """One side confirms the outcome in writing (`side`: raising or receiving)."""
    if side not in Side.values:
        raise CaseActionRejected(
            gettext("A side is raising or receiving, not %(side)s") % {"side": repr(side)}
        )
    locked = lock_allowed(case, actor, f"sign_off_{side}", now=now, seen=seen)
    commit_transition(
        locked,
        event=SignedOff(at=now, party=side),
        actor=actor,
        summary=f"Outcome signed off by the {side} side",
        now=now,
    )
    return SignOff.objects.create(case=locked.case, side=side, person=actor, signed_at=now)


@one_transaction
def refer_case(
    *, case: Case, actor: Person, reason: str, now: datetime, seen: int | None = None
) -> Case:
    """Unresolved at the top stage: refer to the partnership's final process."""
    if not reason.strip():
        raise CaseActionRejected(gettext("Say why the case is being referred"))
    event = Referred(at=now, reason=reason)
    return _end(case, actor, "refer", event, "Referred to the partnership's final process", seen)


@one_transaction
def close_case(*, case: Case, actor: Person, now: datetime, seen: int | None = None) -> Case:
    """Close the case; its holders stop holding it (as when it is withdrawn)."""
    return _end(case, actor, "close", Closed(at=now), "Case closed", seen)


@one_transaction
def withdraw_case(
    *, case: Case, actor: Person, reason: str, now: datetime, seen: int | None = None
) -> Case:
    """The raiser withdraws the case, with a reason; nothing more can happen to it."""
    if not reason.strip():
        raise CaseActionRejected(gettext("Say why the case is being withdrawn"))
    return _end(case, actor, "withdraw", Withdrawn(at=now, reason=reason), "Case withdrawn", seen)


def _end(
    case: Case, actor: Person, action: str, event: Event, summary: str, seen: int | None
) -> Case:
    """Referring, closing and withdrawing: `event` committed once `actor` may take `action`."""
    locked = lock_allowed(case, actor, action, now=event.at, seen=seen)
    commit_transition(locked, event=event, actor=actor, summary=summary, now=event.at)
    return locked.case


@transaction.atomic
def record_debrief(
    *,
    case: Case,
    actor: Person,
    outcome: str,
    now: datetime,
    held_on: date | None = None,
    notes: str = "",
    seen: int | None = None,
) -> Debrief:
    """Record the debrief the policy offers or requires: held (on a date, with notes) or
    declined. Recorded once the outcome is agreed, before the case is closed."""
    if outcome not in DebriefOutcome.values:
        raise CaseActionRejected(gettext("Say whether the debrief was held or declined"))
    if outcome == DebriefOutcome.HELD and held_on is None:
        raise CaseActionRejected(gettext("Enter the date the debrief was held"))
    if held_on is not None and held_on > now.date():
        raise CaseActionRejected(gettext("Record a debrief once it has been held"))
    if held_on is not None and (
        problem := held_problem(
            held_on, raised_on=london_date(case.raised_at), message=DEBRIEF_BEFORE_RAISED
        )
    ):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_debrief", now=now, seen=seen)
    debrief = Debrief.objects.create(
        case=locked.case,
        outcome=outcome,
        held_on=held_on if outcome == DebriefOutcome.HELD else None,
        notes=notes,
        recorded_by=actor,
        recorded_at=now,
    )
    record_only(
        locked,
        kind="debrief_recorded",
        actor=actor,
        summary="Debrief held"
        if outcome == DebriefOutcome.HELD
        else "Debrief offered and declined",
        details={"debrief": debrief.pk, "outcome": outcome},
        now=now,
    )
    return debrief

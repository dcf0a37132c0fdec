"""Moving a case along its stage: responding, completing steps, escalating."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext, ngettext_lazy

from accord.accounts.levels import holder_refusal, levels_present
from accord.accounts.models import Agency, Person
from accord.engine.events import Escalated, Responded, StepDone

from ..deferred import current as deferred_writes
from ..models import Case
from ..plausible import LONG_TEXT, too_long
from ._allowed import lock_allowed
from ._core import CaseActionRejected, commit_transition, one_transaction
from ._holdings import Holders
from ._who import require_member

NOTE_TOO_LONG = ngettext_lazy(
    "The note must be %(limit)d character or fewer",
    "The note must be %(limit)d characters or fewer",
    "limit",
)


@one_transaction
def record_response(
    *,
    case: Case,
    actor: Person,
    position: str,
    note: str = "",
    now: datetime,
    seen: int | None = None,
) -> Case:
    """The receiving side's response at the current stage: agree, propose or disagree (the
    engine refuses any other position)."""
    if problem := too_long(note, limit=LONG_TEXT, message=NOTE_TOO_LONG):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "respond", now=now, seen=seen)
    commit_transition(
        locked,
        event=Responded(at=now, position=position),
        actor=actor,
        summary=f"Receiving side responded at stage {locked.case.stage}: {position}",
        extra={"note": note} if note else None,
        now=now,
    )
    return locked.case


@one_transaction
def complete_step(
    *, case: Case, actor: Person, step: str, now: datetime, seen: int | None = None
) -> Case:
    """Mark one of the current stage's steps (by its policy id) as done."""
    locked = lock_allowed(case, actor, "complete_step", now=now, seen=seen)
    commit_transition(
        locked,
        event=StepDone(at=now, step=step),
        actor=actor,
        summary=f"Step {step!r} done at stage {locked.case.stage}",
        now=now,
    )
    return locked.case


def _levels_present(agencies: list[Agency]) -> dict[int, set[str]]:
    """`levels_present`; a bulk load (`deferred`), which changes nobody's level, reads each
    agency's once."""
    deferred = deferred_writes()
    if deferred is None:
        return levels_present(agencies)
    if missing := [a for a in agencies if a.pk not in deferred.levels]:
        deferred.levels.update(levels_present(missing))
    return {a.pk: deferred.levels[a.pk] for a in agencies}


@one_transaction
def escalate_case(
    *,
    case: Case,
    actor: Person,
    raising_holder: Person,
    receiving_holder: Person,
    reason: str,
    now: datetime,
    seen: int | None = None,
    to_stage: int | None = None,
    without_consensus: str = "",
    holder_reason: str = "",
) -> Case:
    """Escalate to `to_stage` (default: the next), naming the new holders on both sides.

    Each new holder is one of their agency's people at the level the policy names for the new
    stage (`accord.accounts.levels.allowed_holders`); where the procedure allows for flat
    structures (`may_skip`), someone else holds it with `holder_reason` recorded. The reason is
    recorded.
    """
    if not reason.strip():
        raise CaseActionRejected(gettext("Say why the case is being escalated"))
    locked = lock_allowed(case, actor, "escalate", now=now, seen=seen)
    require_member(raising_holder, locked.case.raising_agency, "raising new holder")
    require_member(receiving_holder, locked.case.receiving_agency, "receiving new holder")
    previous_stage = locked.case.stage
    target = to_stage if to_stage is not None else previous_stage + 1
    if 1 <= target <= locked.policy.top_stage:  # the engine refuses any other stage
        sides = (
            ("raising", locked.case.raising_agency, raising_holder),
            ("receiving", locked.case.receiving_agency, receiving_holder),
        )
        present = _levels_present([agency for _, agency, _ in sides])
        for side, agency, person in sides:
            levels = present[agency.pk]
            refusal = holder_refusal(
                locked.policy, target, side, agency, person, holder_reason, present=levels
            )
            if refusal is not None:
                raise CaseActionRejected(refusal)
    extra: dict[str, object] = (
        {"without_consensus": without_consensus} if without_consensus.strip() else {}
    )
    if holder_reason.strip():
        extra["holder_reason"] = holder_reason.strip()
    commit_transition(
        locked,
        event=Escalated(at=now, to_stage=to_stage, reason=reason),
        actor=actor,
        summary=f"Escalated from stage {previous_stage} to stage {target}",
        now=now,
        extra=extra or None,
        holders=Holders(raising=raising_holder, receiving=receiving_holder),
    )
    return locked.case

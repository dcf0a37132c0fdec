"""Advice recorded on a case by one of its current stage's advisers (policy format 4.5): on the
timeline, and the holders told at once."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext, ngettext_lazy

from accord.accounts.models import Person
from accord.engine.events import Advised

from ..models import Case
from ..plausible import LONG_TEXT, too_long
from ._allowed import lock_allowed
from ._core import CaseActionRejected, commit_transition

ADVICE_TOO_LONG = ngettext_lazy(
    "The advice must be %(limit)d character or fewer",
    "The advice must be %(limit)d characters or fewer",
    "limit",
)


@transaction.atomic
def record_advice(
    *, case: Case, actor: Person, advice: str, now: datetime, seen: int | None = None
) -> Case:
    """`actor`, whom one of the current stage's advisers reaches for this case, records
    `advice`; the engine decides that the stage names advisers, and tells both holders."""
    if not advice.strip():
        raise CaseActionRejected(gettext("Enter your advice"))
    if problem := too_long(advice, limit=LONG_TEXT, message=ADVICE_TOO_LONG):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, "record_advice", now=now, seen=seen)
    commit_transition(
        locked,
        event=Advised(at=now),
        actor=actor,
        summary=f"Advice recorded at stage {locked.case.stage}",
        extra={"advice": advice.strip()},
        now=now,
    )
    return locked.case

"""Taking a case over for one side: the next level up from a side that left its deadline
unanswered (told of it, `[non_response] alert_next_level`) holds that side from now."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext, ngettext_lazy

from accord.accounts.models import Person
from accord.engine.events import TakenOver

from ..models import Case, Side
from ..plausible import LONG_TEXT, too_long
from ._allowed import lock_allowed
from ._core import CaseActionRejected, commit_transition
from ._holdings import SideHolder
from ._who import require_member

REASON_TOO_LONG = ngettext_lazy(
    "The reason must be %(limit)d character or fewer",
    "The reason must be %(limit)d characters or fewer",
    "limit",
)


@transaction.atomic
def take_over(
    *,
    case: Case,
    actor: Person,
    side: str,
    reason: str = "",
    now: datetime,
    seen: int | None = None,
) -> Case:
    """`actor`, the line manager of `side`'s holder, takes the case over for that side at the
    current stage: the engine decides that the side's deadline passed unanswered and that it is
    not taken over yet; the access rules that `actor` is that side's next level. The raiser,
    the holder replaced and the other side's holder are told at once."""
    if side not in (Side.RAISING, Side.RECEIVING):
        raise CaseActionRejected(gettext("Choose the raising or the receiving side"))
    if problem := too_long(reason, limit=LONG_TEXT, message=REASON_TOO_LONG):
        raise CaseActionRejected(problem)
    locked = lock_allowed(case, actor, f"take_over_{side}", now=now, seen=seen)
    agency = locked.case.raising_agency if side == Side.RAISING else locked.case.receiving_agency
    require_member(actor, agency, f"{side} new holder")
    stage = locked.case.stage
    commit_transition(
        locked,
        event=TakenOver(at=now, side=str(side), reason=reason.strip()),
        actor=actor,
        summary=f"The {side} side taken over at stage {stage} by the next level",
        now=now,
        side_holder=SideHolder(side=str(side), person=actor),
    )
    return locked.case

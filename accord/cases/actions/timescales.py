"""Changing what a case's clocks count from: a deadline brought forward or agreed, a fact set."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext

from accord.accounts.models import Person
from accord.engine.events import DeadlineSet, FactSet

from ..models import Case
from ._allowed import lock_allowed
from ._core import CaseActionRejected, commit_transition, fact_words


@transaction.atomic
def set_deadline(
    *,
    case: Case,
    actor: Person,
    deadline: str,
    due: date | datetime,
    reason: str,
    now: datetime,
    seen: int | None = None,
) -> Case:
    """Bring the open deadline `deadline` (its key, `stage:2`) forward to `due`, or set the date
    the parties agreed for an `agreed` (or `none`) one, with the reason (policy format 4.2).

    The engine refuses a later date for a counted deadline, an unknown or finished deadline, a
    date in the past, and a missing reason; only the case's current holders may do it.
    """
    if not reason.strip():
        raise CaseActionRejected(gettext("Say why the deadline is being set"))
    locked = lock_allowed(case, actor, "set_deadline", now=now, seen=seen)
    row = locked.deadlines.get(deadline)
    label = row.label if row is not None else deadline
    commit_transition(
        locked,
        event=DeadlineSet(at=now, deadline=deadline, due=due, reason=reason),
        actor=actor,
        summary=f"Deadline “{label}” set to {_when(due)}",
        now=now,
    )
    return locked.case


@transaction.atomic
def set_fact(
    *,
    case: Case,
    actor: Person,
    fact: str,
    value: bool,
    now: datetime,
    seen: int | None = None,
) -> Case:
    """Record the answer to one of the policy's facts (`facts` keys), which conditional
    timescales, chairs and notifications read from now on."""
    locked = lock_allowed(case, actor, "set_fact", now=now, seen=seen)
    question = locked.policy.facts.get(fact, fact)
    commit_transition(
        locked,
        event=FactSet(at=now, fact=fact, value=value),
        actor=actor,
        summary=fact_words(question, value),
        now=now,
    )
    return locked.case


def _when(due: date | datetime) -> str:
    if isinstance(due, datetime):
        return f"{due:%-d %B %Y at %H:%M}"
    return f"{due:%-d %B %Y}"

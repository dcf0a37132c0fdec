"""A partnership's own closures: days it has agreed are not working days."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext

from accord.moments import day_words
from accord.partnerships.models import Closure, Partnership

from ..models import Person
from ._common import AdminActionRejected, _record, _require_setup


@transaction.atomic
def add_closure(
    *, actor: Person, partnership: Partnership, day: date, reason: str, now: datetime
) -> Closure:
    """Add a closure day. Open cases' deadlines are not moved here: the caller recounts them
    (`accord.cases.actions.recompute_open_deadlines`), on the record of each case."""
    _require_setup(actor, partnership.pk)
    reason = reason.strip()
    if not reason:
        raise AdminActionRejected(
            gettext("Say why the partnership is closed that day"), field="reason"
        )
    if len(reason) > 200:
        raise AdminActionRejected(
            gettext("The reason must be 200 characters or fewer"), field="reason"
        )
    if Closure.objects.filter(partnership=partnership, date=day).exists():
        raise AdminActionRejected(
            gettext("%(day)s is already a closure day") % {"day": day_words(day)}, field="day"
        )
    closure = Closure.objects.create(partnership=partnership, date=day, reason=reason)
    _record(
        actor,
        partnership.pk,
        "closure_added",
        f"Closure added: {day.isoformat()} {reason}",
        now,
        details={"date": day.isoformat(), "reason": reason},
    )
    return closure


@transaction.atomic
def remove_closure(*, actor: Person, closure: Closure, now: datetime) -> None:
    """Remove a closure day (its partnership's deadlines are recounted by the caller)."""
    closure = Closure.objects.select_for_update().get(pk=closure.pk)
    _require_setup(actor, closure.partnership_id)
    _record(
        actor,
        closure.partnership_id,
        "closure_removed",
        f"Closure removed: {closure.date.isoformat()} {closure.reason}",
        now,
        details={"date": closure.date.isoformat(), "reason": closure.reason},
    )
    closure.delete()

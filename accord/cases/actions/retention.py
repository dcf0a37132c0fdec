"""Legal holds: an administrator of the case's partnership places one (saying why) to keep a
closed case's personal details past its retention date, and lifts it (decision 29)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from accord.accounts.models import Person
from accord.accounts.scope import administered

from ..models import Case, LegalHold, RetentionPurge
from ._core import CaseActionRejected, lock_case, record_only

REASON_LENGTH = 1000


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise CaseActionRejected(f"Say why the legal hold is {what}")
    if len(reason) > REASON_LENGTH:
        raise CaseActionRejected(f"The reason must be {REASON_LENGTH} characters or fewer")
    return reason


def _require_administrator(actor: Person, case: Case) -> None:
    if case.partnership_id not in administered(actor):
        raise CaseActionRejected("Only the partnership's administrators can hold its cases")


@transaction.atomic
def place_legal_hold(*, actor: Person, case: Case, reason: str, now: datetime) -> LegalHold:
    """Hold the case: retention removes nothing from it until the hold is lifted."""
    _require_administrator(actor, case)
    reason = _reason(reason, "placed")
    locked = lock_case(case)
    if LegalHold.objects.filter(case=locked.case, lifted_at__isnull=True).exists():
        raise CaseActionRejected(f"{locked.case.reference} is already under a legal hold")
    purge = RetentionPurge.objects.filter(case=locked.case).first()
    if purge is not None:
        raise CaseActionRejected(
            f"{locked.case.reference}'s personal details were removed on "
            f"{purge.purged_at:%-d %B %Y}: there is nothing left to hold"
        )
    hold = LegalHold.objects.create(case=locked.case, placed_by=actor, placed_at=now, reason=reason)
    record_only(
        locked,
        kind="legal_hold_placed",
        actor=actor,
        summary="Legal hold placed: retention will not remove this case's details",
        details={"hold": hold.pk, "reason": reason},
        now=now,
    )
    return hold


@transaction.atomic
def lift_legal_hold(*, actor: Person, hold: LegalHold, reason: str, now: datetime) -> LegalHold:
    """Lift the hold: the case is kept by its retention rule again (and removed at the next daily
    run if its date has passed)."""
    _require_administrator(actor, hold.case)
    reason = _reason(reason, "lifted")
    locked = lock_case(hold.case)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise CaseActionRejected(f"This legal hold on {locked.case.reference} was lifted already")
    hold.lifted_by, hold.lifted_at, hold.lift_reason = actor, now, reason
    hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
    record_only(
        locked,
        kind="legal_hold_lifted",
        actor=actor,
        summary="Legal hold lifted: the case is kept by its retention rule again",
        details={"hold": hold.pk, "reason": reason},
        now=now,
    )
    return hold

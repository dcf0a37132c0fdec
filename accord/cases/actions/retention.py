"""Legal holds: an administrator of the case's partnership places one (saying why) to keep a
closed case's personal details past its retention date, and lifts it (decision 29)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import dateformat
from django.utils.translation import gettext, ngettext

from accord.accounts.models import Person
from accord.accounts.scope import administered

from ..models import Case, LegalHold, RetentionPurge
from ._core import CaseActionRejected, lock_case, record_only

REASON_LENGTH = 1000


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise CaseActionRejected(
            gettext("Say why the legal hold is placed")
            if what == "placed"
            else gettext("Say why the legal hold is lifted")
        )
    if len(reason) > REASON_LENGTH:
        raise CaseActionRejected(
            ngettext(
                "The reason must be %(limit)d character or fewer",
                "The reason must be %(limit)d characters or fewer",
                REASON_LENGTH,
            )
            % {"limit": REASON_LENGTH}
        )
    return reason


def _require_administrator(actor: Person, case: Case) -> None:
    if case.partnership_id not in administered(actor):
        raise CaseActionRejected(
            gettext("Only the partnership's administrators can hold its cases")
        )


@transaction.atomic
def place_legal_hold(*, actor: Person, case: Case, reason: str, now: datetime) -> LegalHold:
    """Hold the case: retention removes nothing from it until the hold is lifted."""
    _require_administrator(actor, case)
    reason = _reason(reason, "placed")
    locked = lock_case(case)
    if LegalHold.objects.filter(case=locked.case, lifted_at__isnull=True).exists():
        raise CaseActionRejected(
            gettext("%(reference)s is already under a legal hold")
            % {"reference": locked.case.reference}
        )
    purge = RetentionPurge.objects.filter(case=locked.case).first()
    if purge is not None:
        raise CaseActionRejected(
            gettext(
                "%(reference)s's personal details were removed on %(day)s: there is nothing "
                "left to hold"
            )
            % {
                "reference": locked.case.reference,
                "day": dateformat.format(purge.purged_at, "j F Y"),
            }
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
        raise CaseActionRejected(
            gettext("This legal hold on %(reference)s was lifted already")
            % {"reference": locked.case.reference}
        )
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

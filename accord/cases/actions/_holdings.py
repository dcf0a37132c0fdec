"""Who holds a case: seating the holders an event names (both sides at a stage, or one side
taken over) and ending holdings, on the `Locked` case's holdings (read with it, kept as the
action changes them) and in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS

from accord.accounts.models import Person
from accord.notifications.inserts import insert_returning
from accord.prepared_saves import PreparedUpdate

from ..case_reading import in_reading_order
from ..models import Holding, Side

# Whoever holds a case stops: one UPDATE written once (`prepared_saves`), sent with the next
# statement.
_END_HOLDINGS = PreparedUpdate(Holding, ("ended_at",), where="case", unset=("ended_at",))

if TYPE_CHECKING:
    from ._core import Locked


@dataclass(frozen=True)
class Holders:
    """The people who hold a case on each side at the stage an event takes it to."""

    raising: Person
    receiving: Person


def seat_holders(locked: Locked, holders: Holders, *, stage: int, now: datetime) -> None:
    """`holders` hold the case at `stage` from `now`; whoever held it until now stops."""
    end_holdings(locked, now=now)
    seated = [
        Holding(case=locked.case, stage=stage, side=side, person=person, started_at=now)
        for side, person in ((Side.RAISING, holders.raising), (Side.RECEIVING, holders.receiving))
    ]
    # Two rows: the statement written once (`inserts`), not compiled as bulk_create does.
    ids = insert_returning(Holding, seated, ("id",), ignore=False)
    for row, (pk,) in zip(seated, ids, strict=True):
        row.pk = pk
        row._state.adding, row._state.db = False, DEFAULT_DB_ALIAS
    locked.holdings += seated


@dataclass(frozen=True)
class SideHolder:
    """One side's new holder at the case's current stage (a side taken over)."""

    side: str
    person: Person


def seat_side_holder(locked: Locked, holder: SideHolder, *, now: datetime) -> None:
    """`holder` holds their side at the current stage from `now`; whoever held it until now
    stops (the other side's holder stays)."""
    case = locked.case
    Holding.objects.filter(case=case, side=holder.side, ended_at__isnull=True).update(ended_at=now)
    seated = Holding.objects.create(
        case=case, stage=case.stage, side=holder.side, person=holder.person, started_at=now
    )
    for held in locked.holdings:
        if held.ended_at is None and held.side == holder.side:
            held.ended_at = now
    locked.holdings.append(seated)


def end_holdings(locked: Locked, *, now: datetime) -> None:
    """Whoever holds the case stops holding it (no query when its holdings, as read with the
    case locked, show nobody does: a case being raised, say)."""
    current = [h for h in locked.holdings if h.ended_at is None]
    if not current:
        return
    for held in current:
        held.ended_at = now
    _END_HOLDINGS.later(locked.case.pk, now)


def held_now(locked: Locked) -> list[Holding]:
    """The locked case's holdings in `CaseReading.holdings`' order."""
    return in_reading_order(locked.holdings)

"""Appending to a case's hash-chained event log, and checking the chain has not been altered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accord.accounts.models import Person

from .models import Case, CaseEvent
from .models.events import GENESIS_HASH, chain_hash


def append_event(
    *,
    case: Case,
    previous: CaseEvent | None,
    kind: str,
    actor: Person | None,
    at: datetime,
    payload: dict[str, Any],
    summary: str,
) -> CaseEvent:
    """Append the next event after `previous` (the case's last event, None for the first).

    Call with the case row locked (every action does), so sequences never clash.
    """
    sequence = 1 if previous is None else previous.sequence + 1
    previous_hash = GENESIS_HASH if previous is None else previous.hash
    event = CaseEvent(
        case=case,
        sequence=sequence,
        kind=kind,
        actor=actor,
        at=at,
        payload=payload,
        summary=summary,
        previous_hash=previous_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    return event


def verify_chain(case: Case) -> int | None:
    """The sequence of the first event whose content or link no longer matches, or None.

    One query: every row of the case, oldest first.
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    rows = CaseEvent.objects.filter(case=case).order_by("sequence")
    for row in rows.values(
        "sequence", "kind", "actor_id", "at", "payload", "summary", "previous_hash", "hash"
    ):
        recomputed = chain_hash(
            previous_hash=row["previous_hash"],
            case_reference=case.reference,
            sequence=row["sequence"],
            kind=row["kind"],
            actor_id=row["actor_id"],
            at=row["at"],
            payload=row["payload"],
            summary=row["summary"],
        )
        if (
            row["sequence"] != expected_sequence
            or row["previous_hash"] != expected_previous
            or row["hash"] != recomputed
        ):
            return int(row["sequence"])
        expected_previous = row["hash"]
        expected_sequence += 1
    return None

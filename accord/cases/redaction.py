"""Rewriting an event without its free text when retention removes a case's personal details,
sealed so the keyed chain still verifies (decision 29).

The event keeps its hash, so the chain's links, the head and every checkpoint stay as they were.
Its payload carries a `redacted` mark instead: the day, the key and a seal, the keyed hash of the
rewritten row chained onto the original hash. `accord.cases.chain` accepts an event whose content
no longer matches its hash only when that seal holds: rewriting it again, or marking an event
redacted without the key, is caught like any other edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from .models.events import chain_hash

MARK = "redacted"


def _seal(key: bytes, *, reference: str, row: Mapping[str, Any], payload: dict[str, Any]) -> str:
    return chain_hash(
        key=key,
        previous_hash=row["hash"],
        case_reference=reference,
        sequence=row["sequence"],
        kind=row["kind"],
        actor_id=row["actor_id"],
        at=row["at"],
        payload=payload,
        summary=row["summary"],
    )


def sealed_payload(
    *,
    reference: str,
    row: Mapping[str, Any],
    payload: dict[str, Any],
    on: date,
    key_id: str,
    key: bytes,
) -> dict[str, Any]:
    """`payload` (the rewritten one) with its `redacted` mark, for the event `row` (its stored
    `hash`, `sequence`, `kind`, `actor_id`, `at` and `summary`)."""
    seal = _seal(key, reference=reference, row=row, payload=payload)
    return {**payload, MARK: {"on": on.isoformat(), "key": key_id, "seal": seal}}


def seal_holds(
    keys: Mapping[str, bytes],
    *,
    reference: str,
    sequence: int,
    kind: str,
    actor_id: int | None,
    at: datetime,
    payload: Any,
    summary: str,
    hash_: str,
) -> bool:
    """Whether an event whose content does not match its hash was rewritten by retention: its
    payload's mark seals exactly this content onto this hash, under a known key."""
    if not isinstance(payload, dict) or not isinstance(mark := payload.get(MARK), dict):
        return False
    key = keys.get(str(mark.get("key")))
    if key is None:
        return False
    rest = {name: value for name, value in payload.items() if name != MARK}
    row = {
        "hash": hash_,
        "sequence": sequence,
        "kind": kind,
        "actor_id": actor_id,
        "at": at,
        "summary": summary,
    }
    return _seal(key, reference=reference, row=row, payload=rest) == mark.get("seal")

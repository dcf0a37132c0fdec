"""Appending to a case's event log: each event is chained to the one before with the signing
key (HMAC-SHA256, decision 16), and the case's head moves onto it. Checking the chains is
`accord.cases.chain`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

from accord.accounts.models import Person
from accord.notifications.inserts import insert_returning
from accord.prepared_saves import PreparedUpdate

from .deferred import pending_for
from .models import Case, CaseEvent, ChainHead
from .models.events import GENESIS_HASH


def signing_key() -> tuple[str, bytes]:
    """The id and secret of the key that signs new events: the first of ACCORD_CHAIN_KEYS."""
    keys: dict[str, bytes] = settings.ACCORD_CHAIN_KEYS
    if not keys:
        raise ImproperlyConfigured("Set ACCORD_CHAIN_KEY: it keys the case event log's chain.")
    key_id = next(iter(keys))
    return key_id, keys[key_id]


# The case's chain head moved onto its new event: one UPDATE, written once (`prepared_saves`),
# sent with the next statement.
_MOVE_HEAD = PreparedUpdate(ChainHead, ("sequence", "hash"), where="case")


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
    """Append the next event after `previous` (the case's last event, None for the first), and
    move the case's head onto it: one keyed hash, one insert, one write of the head.

    Call with the case row locked (every action does), so sequences never clash. For a case
    whose writes are deferred (a bulk load, `deferred`), the event and head are kept, not
    written, until the load flushes them.
    """
    key_id, key = signing_key()
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
        key_id=key_id,
    )
    event.hash = event.compute_hash(key)
    if (pending := pending_for(case)) is not None:
        pending.events.append(event)
        pending.head = ChainHead(case=case, sequence=sequence, hash=event.hash)
        return event
    # One INSERT written once (`inserts`), not compiled by `save` at every write; the log is
    # appended to all the same (an insert, never an update).
    ((event.pk,),) = insert_returning(CaseEvent, [event], ("id",), ignore=False)
    event._state.adding, event._state.db = False, DEFAULT_DB_ALIAS
    if previous is None:
        ChainHead.objects.create(case=case, sequence=sequence, hash=event.hash)
    else:
        _MOVE_HEAD.later(case.pk, sequence, event.hash)
    return event

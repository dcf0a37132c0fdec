"""Altering a case's event log as an attacker with the database's rights would: first dropping
the triggers that refuse it (as someone with DDL rights can), then writing raw SQL. Inside a
test's transaction, so the triggers come back when it is rolled back (and after a flush)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

from accord.cases.log_triggers import drop_sql
from accord.cases.models import Case, CaseEvent
from accord.cases.models.events import GENESIS_HASH, chain_hash

EVENTS = CaseEvent._meta.db_table


def drop_triggers() -> None:
    with connection.cursor() as cursor:
        for statement in drop_sql(connection.vendor):
            cursor.execute(statement)


def json_value() -> str:
    """The placeholder of a JSON value in raw SQL (PostgreSQL stores it as jsonb)."""
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def raw(sql: str, params: list[Any]) -> None:
    """Run `sql` with the triggers dropped."""
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def rehash(case: Case, *, key: bytes | None, key_id: str = "") -> None:
    """Recompute every hash of the case's chain, and its head, as they now read: plain SHA-256
    with no key (what an attacker without the key can do), or with `key` (someone holding it)."""
    drop_triggers()
    previous = GENESIS_HASH
    last = 0
    with connection.cursor() as cursor:
        for event in CaseEvent.objects.filter(case=case).order_by("sequence"):
            new = chain_hash(
                key=key,
                previous_hash=previous,
                case_reference=case.reference,
                sequence=event.sequence,
                kind=event.kind,
                actor_id=event.actor_id,
                at=event.at,
                payload=event.payload,
                summary=event.summary,
            )
            cursor.execute(
                f"UPDATE {EVENTS} SET previous_hash = %s, hash = %s, key_id = %s WHERE id = %s",  # noqa: S608
                [previous, new, key_id or event.key_id, event.pk],
            )
            previous, last = new, event.sequence
        cursor.execute(
            "UPDATE cases_chainhead SET sequence = %s, hash = %s WHERE case_id = %s",
            [last, previous, case.pk],
        )


def resign(case: Case) -> None:
    """Re-sign the case's chain with the signing key and forget its checkpoints, as someone
    holding the key and DDL rights could (to alter a history for a test of something else than
    the chain: the checkpoints would otherwise name the change)."""
    key_id = next(iter(settings.ACCORD_CHAIN_KEYS))
    rehash(case, key=settings.ACCORD_CHAIN_KEYS[key_id], key_id=key_id)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM cases_chaincheckpoint WHERE case_reference = %s", [case.reference]
        )
        cursor.execute("UPDATE cases_chainhead SET checkpointed = 0 WHERE case_id = %s", [case.pk])

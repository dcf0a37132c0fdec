"""Reads that may go to a read replica (`DATABASE_REPLICA_URL`), marked where they are made.

Everything reads and writes on the primary (`default`) unless the code says otherwise with
`replica_reads()`: the partnership's figures (the board, trends, the quarterly report, the
national counts), which a few seconds of replication lag cannot make wrong in a way that
matters. Who may see them is decided before, on the primary; the case page, every action and
every write stay on the primary, and so does any read inside a transaction (it must see what the
transaction wrote). Without `DATABASE_REPLICA_URL` there is no `replica` database and this
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_replica_safe: ContextVar[bool] = ContextVar("accord_replica_safe", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Queries in this block may read from the replica (when there is one)."""
    token = _replica_safe.set(True)
    try:
        yield
    finally:
        _replica_safe.reset(token)


class ReplicaRouter:
    """`DATABASE_ROUTERS` when `DATABASE_REPLICA_URL` is set (settings/base.py)."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if (
            _replica_safe.get()
            and REPLICA in settings.DATABASES
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True  # the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema

"""A fresh, empty database of the test database's kind (a new SQLite file, or a new PostgreSQL
database on the same server, dropped afterwards), and pointing this thread's default connection
at it for a while, as `accord restore` on another installation would find it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.db.utils import load_backend


@contextmanager
def fresh_database(folder: Path) -> Iterator[dict[str, Any]]:
    """The settings of a new empty database like the test database."""
    settings = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings["NAME"] = str(folder / f"fresh-{uuid.uuid4().hex[:8]}.sqlite3")
        yield settings
        return
    import psycopg
    from psycopg import sql

    name = f"accord_fresh_{uuid.uuid4().hex[:12]}"
    admin = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {**settings, "NAME": name}
    finally:
        with psycopg.connect(**admin) as server:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def default_database(settings: dict[str, Any]) -> Iterator[None]:
    """This thread's default connection opens `settings`' database until the block ends; the
    test database's own connection is set aside meanwhile (an in-memory one stays alive)."""
    kept = connections["default"]
    swapped = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
    connections["default"] = swapped
    try:
        yield
    finally:
        swapped.close()
        connections["default"] = kept

"""SQLite: its online backup API (`sqlite3.Connection.backup`), which copies the database page by
page from one read transaction while others go on writing (WAL), and back again (decision 26)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper

from accord.cases.backups.manifest import Manifest, digest, private_file


def back_up(connection: BaseDatabaseWrapper, path: Path) -> Manifest:
    """Copy the database to `path` (one file, no WAL beside it) and count the copy's rows."""
    taken_at = datetime.now(UTC).isoformat(timespec="seconds")
    connection.ensure_connection()
    with private_file(path):  # created 0600; SQLite writes into it and keeps its mode
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            rows = _rows(copy)
        finally:
            copy.close()
    return Manifest("sqlite", taken_at, path.stat().st_size, digest(path), rows)


def restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Copy the backup into the connection's (empty) database: the backup API writes the whole
    copy in one transaction of the destination, so an error leaves it as it was."""
    backup = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in backup.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise CommandError(f"{path}: the backup is damaged: {'; '.join(problems[:5])}")
        connection.ensure_connection()
        backup.backup(connection.connection)
    except sqlite3.Error as error:
        raise CommandError(f"{path}: {error}") from None
    finally:
        backup.close()


def _rows(database: sqlite3.Connection) -> dict[str, int]:
    tables = [
        name
        for (name,) in database.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: int(database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608
        for table in sorted(tables)
    }

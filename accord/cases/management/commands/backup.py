"""`accord backup FILE`: back up the whole database while the service runs, into FILE (mode
0600) and its manifest FILE.manifest.json; print the rows it holds."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from accord.cases.backups import postgresql, sqlite
from accord.cases.backups.manifest import headline, manifest_path, write_manifest


class Command(BaseCommand):
    help = (
        "Back up the database while the service runs: PostgreSQL with pg_dump's custom format, "
        "SQLite with its online backup API. Writes FILE and FILE.manifest.json (the rows of "
        "every table, the file's SHA-256), both readable by their owner only. The backup holds "
        "special-category data: store it encrypted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup to write (a new file)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if manifest_path(path).exists():
            raise CommandError(f"{manifest_path(path)}: already exists; give a new file name")
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            manifest = postgresql.back_up(connection, path)
        elif connection.vendor == "sqlite":
            manifest = sqlite.back_up(connection, path)
        else:
            raise CommandError(f"No backup for a {connection.vendor} database")
        try:
            write_manifest(path, manifest)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Backed up {headline(manifest.rows)} ({len(manifest.rows)} tables, "
            f"{manifest.size:,} bytes) to {path} in {time.perf_counter() - started:.1f} s. "
            "It holds special-category data: store it encrypted."
        )

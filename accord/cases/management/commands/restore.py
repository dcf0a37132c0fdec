"""`accord restore FILE [--no-verify]`: restore a backup of `accord backup` into an empty
database, check every table's rows against its manifest, print them, and verify the event log."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from accord.cases.backups import postgresql, sqlite
from accord.cases.backups.manifest import (
    compare,
    headline,
    read_manifest,
    require_empty,
    table_rows,
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by `accord backup` into an empty database (refused otherwise), "
        "all of it or nothing; then check every table's rows against the backup's manifest and "
        "verify every case's event log (`accord verify`). Exits 1 if anything differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a backup written by `accord backup`")
        parser.add_argument(
            "--no-verify",
            action="store_true",
            help="do not verify the event logs afterwards (run `accord verify` yourself)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if connection.vendor not in {"postgresql", "sqlite"}:
            raise CommandError(f"No restore for a {connection.vendor} database")
        manifest = read_manifest(path, connection.vendor)
        require_empty(connection)
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            postgresql.restore(connection, path)
        else:
            sqlite.restore(connection, path)
        restored = time.perf_counter() - started
        found = table_rows(connection)
        differences = compare(manifest.rows, found)
        if differences:
            for difference in differences:
                self.stderr.write(difference)
            raise CommandError(
                f"The restored database differs from the backup in {len(differences)} tables",
                returncode=1,
            )
        self.stdout.write(
            f"Restored {headline(found)} ({len(found)} tables, as the backup of "
            f"{manifest.taken_at} holds) in {restored:.1f} s."
        )
        if not options["no_verify"]:
            call_command("verify", stdout=self.stdout, stderr=self.stderr)

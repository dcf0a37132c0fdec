"""PostgreSQL: `pg_dump --format=custom` from one snapshot the rows are counted in, and
`pg_restore` in one transaction (decision 26).

The connection comes from Django's DATABASES; the password goes to the tools in their
environment (PGPASSWORD), never on a command line that `ps` would show. `ACCORD_PG_BIN` names
the folder of `pg_dump` and `pg_restore` when they are not on the PATH; they must be of the
server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from accord.cases.backups.manifest import Manifest, digest, private_file, table_rows

# Django's OPTIONS that libpq also reads from its environment.
_LIBPQ = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


def tool(name: str) -> str:
    folder = os.environ.get("ACCORD_PG_BIN")
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if not found:
        raise CommandError(
            f"{name} not found: install PostgreSQL's client tools or set ACCORD_PG_BIN"
        )
    return found


def environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the connection's database, password included."""
    settings = connection.settings_dict
    env = dict(os.environ)  # libpq's own variables apply, as they do to Django's connection
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in _LIBPQ.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise CommandError(f"{what} failed: {' / '.join(detail[-5:]) or done.returncode}")


def back_up(connection: BaseDatabaseWrapper, path: Path) -> Manifest:
    """Dump the database to `path` while it is in use: the rows are counted in one repeatable-read
    transaction whose snapshot `pg_dump` is handed, so they are the rows of the dump."""
    dump = tool("pg_dump")
    env = environment(connection)
    taken_at = datetime.now(UTC).isoformat(timespec="seconds")
    # The file is made 0600 first: pg_dump truncates it and keeps its mode.
    with private_file(path), transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        rows = table_rows(connection)
        command = [dump, "--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
        _run([*command, "--no-password"], env, "pg_dump")
    return Manifest("postgresql", taken_at, path.stat().st_size, digest(path), rows)


def restore(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Restore the dump into the connection's (empty) database in one transaction: all of it or,
    on the first error, nothing. Owners and grants are not restored (the tables belong to the
    user restoring), so a dump restores on a server whose roles differ."""
    connection.close()
    _run(
        [
            tool("pg_restore"),
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        environment(connection),
        "pg_restore",
    )

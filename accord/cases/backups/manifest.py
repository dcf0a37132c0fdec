"""A backup's manifest, `FILE.manifest.json` beside the backup `FILE`: which database it came
from, when, the backup's size and SHA-256, and the rows of every table as the backup holds them.

`accord restore` checks the file against the manifest before it touches the database, and the
restored rows against the manifest after (decision 26). The manifest holds no personal data.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper

from accord.cases.models import Case, CaseEvent, FormRecord
from accord.notifications.models import OutboxMessage

FORMAT = "accord-backup/1"
# The counts `accord restore` prints: what a partnership would miss first.
HEADLINES = {
    "cases": Case._meta.db_table,
    "events": CaseEvent._meta.db_table,
    "form records": FormRecord._meta.db_table,
    "e-mails": OutboxMessage._meta.db_table,
}


@dataclass(frozen=True)
class Manifest:
    database: str  # "postgresql" or "sqlite"
    taken_at: str
    size: int
    sha256: str
    rows: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "database": self.database,
            "taken_at": self.taken_at,
            "size": self.size,
            "sha256": self.sha256,
            "rows": self.rows,
        }


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".manifest.json")


@contextmanager
def private_file(path: Path) -> Iterator[IO[bytes]]:
    """A new file only its owner may read (mode 0600 whatever the umask), refused if `path`
    exists; removed again if what writes it fails, so no half-written backup is left."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CommandError(f"{path}: already exists; give a new file name") from None
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None
    os.fchmod(handle, 0o600)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def table_rows(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """The rows of every table, in the connection's current transaction."""
    tables = sorted(
        table
        for table in connection.introspection.table_names(include_views=False)
        if not table.startswith("sqlite_")  # SQLite's own (statistics), not the data's
    )
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 - its own tables
            rows[table] = int(cursor.fetchone()[0])
    return rows


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            sha.update(block)
    return sha.hexdigest()


def write_manifest(backup: Path, manifest: Manifest) -> None:
    with private_file(manifest_path(backup)) as file:
        file.write(json.dumps(manifest.as_json(), indent=2).encode("utf-8") + b"\n")


def read_manifest(backup: Path, database: str) -> Manifest:
    """The backup's manifest, once the backup is known to be whole, unchanged and of this kind of
    database; every problem a CommandError naming the file (and line)."""
    path = manifest_path(backup)
    if not backup.is_file():
        raise CommandError(f"{backup}: no such backup file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(
            f"{path}: {error.strerror}: the manifest `accord backup` wrote beside the backup "
            "is needed to check it"
        ) from None
    try:
        found = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}:{error.lineno}: {error.msg}") from None
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise CommandError(f"{path}:1: not a manifest of `accord backup` ({FORMAT})")
    try:
        manifest = Manifest(
            database=str(found["database"]),
            taken_at=str(found["taken_at"]),
            size=int(found["size"]),
            sha256=str(found["sha256"]),
            rows={str(k): int(v) for k, v in dict(found["rows"]).items()},
        )
    except (KeyError, TypeError, ValueError) as error:
        raise CommandError(f"{path}:1: not a whole manifest ({error!r})") from None
    if manifest.database != database:
        raise CommandError(
            f"{backup}: a backup of a {manifest.database} database; this installation's "
            f"database is {database}"
        )
    if backup.stat().st_size != manifest.size or digest(backup) != manifest.sha256:
        raise CommandError(
            f"{backup}: not the file its manifest describes (size or SHA-256 differ): it is "
            "damaged, cut short or changed; nothing was restored"
        )
    return manifest


def require_empty(connection: BaseDatabaseWrapper) -> None:
    tables = connection.introspection.table_names(include_views=True)
    if tables:
        name = connection.settings_dict["NAME"]
        raise CommandError(
            f"The database {name} is not empty ({len(tables)} tables): `accord restore` restores "
            "only into an empty database; nothing was restored"
        )


def compare(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    """Each table whose rows differ from the manifest's, as a sentence."""
    return [
        f"{table}: {found.get(table, 0):,} rows, the backup holds {rows:,}"
        for table, rows in sorted(expected.items())
        if found.get(table, 0) != rows
    ] + [
        f"{table}: a table the backup does not hold" for table in sorted(set(found) - set(expected))
    ]


def headline(rows: dict[str, int]) -> str:
    return ", ".join(f"{rows.get(table, 0):,} {what}" for what, table in HEADLINES.items())

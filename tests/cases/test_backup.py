"""`accord backup` and `accord restore`: a round trip into an empty database keeps every row and
the event logs verify; a busy database backs up consistently; anything but an empty database, or
a backup not as its manifest says, is refused before anything is restored (decision 26)."""

from __future__ import annotations

import json
import stat
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from accord.cases.backups.manifest import manifest_path, table_rows
from accord.cases.chain import verify
from accord.cases.models import Case, CaseEvent, FormRecord
from accord.notifications.models import OutboxMessage
from tests.cases.databases import default_database, fresh_database
from tests.factories import (
    ClosedCaseFactory,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    ReferredCaseFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "form records": FormRecord.objects.count(),
        "e-mails": OutboxMessage.objects.count(),
    }


def seed() -> dict[str, int]:
    partnership = PartnershipFactory()
    OpenCaseFactory(partnership=partnership)
    EscalatedCaseFactory(partnership=partnership, to_stage=3)
    ClosedCaseFactory(partnership=partnership)
    ReferredCaseFactory(partnership=partnership)
    seeded = counts()
    assert all(seeded.values()), seeded  # every kind of row is there to lose
    return seeded


def back_up(path: Path) -> str:
    out = _Out()
    call_command("backup", str(path), stdout=out)
    return out.text


def restore(path: Path) -> str:
    out = _Out()
    call_command("restore", str(path), stdout=out)
    return out.text


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_backup_restores_into_an_empty_database_with_every_row(tmp_path: Path) -> None:
    seeded = seed()
    everything = table_rows(connection)
    backup = tmp_path / "accord.backup"
    printed = back_up(backup)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(manifest_path(backup).stat().st_mode) == 0o600
    assert f"{seeded['cases']:,} cases, {seeded['events']:,} events" in printed
    with fresh_database(tmp_path) as settings, default_database(settings):
        assert connection.introspection.table_names() == []
        printed = restore(backup)
        assert (
            f"Restored {seeded['cases']:,} cases, {seeded['events']:,} events, "
            f"{seeded['form records']:,} form records, {seeded['e-mails']:,} e-mails"
        ) in printed
        assert "The event log of every case verifies." in printed
        assert counts() == seeded
        assert table_rows(connection) == everything
        call_command("verify", stdout=_Out())
        assert list(verify(None)) == []
        # The restored database goes on: its triggers refuse to alter the log, and new cases
        # take new numbers (the sequences came back with the rows).
        with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {CaseEvent._meta.db_table} SET summary = 'x'")  # noqa: S608
        OpenCaseFactory(partnership=Case.objects.first().partnership)  # type: ignore[union-attr]
        assert Case.objects.count() == seeded["cases"] + 1
        assert list(verify(None)) == []


def test_a_busy_database_backs_up_as_of_one_moment(tmp_path: Path) -> None:
    """Cases are raised by another connection before, through and after the backup (on
    PostgreSQL, pg_dump takes long enough for several): the backup holds a consistent moment
    (every head on an event it holds, its manifest's rows), no more, no less."""
    partnership = PartnershipFactory()
    OpenCaseFactory(partnership=partnership)
    source = {**connection.settings_dict}
    if connection.vendor == "sqlite":  # an in-memory database has one connection: use a file
        source["NAME"] = str(tmp_path / "busy.sqlite3")
        back_up(tmp_path / "seed.backup")
        with default_database(source):
            restore(tmp_path / "seed.backup")
    started, stop = threading.Event(), threading.Event()
    raised: list[int] = []
    failed: list[BaseException] = []

    def write() -> None:
        try:
            with default_database(source):
                while not stop.is_set():
                    raised.append(OpenCaseFactory(partnership=partnership).pk)
                    started.set()
        except BaseException as error:
            failed.append(error)
            started.set()
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        started.wait(timeout=60)
        with default_database(source):
            before = Case.objects.count()
            back_up(tmp_path / "busy.backup")
        ended = len(raised)
        waited = time.monotonic() + 60
        while len(raised) <= ended and not failed and time.monotonic() < waited:
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join(timeout=120)
    assert not failed, failed
    assert len(raised) > ended >= 1, "the writer did not write before and after the backup"
    manifest = json.loads(manifest_path(tmp_path / "busy.backup").read_text())
    with default_database(source):
        after = Case.objects.count()
    assert before <= manifest["rows"][Case._meta.db_table] <= after
    with fresh_database(tmp_path) as settings, default_database(settings):
        printed = restore(tmp_path / "busy.backup")  # checks every table's rows and the logs
        assert "The event log of every case verifies." in printed
        assert Case.objects.count() == manifest["rows"][Case._meta.db_table]


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    seed()
    back_up(tmp_path / "accord.backup")
    OpenCaseFactory(partnership=Case.objects.first().partnership)  # type: ignore[union-attr]
    since = counts()  # one case more than the backup holds: an overwrite would lose it
    with pytest.raises(CommandError, match=r"is not empty .* nothing was restored"):
        restore(tmp_path / "accord.backup")
    assert counts() == since


def test_restore_refuses_a_backup_not_as_its_manifest_says(tmp_path: Path) -> None:
    seed()
    backup = tmp_path / "accord.backup"
    back_up(backup)
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    with fresh_database(tmp_path) as settings, default_database(settings):
        with pytest.raises(CommandError, match="damaged, cut short or changed"):
            restore(backup)
        assert connection.introspection.table_names() == []
        manifest_path(backup).write_text('{"format": "accord-backup/1",\n "rows": }')
        with pytest.raises(CommandError, match=r"accord.backup.manifest.json:2: "):
            restore(backup)
        manifest_path(backup).write_text('{"format": "accord-backup/1", "database": "x"}')
        with pytest.raises(CommandError, match="not a whole manifest"):
            restore(backup)
        manifest_path(backup).unlink()
        with pytest.raises(CommandError, match=r"manifest\.json: No such file"):
            restore(backup)
        assert connection.introspection.table_names() == []


def test_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    backup = tmp_path / "accord.backup"
    backup.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        back_up(backup)
    assert backup.read_bytes() == b"an earlier backup"
    assert not manifest_path(backup).exists()

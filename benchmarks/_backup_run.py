"""The work of `benchmarks/backup.py`, in a process of its own (see there). Prints its figures."""

from __future__ import annotations

import io
import os
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks._pages_data import fill, progress, scalar, sql, templates, world

SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
FULL = bool(os.environ.get("BENCH_BACKUP_FULL"))
CASES = int(os.environ.get("BENCH_BACKUP_CASES", "100000" if FULL else "10000"))
EVENTS = int(os.environ.get("BENCH_BACKUP_EVENTS", "2000000" if FULL else "200000"))
SOURCE, TARGET = (f"accord_bench_backup_{os.getpid()}_{n}" for n in ("source", "restored"))


def main() -> int:
    import psycopg
    from psycopg import sql as pgsql

    admin = f"{SERVER}/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            for name in (SOURCE, TARGET):
                connection.execute(pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name)))
    except psycopg.Error as error:
        print(f"skipped: no PostgreSQL at {admin} ({type(error).__name__})")
        return 0
    os.environ["DATABASE_URL"] = f"{SERVER}/{SOURCE}"
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    try:
        with tempfile.TemporaryDirectory() as folder:
            for line in _run(Path(folder) / "accord.backup"):
                print(line, flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in (SOURCE, TARGET):
                connection.execute(
                    pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        pgsql.Identifier(name)
                    )
                )
    return 0


def _run(backup: Path) -> list[str]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC)
    w = world(now)
    fill(w, templates(w, now), CASES, EVENTS)
    sql("DROP TABLE bench_case, bench_template, bench_agency, bench_person")
    size = int(scalar("SELECT pg_database_size(current_database())"))
    from accord.cases.backups.manifest import table_rows

    _, counted, _ = _timed(lambda: table_rows(connection))  # the backup counts them too
    progress("backing up ...")
    _, wall, cpu = _timed(lambda: call_command("backup", str(backup), stdout=io.StringIO()))
    lines = [
        f"PostgreSQL {connection.pg_version // 10000}: the data of benchmarks/pages.py, "
        f"{CASES:,} cases, {EVENTS:,} events (BENCH_BACKUP_FULL=1: 100,000 and 2,000,000), "
        f"database {size / 2**20:,.0f} MiB; {_load()}",
        f"accord backup: {wall:.1f} s wall, {cpu:.1f} s CPU (this process and pg_dump), "
        f"backup {backup.stat().st_size / 2**20:,.0f} MiB (of which counting every table's "
        f"rows, timed apart: {counted:.1f} s)",
    ]
    connection.close()
    connection.settings_dict["NAME"] = TARGET  # an empty database, as a new installation has
    progress("restoring ...")
    out = io.StringIO()
    _, wall, cpu = _timed(lambda: call_command("restore", str(backup), "--no-verify", stdout=out))
    lines += [
        f"accord restore (--no-verify): {wall:.1f} s wall, {cpu:.1f} s CPU (this process and "
        "pg_restore)",
        f"  {out.getvalue().strip()}",
    ]
    connection.close()
    return lines


def _timed(action: Callable[[], Any]) -> tuple[Any, float, float]:
    """What `action` returns, its wall time and its CPU time with its children's."""

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    started, started_cpu = time.perf_counter(), cpu()
    result = action()
    return result, time.perf_counter() - started, cpu() - started_cpu


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs"


if __name__ == "__main__":
    raise SystemExit(main())

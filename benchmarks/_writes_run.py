"""The work of `benchmarks/writes.py` on one database (`sqlite` or `postgres`), in a process of its
own (see there). Prints its figures."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

ADMIN_URL = os.environ.get("ACCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
CASES = int(os.environ.get("BENCH_WRITES_CASES", "40"))
TARGET_MS = 10
HISTORIES = {"short": 2, "long": 20}  # events on the case before the write


def main(database: str) -> int:
    return on_database(database, "writes", _run)


def on_database(database: str, name: str, run: Callable[[], list[str]]) -> int:
    """Print what `run` returns, run on a throwaway database: a SQLite file, or a PostgreSQL
    database made on ADMIN_URL and dropped after (skipped when there is no server)."""
    if database == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"accord-bench-{name}-") as var:
            os.environ["DATABASE_URL"] = f"sqlite:///{var}/{name}.sqlite3"
            _print(run)
        return 0
    import psycopg

    from accord.config import pgadmin

    database_name = f"accord_bench_{name}_{os.getpid()}"
    try:
        pgadmin.main(["create", ADMIN_URL, database_name])
    except psycopg.Error as error:
        print(f"skipped: no PostgreSQL at {ADMIN_URL} ({type(error).__name__})")
        return 0
    os.environ["DATABASE_URL"] = ADMIN_URL.rsplit("/", 1)[0] + "/" + database_name
    try:
        _print(run)
    finally:
        from django.db import connections

        connections.close_all()
        pgadmin.main(["drop", ADMIN_URL, database_name])
    return 0


def _print(run: Callable[[], list[str]]) -> None:
    for line in run():
        print(line, flush=True)


def _run() -> list[str]:
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    made, load_line = _cases()
    one, five, _ = os.getloadavg()
    lines = [load_line, f"(load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs)"]
    lines += _writes(made)
    return lines


def _cases() -> tuple[dict[str, list[Any]], str]:
    """CASES open cases of each history length, loaded from a generated history file."""
    from benchmarks._histories import load_histories

    return load_histories(CASES, HISTORIES)


class _Counter:
    """Counts the queries run while it is installed (`connection.execute_wrapper`)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _timed(action: Callable[[], Any]) -> tuple[float, float, int]:
    """The action's wall time and CPU time (ms; the CPU time is this process's alone, whatever
    else the machine is doing, but not the database server's), and its number of queries."""
    from django.db import connection

    counter = _Counter()
    with connection.execute_wrapper(counter):
        cpu, started = time.process_time(), time.perf_counter()
        action()
        took = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu) * 1000
    return took, cpu, counter.count


def _writes(made: dict[str, list[Any]]) -> list[str]:
    from accord.cases import actions

    lines = []
    for length, cases in made.items():
        responds, escalates = [], []
        for case, people in cases:
            at = case.last_event_at + timedelta(hours=1)
            responds.append(
                _timed(
                    lambda c=case, p=people, a=at: actions.record_response(
                        case=c, actor=p["receiving"], position="disagree", now=a
                    )
                )
            )
            escalates.append(
                _timed(
                    lambda c=case, p=people, a=at: actions.escalate_case(
                        case=c,
                        actor=p["raising"],
                        raising_holder=p["raising_next"],
                        receiving_holder=p["receiving_next"],
                        reason="No agreement",
                        now=a + timedelta(hours=1),
                    )
                )
            )
        events = HISTORIES[length]
        for name, runs in (("respond", responds), ("escalate", escalates)):
            times = [t for t, _, _ in runs[2:]]  # the first ones warm the caches
            cpus = [c for _, c, _ in runs[2:]]
            counts = sorted({q for _, _, q in runs})
            median = statistics.median(times)
            verdict = "ok" if median < TARGET_MS else "OVER TARGET"
            lines.append(
                f"{name:<8} after {events:>2} events: median {median:5.1f} ms "
                f"(target < {TARGET_MS} ms: {verdict}), max {max(times):5.1f} ms, "
                f"CPU median {statistics.median(cpus):5.1f} ms, "
                f"queries {'/'.join(map(str, counts))}"
            )
    return lines


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

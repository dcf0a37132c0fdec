"""The work of `benchmarks/peer.py`, in a process of its own on a throwaway SQLite file (see
there). Prints its figures; ACCORD_BENCH_PROFILE names a file for the first sweep's profile."""

from __future__ import annotations

import cProfile
import io
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks._peer_world import SHARED, build_world, harness, write_history

CASES = int(os.environ.get("ACCORD_BENCH_PEER_CASES", "1000"))  # the harness's S; M is 20,000
TARGET_MS = 0.6  # per overdue case, first sweep (issue 17: 25 times faster than the peer)


def main() -> int:
    peer = harness()
    if peer is None:
        print(f"skipped: no side-by-side harness at {SHARED} (set ACCORD_PEER_HARNESS)")
        return 0
    with tempfile.TemporaryDirectory(prefix="accord-bench-peer-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/built.sqlite3"
        os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
        os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
        import django

        django.setup()
        for line in _run(peer, Path(folder)):
            print(line, flush=True)
    return 0


def _progress(text: str) -> None:
    print(f"   .. {text}", file=sys.stderr, flush=True)


def _run(peer: Any, folder: Path) -> list[str]:
    from django.core.management import call_command

    from accord.cases.loading import LoadRefused, load_cases
    from accord.cases.models import ChainHead

    call_command("migrate", verbosity=0)
    build_world(peer)
    history = folder / "history.jsonl"
    write_history(peer, CASES, history)
    started = time.perf_counter()
    try:
        loaded = load_cases(history)
    except LoadRefused as refused:
        return [f"FAILED: {refused}", *(str(p) for p in refused.problems[:5])]
    took = time.perf_counter() - started
    _progress(f"{loaded.cases:,} cases loaded in {took:.0f} s")
    delivered = _as_if_delivered()
    lines = [
        f"{loaded.cases:,} cases, {loaded.events:,} events, {ChainHead.objects.count():,} chain "
        f"heads, loaded through the actions (accord cases load) in {took:.1f} s; "
        f"{delivered:,} e-mails of their history marked sent"
    ]
    swept = _copy(folder / "built.sqlite3", folder / "swept.sqlite3")
    first = _tick(peer.NOW)
    lines += _first_lines(first)
    again = _tick(peer.NOW)
    lines.append(
        f"run again: {again['wall'] * 1000:.0f} ms wall, {again['cpu'] * 1000:.0f} ms CPU, "
        f"{again['statements']} SQL statements; {again['report']['notifications']} new"
    )
    lines.append(f"log breaks found by the sweeps: {len(first['report']['log_breaks'])}")
    swept.unlink()
    profiled = _copy(folder / "built.sqlite3", folder / "profiled.sqlite3")
    share = _engine_share(peer.NOW)
    lines.append(f"engine: {share:.0%} of the first sweep's Python time (profiled, on a copy)")
    profiled.unlink()
    return lines


def _engine_share(now: Any) -> float:
    """The share of the first sweep's time in Python spent in the engine (`accord.engine`),
    from the same sweep profiled (the profiler slows Python, not the database)."""
    import pstats

    from django.core.management import call_command
    from django.db import connection

    connection.close()
    profile = cProfile.Profile()
    profile.enable()
    call_command("tick", "--json", "--now", now.isoformat(), stdout=io.StringIO())
    profile.disable()
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    engine = os.sep + os.path.join("accord", "engine") + os.sep
    total = sum(row[2] for row in stats.values())
    inside = sum(row[2] for (path, _, _), row in stats.items() if engine in path)
    return inside / total if total else 0.0


def _first_lines(first: dict[str, Any]) -> list[str]:
    report, made = first["report"], first["made"]
    overdue = first["cases_passed"]
    per = 1000 * first["wall"] / overdue if overdue else 0.0
    verdict = "ok" if per < TARGET_MS else "OVER TARGET"
    sql = first["sql"]
    python = max(first["wall"] - sql, 0.0)
    return [
        f"first sweep: {first['wall']:.2f} s wall, {first['cpu']:.2f} s CPU; "
        f"{report['deadlines']:,} deadlines with alerts due, {overdue:,} cases alerted passed",
        f"per overdue case: {per:.2f} ms (target < {TARGET_MS} ms: {verdict}), "
        f"{1000 * first['cpu'] / max(overdue, 1):.2f} ms of CPU; "
        f"{first['statements']:,} SQL statements",
        f"time: SQL {sql:.2f} s ({sql / first['wall']:.0%}), Python {python:.2f} s "
        f"({python / first['wall']:.0%})",
        f"made: {made['notifications']:,} notifications, {made['in_app']:,} in-app, "
        f"{made['emails']:,} e-mails, {made['tasks']:,} delivery tasks",
    ]


def _as_if_delivered() -> int:
    """What the e-mail worker would have left of the history's e-mails by now: each sent when
    queued, each delivery task done (else the sweep's upkeep re-queues them all as stuck)."""
    from django.db.models import F
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from accord.notifications.delivery import backoff
    from accord.notifications.models import OutboxMessage

    sent = OutboxMessage.objects.filter(status="pending").update(
        status="sent", attempts=1, sent_at=F("created_at"), last_error="",
        next_attempt_at=F("created_at") + backoff(1),
    )  # fmt: skip
    DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).update(
        status=TaskResultStatus.SUCCESSFUL, started_at=F("enqueued_at"),
        finished_at=F("enqueued_at"),
    )  # fmt: skip
    return sent


def _copy(source: Path, target: Path) -> Path:
    """A copy of the built file (its write-ahead log folded in), in use from now on."""
    from django.db import connection, connections

    connections.close_all()
    with sqlite3.connect(source) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(source, target)
    connection.settings_dict["NAME"] = str(target)
    return target


def _counts() -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult

    from accord.cases.models import CaseNotification
    from accord.notifications.models import InAppNotification, OutboxMessage

    return {
        "notifications": CaseNotification.objects.count(),
        "in_app": InAppNotification.objects.count(),
        "emails": OutboxMessage.objects.count(),
        "tasks": DBTaskResult.objects.count(),
    }


class _Statements:
    def __init__(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


@contextmanager
def _counted() -> Iterator[_Statements]:
    from django.db import connection

    statements = _Statements()
    with connection.execute_wrapper(statements):
        yield statements


def _tick(now: Any) -> dict[str, Any]:
    """`accord tick --json --now NOW` in process, on a fresh connection, as cron would run it."""
    from django.core.management import call_command
    from django.db import connection

    from accord.cases.models import CaseNotification

    before = _counts()
    known = CaseNotification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()
    out = io.StringIO()
    profile = cProfile.Profile() if os.environ.get("ACCORD_BENCH_PROFILE") else None
    with _counted() as statements:
        wall, cpu = time.perf_counter(), time.process_time()
        if profile is not None:
            profile.enable()
        call_command("tick", "--json", "--now", now.isoformat(), stdout=out)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if profile is not None:  # the first sweep's, for `python -m pstats` (times inflated)
        profile.disable()
        profile.dump_stats(os.environ["ACCORD_BENCH_PROFILE"])
        os.environ.pop("ACCORD_BENCH_PROFILE")
    after = _counts()
    passed = CaseNotification.objects.filter(pk__gt=known, kind="passed")
    return {
        "wall": wall,
        "cpu": cpu,
        "statements": statements.count,
        "sql": statements.seconds,
        "report": json.loads(out.getvalue().strip().splitlines()[-1]),
        "made": {k: after[k] - before[k] for k in after},
        "cases_passed": passed.values("case").distinct().count(),
    }


if __name__ == "__main__":
    raise SystemExit(main())

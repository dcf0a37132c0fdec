"""The work of `benchmarks/loading.py` on one database (`sqlite` or `postgres`), in a process of
its own (see there). Prints its figures."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

CASES = int(os.environ.get("BENCH_LOAD_CASES", "300"))
TASKS = 3  # tasks added before the case is answered


def history_line(w: dict[str, Any], at: datetime) -> dict[str, Any]:
    """A case raised at `at`, three tasks added, a response, an escalation to stage 2 with new
    holders on both sides, and the new receiving holder's response: 7 events with the raise."""
    from benchmarks._histories import history_line as raised

    line = raised(w, at, 1 + TASKS)

    def later(hours: int) -> str:
        return (at + timedelta(hours=hours)).isoformat()

    line["events"] += [
        {"action": "respond", "at": later(1), "by": w["receiving"].email, "position": "disagree"},
        {
            "action": "escalate",
            "at": later(2),
            "by": w["raising"].email,
            "raising_holder": w["raising_next"].email,
            "receiving_holder": w["receiving_next"].email,
            "reason": "No agreement at stage 1",
        },
        {"action": "respond", "at": later(3), "by": w["receiving_next"].email, "position": "agree"},
    ]
    return line


def main(database: str) -> int:
    from benchmarks._writes_run import on_database

    return on_database(database, "loading", _run)


def _run() -> list[str]:
    os.environ.setdefault("ACCORD_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.config.settings.local"
    import django

    django.setup()
    from django.core.management import call_command

    from accord.cases.chain import verify
    from accord.cases.loading import load_cases
    from benchmarks._histories import RAISED_AT, world

    call_command("migrate", verbosity=0)
    w = world()
    with tempfile.TemporaryDirectory(prefix="accord-bench-loading-") as folder:
        path = Path(folder) / "histories.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(CASES):
                out.write(json.dumps(history_line(w, RAISED_AT + timedelta(minutes=n))) + "\n")
        cpu, started = time.process_time(), time.perf_counter()
        report = load_cases(path)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
    breaks = list(verify())
    one, five, _ = os.getloadavg()
    return [
        f"{report.cases} cases, {report.events} events (raise, 3 tasks, respond, escalate, "
        f"respond) loaded in {took:.1f} s: {report.events / took:.0f} events/s "
        f"(CPU {cpu:.1f} s, {report.events / cpu:.0f} events/s of CPU)",
        f"chains verified: {'every one' if not breaks else f'{len(breaks)} BREAKS'}",
        f"(load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPUs)",
    ]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

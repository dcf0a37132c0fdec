"""Loading past cases in bulk (`accord cases load`, `accord.cases.loading`): events loaded a
second, on SQLite and on PostgreSQL, for a generated history file of BENCH_LOAD_CASES (default
300) cases of 7 events each (raise, tasks, responses, an escalation), every event through the
actions' checks and write path with its rows inserted in batches (decision 31); then the event
chains are verified. Target (issue 17): thousands of events a second.

Each database runs in a process of its own (`benchmarks/_loading_run.py`), on a throwaway
database as `benchmarks/writes.py` makes it.
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    lines = ["SQLite:"]
    lines += [f"  {line}" for line in run_child("benchmarks._loading_run", "sqlite")]
    lines += ["PostgreSQL:"]
    lines += [f"  {line}" for line in run_child("benchmarks._loading_run", "postgres")]
    return lines

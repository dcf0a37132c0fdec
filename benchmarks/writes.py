"""A case write through the actions: `record_response` and `escalate_case`, the server's time and
the number of queries of each, on a case with a short history (2 events) and with a long one (20
events), on SQLite and on PostgreSQL. Targets (issue 17): under 10 ms, and as many queries for a
long history as for a short one.

Each database runs in a process of its own (`benchmarks/_writes_run.py`): a throwaway SQLite file,
and a throwaway PostgreSQL database on ACCORD_BENCH_POSTGRES (an admin URL, default
postgres://postgres@127.0.0.1:5432/postgres; skipped if there is none). The cases are made with
the bulk loader (`accord cases load`, `accord.cases.loading`) from a generated history file,
whose pace is printed too. BENCH_WRITES_CASES (default 40) cases of each history length.
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    lines = ["SQLite:"]
    lines += [f"  {line}" for line in run_child("benchmarks._writes_run", "sqlite")]
    lines += ["PostgreSQL:"]
    lines += [f"  {line}" for line in run_child("benchmarks._writes_run", "postgres")]
    return lines

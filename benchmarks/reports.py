"""The partnership's figures at national scale: 1,000,000 cases, 10,000,000 events, 150
partnerships, on PostgreSQL.

Targets (issue 8): one partnership's live board under 300 ms and its quarterly report figures
under 2 seconds, from queries that use indexes (their EXPLAIN ANALYZE plans are printed).

It runs in its own process on its own database (ACCORD_BENCH_REPORTS_DB, default
accord_bench_reports, on the server of ACCORD_BENCH_POSTGRES, default
postgres://postgres@127.0.0.1:5432/postgres). The data is made once by bulk SQL (a few minutes)
and kept for the next run; ACCORD_BENCH_REPORTS_REBUILD=1 makes it again, and
ACCORD_BENCH_REPORTS_CASES / _PARTNERSHIPS change the scale. Without PostgreSQL it says so.
"""

from __future__ import annotations

import os

from benchmarks._child import run_child


def _postgres_available() -> bool:
    url = os.environ.get("ACCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:
        return False
    return True


def run() -> list[str]:
    if not _postgres_available():
        return ["skipped: this benchmark needs PostgreSQL (ACCORD_BENCH_POSTGRES)"]
    return run_child("benchmarks._reports_run")

"""The access check at scale, through a 6-level management chain.

Target (issue 5): the access check adds at most 2 queries to any page, whatever the depth of the
management chain. This counts the queries of the case page's check (the case read through the
rules, and the person's roles) for people 0 to 6 levels above the case's raiser, for the other
holder, a safeguarding lead, the business manager and someone refused; times them (median); and
times the first page of the case list for the same people.

It runs in its own process (Django is set up once per process, and the sweep benchmark sets it up
for its own database), on a throwaway PostgreSQL database when one is reachable
(ACCORD_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432/postgres), else on SQLite in a
temporary directory. ACCORD_BENCH_ACCESS_CASES sets the number of cases (default 100,000 on
PostgreSQL, 20,000 on SQLite).
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    return run_child("benchmarks._access_run")

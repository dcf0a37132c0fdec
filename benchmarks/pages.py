"""The case page and the partnership's filtered list at scale: 100,000 cases, 2,000,000 events.

Targets (issue 4): the case page (`web:case-detail`) median under 50 ms and p95 under 100 ms
server-side; the business manager's filtered list (`web:partnership-cases`) p95 under 150 ms;
and (issue 18) the API's case read, p95 under 50 ms, and its page of 50 of the partnership's cases.

Runs in its own process (`benchmarks/_pages_run.py`: Django is set up for its own database) on
PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/accord_bench_pages)
names a database that is dropped and created afresh, filled with SQL (`benchmarks/_pages_data.py`:
ten cases made through the actions, cloned 100,000 times with their holdings, deadlines, outcomes
and sign-offs, shifted in time, plus filler events to 2,000,000; the clones' events copy their
template's hashes, so their chains do not verify: nothing here reads them), then dropped again
(BENCH_KEEP=1 keeps it to look at). Each page is asked through Django's test Client, signed in as
the partnership's business manager, after a warm-up: the time is the server's (middleware, view,
queries, template), not a browser's, and wall-clock (the load average is printed with it).
BENCH_CASES and BENCH_EVENTS change the sizes.

The schema is the application's own (its migrations): the list's indexes and `Case.next_due_on`
(stored by the actions, so "soonest due first" is an index scan), and PostgreSQL's JIT off
(accord/config/settings/base.py: it compiles any plan costed over 100,000, which costs more than
it saves here).
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    return run_child("benchmarks._pages_run")

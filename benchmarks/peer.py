"""Accord's side of the side-by-side with django-helpdesk 2.6.1 (issue 17, item 6): the first
sweep (`accord tick`) of the shared harness's workload on SQLite, its cost per overdue case
(target about 0.6 ms, 25 times faster than the peer's `escalate_tickets`), its statements, the
shares of its time in SQL, Python and (from the same sweep profiled on a copy) the engine, the
notifications and e-mails it makes, and a second sweep straight after.

The workload is the harness's own (`../shared/bench/helpdesk/driver.py`, or
ACCORD_PEER_HARNESS; skipped when it is not there), built by `benchmarks/_peer_world.py` through
`accord cases load`; the figures come from `benchmarks/_peer_run.py`, in a process of its own on
a throwaway SQLite file. ACCORD_BENCH_PEER_CASES (default 1000, the harness's size S; 20000 is
its M, whose loading takes several minutes). To compare with the peer, run the harness's
`driver.py` in the same sitting (its README), and compare the ratio within that sitting.
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    return run_child("benchmarks._peer_run")

"""`accord backup` and `accord restore` on PostgreSQL: the time to back up a sizeable database
and to restore it into an empty one (issue 19 item 3's "measure and report"). No target: the
figures size the backup window and the time to recover.

Runs in its own process (`benchmarks/_backup_run.py`) on PostgreSQL: the data of
`benchmarks/pages.py` (`benchmarks/_pages_data.py`: cases made through the actions, cloned with
SQL), by default 10,000 cases and 200,000 events; BENCH_BACKUP_FULL=1 takes the national scale of
`benchmarks/pages.py` (100,000 cases, 2,000,000 events), or BENCH_BACKUP_CASES and
BENCH_BACKUP_EVENTS set the sizes. BENCH_DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432) gets two throwaway databases, dropped afterwards. Prints wall
and CPU time (this process's and pg_dump's or pg_restore's; not the server's), the database's
and the backup's sizes. The restore runs with `--no-verify`: the clones copy their template's
hashes, so their chains do not verify by construction; its row checks against the manifest run.
"""

from __future__ import annotations

from benchmarks._child import run_child


def run() -> list[str]:
    return run_child("benchmarks._backup_run")

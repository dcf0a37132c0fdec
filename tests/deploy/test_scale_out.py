"""Scale out on PostgreSQL (issue 19 item 2): two task workers and two sweeps, each a process as
production starts it (the Procfile's commands; the sweeps every second instead of every minute),
over a backlog of pending e-mails and passed deadlines. Every e-mail reaches the SMTP server
exactly once (counted by Message-ID) and every alert is made once: the sweeps' own reports add up
to one firing per deadline, whichever sweep fired it (SKIP LOCKED on the deadlines, the delivery
tasks and the outbox rows; keyed inserts besides).

The size is ACCORD_SCALE_EMAILS and ACCORD_SCALE_DEADLINES (default 1,000 and 200, well under a
minute); the issue's 10,000 and 1,000 with `ACCORD_SCALE_EMAILS=10000 ACCORD_SCALE_DEADLINES=1000`.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from tests.notifications.conftest import SmtpServer

from .installation import free_port, installed, procfile, server_database_url, wait_for

pytestmark = pytest.mark.skipif(
    server_database_url() is None,
    reason="several workers and sweeps share a PostgreSQL database: set DATABASE_URL to one",
)
EMAILS = int(os.environ.get("ACCORD_SCALE_EMAILS", "1000"))
DEADLINES = int(os.environ.get("ACCORD_SCALE_DEADLINES", "200"))
TIMEOUT = 60 + EMAILS / 20 + DEADLINES / 10  # generous: a loaded machine sends 100 a second


def test_two_workers_and_two_sweeps_deliver_each_email_once_and_make_each_alert_once(
    tmp_path: Path,
) -> None:
    smtp = SmtpServer(port=free_port())
    smtp.start()
    try:
        with installed(smtp.port, tmp_path, {}, serve=False) as site:
            backlog = json.loads(
                site.run(f"{sys.executable} -m tests.deploy.backlog {EMAILS} {DEADLINES}", 600)
            )
            processes = procfile()
            sweep = processes["sweep"].replace("--loop 60", "--loop 1")
            assert sweep != processes["sweep"]
            for n in (1, 2):
                site.start(f"worker-{n}", processes["worker"])
                site.start(f"sweep-{n}", sweep)
            with psycopg.connect(site.database_url, autocommit=True) as database:
                _until_quiet(database, datetime.fromisoformat(backlog["due_before"]))
                statuses = site.stop()
                # A worker finishes its task; a sweep is ended by the signal, safely (each batch
                # one transaction, every notice keyed).
                assert statuses == {
                    "worker-1": 0, "sweep-1": -signal.SIGTERM,
                    "worker-2": 0, "sweep-2": -signal.SIGTERM,
                }, statuses  # fmt: skip
                _assert_each_alert_made_once(database)
                _assert_each_email_delivered_once(database, smtp)
    finally:
        smtp.stop()


def _count(database: psycopg.Connection, query: str, *params: object) -> int:
    row = database.execute(query, params).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])


def _until_quiet(database: psycopg.Connection, due_before: datetime) -> None:
    """Wait until no deadline is due, four sweep runs have started since (so both sweeps have
    finished the runs that fired them, and gathered their e-mails), and no e-mail waits."""
    wait_for(
        "the sweeps to fire every deadline",
        lambda: _count(database, "SELECT count(*) FROM cases_deadline WHERE next_alert_at <= %s",
                       due_before) == 0 or None,
        timeout=TIMEOUT,
    )  # fmt: skip
    fired = time.time()
    wait_for(
        "two more sweeps and an empty outbox",
        lambda: (
            _count(database, "SELECT count(*) FROM cases_sweeprun WHERE now > to_timestamp(%s)",
                   fired) >= 4
            and _count(database, "SELECT count(*) FROM notifications_outboxmessage "
                       "WHERE status = 'pending'") == 0
        ) or None,
        timeout=TIMEOUT,
    )  # fmt: skip


def _assert_each_alert_made_once(database: psycopg.Connection) -> None:
    reports = [r for (r,) in database.execute("SELECT report FROM cases_sweeprun").fetchall()]
    assert sum(r["deadlines"] for r in reports) == DEADLINES  # each fired by one sweep, once
    assert [r["failed"] for r in reports if r["failed"]] == []
    assert [r["log_breaks"] for r in reports if r["log_breaks"]] == []
    passed = database.execute(
        "SELECT case_id, count(*) FROM cases_casenotification WHERE kind = 'passed' "
        "GROUP BY case_id"
    ).fetchall()
    assert len(passed) == DEADLINES
    assert {n for _, n in passed} == {1}
    tasks = dict(
        database.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        ).fetchall()
    )
    assert set(tasks) == {"SUCCESSFUL"}, tasks
    workers = database.execute(
        "SELECT worker_ids, count(*) FROM django_tasks_database_dbtaskresult GROUP BY worker_ids"
    ).fetchall()
    assert len(workers) == 2, workers  # both workers took tasks; each task taken once
    assert {len(ids) for ids, _ in workers} == {1}


def _assert_each_email_delivered_once(database: psycopg.Connection, smtp: SmtpServer) -> None:
    stored = dict(
        database.execute("SELECT message_id, status FROM notifications_outboxmessage").fetchall()
    )
    assert len(stored) > EMAILS  # the backlog, and the sweeps' own e-mails about the alerts
    assert set(stored.values()) == {"sent"}
    received = Counter(smtp.message_ids())
    assert set(received) == set(stored)
    assert [m for m, n in received.items() if n != 1] == []  # exactly once each

"""The production processes on PostgreSQL (issue 19): the time from an empty database to the
first administrator's signed-in page, and the throughput of two task workers against one.

Each run creates a throwaway database on ACCORD_BENCH_POSTGRES's server (default
postgres://postgres@127.0.0.1:5432/postgres) and starts the Procfile's processes under production
settings, as tests/deploy/ does: the build (collectstatic) beside the release (migrate), then
gunicorn, a worker and the sweep; `accord partnership create`, the invitation e-mail through the
worker to a local SMTP server, choosing a password, signing in and setting up the authenticator
app over HTTP. Then, on a fresh database each, BENCH_DEPLOY_EMAILS pending e-mails (default 2,000,
50 to a task) delivered by one worker, then by two. Prints wall times, the CPU time of the
processes (user + system) and the load average: the machine is shared, so compare within a run.
The SMTP server runs in this process, on one thread: at high rates it is part of what is measured.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ADMIN_URL = os.environ.get("ACCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
EMAILS = int(os.environ.get("BENCH_DEPLOY_EMAILS", "2000"))


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def run() -> list[str]:
    import psycopg

    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error as error:
        return [f"skipped: no PostgreSQL at {ADMIN_URL} ({type(error).__name__})"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.config.settings.test")
    import django

    django.setup()  # the helpers read URLs and compute authenticator codes
    return _signed_in() + _workers()


def _signed_in() -> list[str]:
    from tests.deploy.browsing import first_administrator_signs_in
    from tests.deploy.installation import free_port, installed
    from tests.notifications.conftest import SmtpServer

    smtp = SmtpServer(port=free_port())
    smtp.start()
    times: dict[str, float] = {}
    cpu = _cpu()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="accord-bench-deploy-") as var,
            installed(smtp.port, Path(var), times, server_url=ADMIN_URL) as site,
        ):
            first_administrator_signs_in(site, smtp)
            times["first administrator signed in"] = time.perf_counter() - times["started"]
            load = _load()
    finally:
        smtp.stop()
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in times.items() if k != "started")
    return [
        f"from an empty database: {steps}",
        f"  CPU of every process (migrate, collectstatic, gunicorn, worker, sweep, commands): "
        f"{_cpu() - cpu:.1f} s; {load}",
    ]


SENT = (
    "SELECT count(*) FILTER (WHERE status = 'pending'), "
    "extract(epoch FROM max(sent_at) - min(sent_at)) FROM notifications_outboxmessage"
)


def _sent(database: Any) -> float | None:
    """Seconds from the first e-mail sent to the last, once none is pending."""
    row = database.execute(SENT).fetchone()
    return float(row[1]) if row[0] == 0 else None


def _workers() -> list[str]:
    import psycopg

    from tests.deploy.installation import free_port, installed, procfile, wait_for
    from tests.notifications.conftest import SmtpServer

    lines = []
    for workers in (1, 2):
        smtp = SmtpServer(port=free_port())
        smtp.start()
        try:
            with (
                tempfile.TemporaryDirectory(prefix="accord-bench-deploy-") as var,
                installed(smtp.port, Path(var), {}, serve=False, server_url=ADMIN_URL) as site,
            ):
                site.run(f"{sys.executable} -m tests.deploy.backlog {EMAILS} 1", 600)
                cpu, started = _cpu(), time.perf_counter()
                for n in range(workers):
                    site.start(f"worker-{n}", procfile()["worker"])
                with psycopg.connect(site.database_url, autocommit=True) as database:
                    wait_for("the backlog", partial(_sent, database), timeout=600)
                    wall = time.perf_counter() - started
                    sending = _sent(database) or wall
                    load = _load()
                site.stop()
                cpu = _cpu() - cpu
        finally:
            smtp.stop()
        assert len(smtp.messages) >= EMAILS
        lines.append(
            f"{workers} worker{'s' if workers > 1 else ''}: {EMAILS:,} e-mails in {wall:.1f} s "
            f"from the workers' start ({EMAILS / wall:.0f}/s), {sending:.1f} s from the first "
            f"sent to the last ({EMAILS / sending:.0f}/s); workers' CPU {cpu:.1f} s; {load}"
        )
    return lines

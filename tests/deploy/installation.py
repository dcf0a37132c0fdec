"""A production installation on this machine, for the deployment tests and benchmarks/deploy.py:
a throwaway PostgreSQL database and the processes of the Procfile started as production starts
them, each an OS process under production settings, in the environment docs/howto/deploy.md lists.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # `accord` and `gunicorn`, as installed with Accord
PRODUCTION = "accord.config.settings.production"
HOST = "accord.test"  # the public name the proxy serves (ALLOWED_HOSTS, ACCORD_BASE_URL)


def server_database_url() -> str | None:
    """DATABASE_URL when it names a PostgreSQL server, else None (the tests are skipped)."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def procfile() -> dict[str, str]:
    """The Procfile's process types and their commands."""
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return {
        name.strip(): command.strip()
        for name, _, command in (line.partition(":") for line in lines if line.strip())
    }


class ThrowawayDatabase:
    """A new, empty PostgreSQL database on the server DATABASE_URL names; dropped afterwards."""

    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self.admin_url = parts._replace(path="/postgres").geturl()
        self.name = f"accord_deploy_{os.getpid()}_{secrets.token_hex(3)}"
        self.url = parts._replace(path=f"/{self.name}").geturl()

        self.reader = f"{self.name}_reader"  # a role for the replica's connections

    def _execute(self, statement: str, name: str = "") -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name or self.name)))

    def create(self) -> None:
        self._execute("CREATE DATABASE {}")

    def drop(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self._execute("DROP ROLE IF EXISTS {}", self.reader)

    def reader_url(self) -> str:
        """A new role that can sign in and read nothing until granted (`grant_reads`): its URL
        stands for a read replica's (the same rows, another connection)."""
        self._execute("CREATE ROLE {} LOGIN", self.reader)
        return urlsplit(self.url)._replace(netloc=self._netloc(self.reader)).geturl()

    def _netloc(self, user: str) -> str:
        parts = urlsplit(self.url)
        return f"{user}@{parts.hostname}:{parts.port or 5432}"

    def grant_reads(self, granted: bool) -> None:
        statement = (
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}"
            if granted
            else "REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM {}"
        )
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.reader)))


@dataclass
class Installation:
    """The environment production reads (docs/howto/deploy.md), and the processes started in it."""

    database_url: str
    smtp_port: int
    var_dir: Path
    replica_url: str = ""
    web_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    database: ThrowawayDatabase | None = None

    @property
    def env(self) -> dict[str, str]:
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "ACCORD_", "EMAIL_", "DATABASE_"))
        }
        return (
            inherited
            | {
                "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
                "PYTHONPATH": str(ROOT),  # the tests' own scripts (tests.deploy.backlog)
                "DJANGO_SETTINGS_MODULE": PRODUCTION,
                "SECRET_KEY": "deploy-test-" + "k" * 40,  # TESTS ONLY
                "ACCORD_CHAIN_KEY": "deploy:deploy-test-chain-key-only",  # TESTS ONLY
                "DATABASE_URL": self.database_url,
                "ALLOWED_HOSTS": HOST,
                "ACCORD_BASE_URL": f"https://{HOST}",
                "ACCORD_VAR_DIR": str(self.var_dir),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.smtp_port),
                "DEFAULT_FROM_EMAIL": f"Accord <no-reply@{HOST}>",
                "PORT": str(self.web_port),
                "WEB_CONCURRENCY": "2",
            }
            | ({"DATABASE_REPLICA_URL": self.replica_url} if self.replica_url else {})
        )

    def run(self, command: str, timeout: float = 120) -> str:
        """Run `command` to its end (a release step, an operator's command); its output."""
        done = subprocess.run(  # noqa: S603 - our own commands
            shlex.split(command),
            cwd=self.var_dir,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    def start(self, name: str, command: str) -> None:
        """Start a long-running process; its output goes to a log file beside the database."""
        log = (self.var_dir / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
            shlex.split(command), cwd=self.var_dir, env=self.env, stdout=log, stderr=log
        )

    def log(self, name: str) -> str:
        return (self.var_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def assert_running(self) -> None:
        for name, process in self.processes.items():
            assert process.poll() is None, (
                f"{name} exited ({process.returncode}):\n{self.log(name)}"
            )

    def stop(self) -> dict[str, int]:
        """SIGTERM to every process, as systemd stops them; their exit statuses."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        statuses = {}
        for name, process in self.processes.items():
            try:
                statuses[name] = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                statuses[name] = process.wait()
        return statuses


def wait_for[T](what: str, found: Callable[[], T | None], timeout: float = 30) -> T:
    """Poll `found` until it returns something, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@contextmanager
def installed(
    smtp_port: int,
    var_dir: Path,
    times: dict[str, float],
    *,
    serve: bool = True,
    server_url: str | None = None,
    replica: bool = False,
) -> Iterator[Installation]:
    """A new installation on an empty database of `server_url` (DATABASE_URL's server by
    default), from the build to every process answering (only migrated, without `serve`: the
    caller starts what it wants); with `replica`, reads marked replica-safe connect as the
    database's reader role (`site.database`); `times` gets the seconds from the empty database
    to each step (and `started`)."""
    url = server_url or server_database_url()
    assert url is not None, "DATABASE_URL must name a PostgreSQL server"
    database = ThrowawayDatabase(url)
    started = times["started"] = time.perf_counter()
    database.create()
    site = Installation(database.url, smtp_port, var_dir)
    site.database = database
    if replica:
        site.replica_url = database.reader_url()
    processes = procfile()
    try:
        # The build (static files, into ACCORD_VAR_DIR) and the release (migrations) are
        # independent: a platform builds while the previous release still serves.
        if serve:
            site.start("build", f"accord manage collectstatic --no-input --settings {PRODUCTION}")
        site.run(processes["release"])
        times["release (migrate)"] = time.perf_counter() - started
        if not serve:
            yield site
            return
        assert site.processes.pop("build").wait(timeout=120) == 0, site.log("build")
        times["build (collectstatic)"] = time.perf_counter() - started
        for name in ("web", "worker", "sweep"):
            site.start(name, processes[name])
        wait_for("gunicorn", lambda: healthy(site.web_port), timeout=60)
        times["web answering /healthz"] = time.perf_counter() - started
        yield site
    finally:
        site.stop()
        database.drop()


def healthy(port: int) -> bool:
    """Whether /healthz answers that the database is reachable (plain HTTP, as a load balancer's
    health check reaches the process)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz", headers={"Host": HOST})
        reply = connection.getresponse()
        return reply.status == 200 and b'"database": "ok"' in reply.read()
    except OSError:
        return False
    finally:
        connection.close()

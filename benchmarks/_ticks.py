"""A tick timed, its SQL statements counted and timed on every connection it opens (this
thread's and those of the sweep's batch threads, decision 39): for `benchmarks/sweep.py`."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any


def timed_tick(now: datetime) -> tuple[float, dict[str, Any]]:
    took, report, _ = measured_tick(now)
    return took, report


def measured_tick(now: datetime) -> tuple[float, dict[str, Any], Statements]:
    """A tick's wall time and report, with its statements counted and timed on every connection:
    this thread's and those the sweep's batch threads open (`accord.cases.sweep_batches`)."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    from accord.cases.sweep import tick

    statements = Statements()

    def watch(sender: Any, connection: Any, **kwargs: Any) -> None:
        statements.connections += 1
        connection.execute_wrappers.append(statements)  # gone with the thread's connection

    connection_created.connect(watch, weak=False)
    try:
        with connection.execute_wrapper(statements):
            started, cpu = time.perf_counter(), time.process_time()
            report = tick(now=now)
            took, statements.cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        connection_created.disconnect(watch)
    return took, report, statements


class Statements:
    """Counts the SQL statements run and the time spent in them (driver and database), summed
    over the connections that ran them (threads at once: the sum can exceed the wall time)."""

    def __init__(self) -> None:
        self.count, self.seconds, self.cpu = 0, 0.0, 0.0  # cpu: this process's, all threads
        self.connections = 1  # this thread's, and one a batch thread opens
        self.slowest: list[tuple[float, str]] = []
        self._lock = threading.Lock()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - started
            with self._lock:
                self.count += 1
                self.seconds += took
                self.slowest = sorted([*self.slowest, (took, sql[:90])], reverse=True)[:3]

"""The sweep's alert batches, one after another or, on PostgreSQL, on two threads at once
(decision 39).

A batch of 2,500 due deadlines spends about half its time waiting on PostgreSQL and half in
Python (issue 17). Two threads, each with its own connection (Django gives each thread its own),
overlap them: one thread's Python runs while the other's statements run in the server (psycopg
lets go of the GIL while it waits). The batches already share the work safely, as two sweeps
at once do: each takes its rows with SKIP LOCKED.

Serial, in the caller's connection, on SQLite (one writer), with `ACCORD_SWEEP_WORKERS` = 1, and
inside a transaction: another connection cannot see the caller's uncommitted rows.

What the threads share is guarded: each has its own report and cache of engine contexts, merged
here once both have finished; the cases that failed (`Skipped`) are one set behind a lock.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Protocol

from django.conf import settings
from django.db import connection, connections

from accord.engine.calendar import Calendar
from accord.engine.policy.model import Policy
from accord.engine.speech import in_english

from .sweep_report import SweepReport

type Contexts = dict[tuple[int, int], tuple[Policy, Calendar]]


class Skipped:
    """The cases that failed in this sweep (their deadlines wait for the next), shared by the
    batches. Adding and iterating hold the lock, so a batch reading the set (`due_deadlines`
    sorts it) never meets the other thread adding to it; a lookup is one atomic set operation."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._lock = threading.Lock()

    def add(self, case_id: int) -> None:
        with self._lock:
            self._ids.add(case_id)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._ids

    def __iter__(self) -> Iterator[int]:
        with self._lock:
            return iter(list(self._ids))

    def __len__(self) -> int:
        return len(self._ids)


class Batch(Protocol):
    """One batch of due deadlines in its own transaction; the number of rows it took."""

    def __call__(self, *, report: SweepReport, contexts: Contexts, skipped: Skipped) -> int: ...


def alert_batches(
    batch: Batch, *, size: int, report: SweepReport, contexts: Contexts, skipped: Skipped
) -> None:
    """Run `batch` until one takes fewer than `size` rows: nothing left that is due, unskipped
    and not locked by another sweep."""
    workers = settings.ACCORD_SWEEP_WORKERS
    if workers <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        while batch(report=report, contexts=contexts, skipped=skipped) == size:
            pass
        return
    parts: list[tuple[SweepReport, Contexts]] = [
        (SweepReport(now=report.now), {}) for _ in range(workers)
    ]
    stop = threading.Event()  # one thread failed: the others end after their batch
    # Paused once here for all threads (the collector is the process's): each batch's own pause
    # (`collector_paused` on `_alert_batch`) then finds it off and leaves it alone.
    with collector_paused(), ThreadPoolExecutor(workers, "sweep-batches") as pool:
        running = [pool.submit(_worker, batch, size, *part, skipped, stop) for part in parts]
        for future in running:
            future.exception()  # wait for every thread before raising any one's error
    for future in running:
        future.result()  # a thread's error, a DatabaseError say, fails the sweep as when serial
    for part, part_contexts in parts:
        report.deadlines += part.deadlines
        report.notifications += part.notifications
        report.failed += part.failed
        contexts.update(part_contexts)


def _worker(
    batch: Batch,
    size: int,
    report: SweepReport,
    contexts: Contexts,
    skipped: Skipped,
    stop: threading.Event,
) -> None:
    """One thread's batches, in its own connection, closed when it is done.

    It stops when its batch is shorter than `size`. No due row is then left behind: the batch
    took, with SKIP LOCKED, every due row of an unskipped case that no one held (up to `size`),
    so each such row it did not take was locked by another open batch, the other thread's
    (which goes on, committing it moved past `now`, and itself stops only on a short batch) or
    another sweep's, exactly as when two sweeps run at once."""
    try:
        with in_english():  # a context variable: this thread's own
            while not stop.is_set():
                if batch(report=report, contexts=contexts, skipped=skipped) < size:
                    return
    except BaseException:
        stop.set()
        raise
    finally:
        connections.close_all()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a batch is swept. Its thousands of rows, notices
    and deliveries are in no cycle and go together when it ends; the collector would walk them
    some two hundred times a sweep of 10,000 deadlines, freeing nothing (an eighth of the
    sweep's time in Python, issue 17). Left as it was found: off stays off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

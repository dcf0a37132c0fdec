"""Deferred writes for a bulk load: the rows the actions' one commit path makes for cases raised
inside `deferring()` (their events with the keyed hash chain, chain heads, deadlines, and the
case row's changes) kept in memory and inserted together at `flush`, and each such case's locked
state (history, deadlines, policy, calendar) kept between its events instead of read again.

Only a case raised in the load's own transaction is deferred: nobody else can see it until the
load commits, so no lock is needed and nothing else reads its pending rows (holdings, tasks,
outcomes, subjects and notifications are still written at once: the checks and the telling read
them). The rows are the ones the action would have written, made by the same code
(`actions._core.commit_transition`, `audit.append_event`, `actions._deadlines.store_deadlines`);
deferring changes when they are inserted, never what they are (decision 31).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accord.engine.calendar import Calendar
from accord.engine.policy.model import Policy
from accord.partnerships.models import PolicyVersion

from .directory import Directory
from .models import Case, CaseEvent, ChainHead, Deadline

BATCH = 2000  # rows to an INSERT statement
# The case columns an action changes after raising (`actions._core._apply_state`, `next_due`).
CASE_COLUMNS = (
    "status",
    "stage",
    "urgent",
    "facts",
    "last_event_at",
    "closed_at",
    "awaiting_side",
    "next_due_on",
)


@dataclass
class Pending:
    """One deferred case: its locked state (an `actions._core.Locked`) and its unwritten rows."""

    locked: Any
    events: list[CaseEvent] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    head: ChainHead | None = None
    changed: bool = False  # the case row differs from what is stored
    # Whether a person can see the case, by person and number of holdings: nothing else that
    # decides it (the case's raiser and agencies, people, their roles) changes during a load.
    visible: dict[tuple[int, int], bool] = field(default_factory=dict)
    # The keys of its notifications recorded so far (`notifying.record_notifications`).
    notified: set[tuple[str, str, int]] = field(default_factory=set)


class Deferred:
    """The deferred cases of one bulk load, by case id, in the order they were raised."""

    def __init__(self) -> None:
        self.cases: dict[int, Pending] = {}
        self.emails_withheld = 0  # e-mails the loaded history would have sent, not made
        self.notifications: list[Any] = []  # `notices.Notice` rows, with provisional ids
        self.in_app: list[Any] = []  # `InAppNotification` rows (`outbox.in_app_rows`)
        self._provisional = 0
        # Line managers and partnerships' roles, read once for the load (nobody's change in it).
        self.directory = Directory()
        # Read once for the load: what raising reads of a partnership (its version in force on
        # a day, its policy and calendar), which nothing in a load changes.
        self.in_force: dict[tuple[int, date], PolicyVersion | Exception] = {}
        self.contexts: dict[tuple[int, int], tuple[Policy, Calendar]] = {}
        self.levels: dict[int, set[str]] = {}  # the levels present in each agency
        self.by_when_texts: dict[Any, str] = {}  # the words of each "by when", written once

    def record(self, rows: list[Any]) -> list[Any]:
        """Of `rows` (`notices.Notice`, of kept cases), those new to their case, each kept to be
        inserted at the flush with a provisional id (negative: never a stored one) that telling
        of them keys its figures by."""
        new = []
        for row in rows:
            pending = self.cases[row.case_id]
            key = (row.topic, row.kind, row.number)
            if key in pending.notified:
                continue
            pending.notified.add(key)
            self._provisional -= 1
            row.pk = self._provisional
            new.append(row)
        self.notifications += new
        return new

    def keep(self, locked: Any) -> None:
        """Defer the writes of the case just raised in `locked` (stored, with its id)."""
        self.cases[locked.case.pk] = Pending(locked)

    def pending(self, case: Case) -> Pending | None:
        return self.cases.get(case.pk) if case.pk is not None else None

    def forget(self, ids: Iterator[int] | list[int]) -> None:
        """Drop the rows of cases whose own writes were rolled back (a refused case)."""
        gone = {pk for pk in ids if self.cases.pop(pk, None) is not None}
        if gone:
            self.notifications = [n for n in self.notifications if n.case_id not in gone]
            references = {n.reference for n in self.in_app} - self.references()
            self.in_app = [r for r in self.in_app if r.reference not in references]

    def references(self) -> set[str]:
        return {p.locked.case.reference for p in self.cases.values()}

    def flush(self) -> None:
        """Insert every pending row (events in each case's order, then heads, then deadlines,
        then the cases' changed columns) and stop deferring those cases: a later write to one
        of them reads and writes as any action does."""
        from accord.notifications.inserts import insert_all, insert_ignoring
        from accord.notifications.models import InAppNotification

        from .models import CaseNotification

        pending = list(self.cases.values())
        notifications, in_app = self.notifications, self.in_app
        self.cases, self.notifications, self.in_app = {}, [], []
        if not pending:
            return
        # Statements written once, values prepared row by row (`inserts`): the ORM's bulk_create
        # compiles every field of every row. Their ids are not read back: nothing uses them.
        insert_all(CaseEvent, [e for p in pending for e in p.events])
        insert_all(ChainHead, [p.head for p in pending if p.head is not None])
        insert_all(Deadline, [d for p in pending for d in p.deadlines])
        changed = [p.locked.case for p in pending if p.changed]
        if changed:
            Case.objects.bulk_update(changed, CASE_COLUMNS, batch_size=BATCH // 4)
        insert_ignoring(CaseNotification, notifications)
        insert_ignoring(InAppNotification, in_app)


_current: ContextVar[Deferred | None] = ContextVar("accord_deferred", default=None)


def current() -> Deferred | None:
    """The bulk load's deferred writes, when the caller is inside `deferring()`."""
    return _current.get()


def pending_for(case: Case) -> Pending | None:
    """The case's deferred rows, if its writes are being deferred."""
    deferred = _current.get()
    return deferred.pending(case) if deferred is not None else None


@contextmanager
def deferring() -> Iterator[Deferred]:
    """Defer the writes of every case raised inside (the caller flushes, in its transaction)."""
    deferred = Deferred()
    token = _current.set(deferred)
    try:
        yield deferred
    finally:
        _current.reset(token)

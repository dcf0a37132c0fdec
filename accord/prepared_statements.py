"""Statements a connection runs again and again, planned by PostgreSQL once per session, and
sent several to a round trip: `execute`, `execute_all`, `execute_later` and `sent_together`.

PostgreSQL plans every statement it is sent. For the locked case with its related rows joined,
planning took three times as long as running it (1.2 ms of 1.6 ms), and a case action's
statements spent about a third of their time on the server being planned (issue 17). Django
sends each statement afresh: its psycopg cursor binds the values on the client, and it turns
psycopg's own preparing off. Here a statement is `PREPARE`d the first time a session runs it,
its values numbered (`$1`, `$2`...), and after that run by `EXECUTE` with the values alone.
Values named `fixed` (a read's constants: a status, a flag) are written into the prepared text,
so the plan can use an index that holds only rows with that value.

The rest of a statement's cost was the round trip: the client's work to send it and read its
answer, and the wait. Statements written with their values on the client can go several to a
message (PostgreSQL's simple query protocol), so `execute_all` sends reads together and reads
each one's rows in turn, and within `sent_together` (a case action's transaction) a write
whose outcome nobody reads (`execute_later`) waits to go with the statement after it. Order is
kept: any other statement sends what waits first.

The settings make PostgreSQL plan a prepared statement once, generically, not afresh for its
first five runs (`plan_cache_mode`, `accord.config.settings.base.database_settings`). Prepared
statements outlive a rolled-back transaction, and die with the session: the names prepared are
kept on the connection and forgotten when Django opens a new one. They do not survive a pooler
that shares sessions between clients (PgBouncer in transaction mode); Accord connects directly.
Other databases run each statement as it is, at once: SQLite is in the process, with no round
trip to save.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.backends.utils import CursorWrapper

_PREPARED = "accord_prepared_statements"  # the attribute of a connection: what it has prepared
_WAITING = "accord_statements_waiting"  # and the writes waiting to go with the next statement
_PLACEHOLDER = re.compile(r"%[%s]")  # a value's place in Django's SQL, or an escaped "%"
# Names never used twice in a process, so none twice in a session: a first run that failed may
# have prepared its statement or not, and the next try prepares it again under another name.
_NUMBERS = itertools.count(1)

type _Key = tuple[str, frozenset[int]]


@dataclass(frozen=True)
class _Prepared:
    sql: str  # as given, with its places
    prepare: str  # PREPARE name AS ...; EXECUTE name(%s, ...): the first run, one round trip
    execute: str  # EXECUTE name(%s, ...): the runs after
    free: tuple[int, ...]  # the places of the values passed at each run, in order


@dataclass(frozen=True)
class _Run:
    """One statement's run, as sent: its text and values, how many results it gives (two for
    a first run: the PREPARE's and the EXECUTE's), and what it prepares, if anything."""

    text: str
    values: list[Any]
    results: int
    prepares: tuple[_Key, _Prepared] | None


def execute(
    cursor: CursorWrapper, sql: str, params: Sequence[Any], fixed: frozenset[int] = frozenset()
) -> None:
    """`cursor.execute(sql, params)`; on PostgreSQL, by a statement prepared once per session
    with the values at the places `fixed` (indexes in `params`) written in, so those must be the
    same at every run of the same `sql`. The first run prepares and executes in one round trip,
    so a run is one query whether it prepares or not; the writes waiting (`execute_later`) go in
    the same round trip, before it."""
    connection = cursor.db
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    _send(cursor, [*_taken(connection), _run(connection, sql, params, fixed)])


def execute_all(
    cursor: CursorWrapper, statements: Sequence[tuple[str, Sequence[Any], frozenset[int]]]
) -> list[list[Any]]:
    """The rows of each of `statements` (`(sql, params, fixed)`, reads), run in order as
    `execute` runs one: on PostgreSQL all in one round trip."""
    if not statements:
        return []
    connection = cursor.db
    if connection.vendor != "postgresql":
        found = []
        for sql, params, _ in statements:
            cursor.execute(sql, params)
            found.append(list(cursor.fetchall()))
        return found
    runs = [_run(connection, sql, params, fixed) for sql, params, fixed in statements]
    return _send(cursor, [*_taken(connection), *runs], keep=len(runs))


def execute_later(
    cursor: CursorWrapper, sql: str, params: Sequence[Any], fixed: frozenset[int] = frozenset()
) -> None:
    """`execute`, but for a write whose outcome nobody reads (not even its count of rows):
    within `sent_together`, on PostgreSQL, it waits to go in one round trip with the next
    statement. Elsewhere it runs at once."""
    connection = cursor.db
    waiting: list[_Run] | None = connection.__dict__.get(_WAITING)
    if waiting is None:
        execute(cursor, sql, params, fixed)
        return
    waiting.append(_run(connection, sql, params, fixed))


@contextmanager
def sent_together(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A block (within a transaction) whose writes given to `execute_later` wait to go with the
    statement after them, a round trip fewer each. Order is kept: any other statement, any
    savepoint included, first sends what waits; leaving the block sends what is left; leaving
    by an exception drops it, as the transaction's rollback would. Nested, the outer one
    sends."""
    connection = connections[using]
    if connection.vendor != "postgresql" or _WAITING in connection.__dict__:
        yield
        return
    connection.__dict__[_WAITING] = []
    try:
        with connection.execute_wrapper(_waiting_first):
            yield
            if waiting := _taken(connection):
                with connection.cursor() as cursor:
                    _send(cursor, waiting)
    finally:
        del connection.__dict__[_WAITING]


def _waiting_first(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """An execute wrapper: a statement not sent by `execute` sends the writes waiting first."""
    if waiting := _taken(context["connection"]):
        _send(context["cursor"], waiting)
    return execute(sql, params, many, context)


def _taken(connection: Any) -> list[_Run]:
    """The writes waiting on `connection`, no longer waiting."""
    waiting: list[_Run] | None = connection.__dict__.get(_WAITING)
    if not waiting:
        return []
    taken = waiting[:]
    waiting.clear()
    return taken


def _run(connection: Any, sql: str, params: Sequence[Any], fixed: frozenset[int]) -> _Run:
    """How `sql` with `params` is sent: as an EXECUTE of its statement, or prepared first."""
    prepared: dict[_Key, _Prepared] = connection.__dict__.setdefault(_PREPARED, {})
    key = (sql, fixed)
    statement = prepared.get(key)
    if statement is not None:
        return _Run(statement.execute, [params[p] for p in statement.free], 1, None)
    statement = _prepared(connection, f"accord_{next(_NUMBERS)}", sql, params, fixed)
    return _Run(statement.prepare, [params[p] for p in statement.free], 2, (key, statement))


def _send(cursor: CursorWrapper, runs: list[_Run], keep: int = 0) -> list[list[Any]]:
    """`runs` in one round trip, the cursor left at the last one's result, with the rows of the
    last `keep` of them. What they prepare is known as prepared once they have run: if any
    fails, the statements of those that ran before it stay prepared under names never used
    again."""
    cursor.execute("; ".join(run.text for run in runs), [v for run in runs for v in run.values])
    kept: list[list[Any]] = []
    for number, run in enumerate(runs):
        if run.results == 2:
            cursor.nextset()  # from its PREPARE to its EXECUTE
        if number >= len(runs) - keep:
            kept.append(list(cursor.fetchall()))
        if number < len(runs) - 1:
            cursor.nextset()
    prepared: dict[_Key, _Prepared] = cursor.db.__dict__.setdefault(_PREPARED, {})
    prepared.update(run.prepares for run in runs if run.prepares is not None)
    return kept


def _prepared(
    connection: Any, name: str, sql: str, params: Sequence[Any], fixed: frozenset[int]
) -> _Prepared:
    """`sql` prepared as `name`: each free value's place numbered, each fixed one's value
    written in as a literal (its "%" escaped, as the statement is sent with values)."""
    places = iter(range(len(params)))
    numbers = iter(range(1, len(params) + 1))

    def replace(match: re.Match[str]) -> str:
        if match.group() == "%%":
            return "%%"
        place = next(places, None)
        if place is None:
            raise ValueError("the statement has more places than values")
        if place in fixed:
            return str(connection.ops.compose_sql("%s", [params[place]])).replace("%", "%%")
        return f"${next(numbers)}"

    body = _PLACEHOLDER.sub(replace, sql)
    if next(places, None) is not None:
        raise ValueError("the statement has fewer places than values")
    free = tuple(place for place in range(len(params)) if place not in fixed)
    run = f"EXECUTE {name}({', '.join(['%s'] * len(free))})" if free else f"EXECUTE {name}"
    return _Prepared(sql, f"PREPARE {name} AS {body}; {run}", run, free)


def source(executed: str, using: str = DEFAULT_DB_ALIAS) -> str:
    """The statement `executed` as given to `execute`, where it ran an `EXECUTE` of one this
    thread's session prepared (to read captured queries and logs by); else `executed` itself."""
    if executed.startswith("EXECUTE "):
        name = executed.split()[1].split("(")[0]
        for statement in connections[using].__dict__.get(_PREPARED, {}).values():
            if statement.execute.split()[1].split("(")[0] == name:
                return str(statement.sql)
    return executed


def _forget(sender: object, connection: Any, **kwargs: object) -> None:
    """A new session has prepared nothing."""
    connection.__dict__.pop(_PREPARED, None)


connection_created.connect(_forget, dispatch_uid="accord.prepared_statements")

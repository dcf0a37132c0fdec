"""Statements a connection runs again and again, planned by PostgreSQL once per session:
`execute(cursor, sql, params)`.

PostgreSQL plans every statement it is sent. For the locked case with its related rows joined,
planning took three times as long as running it (1.2 ms of 1.6 ms), and a case action's
statements spent about a third of their time on the server being planned (issue 17). Django
sends each statement afresh: its psycopg cursor binds the values on the client, and it turns
psycopg's own preparing off. Here a statement is `PREPARE`d the first time a session runs it,
its values numbered (`$1`, `$2`...), and after that run by `EXECUTE` with the values alone.
Values named `fixed` (a read's constants: a status, a flag) are written into the prepared text,
so the plan can use an index that holds only rows with that value.

The settings make PostgreSQL plan a prepared statement once, generically, not afresh for its
first five runs (`plan_cache_mode`, `accord.config.settings.base.database_settings`). Prepared
statements outlive a rolled-back transaction, and die with the session: the names prepared are
kept on the connection and forgotten when Django opens a new one. They do not survive a pooler
that shares sessions between clients (PgBouncer in transaction mode); Accord connects directly.
Other databases run the statement as it is.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.backends.utils import CursorWrapper

_PREPARED = "accord_prepared_statements"  # the attribute of a connection: what it has prepared
_PLACEHOLDER = re.compile(r"%[%s]")  # a value's place in Django's SQL, or an escaped "%"
# Names never used twice in a process, so none twice in a session: a first run that failed may
# have prepared its statement or not, and the next try prepares it again under another name.
_NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class _Prepared:
    sql: str  # as given, with its places
    prepare: str  # PREPARE name AS ...; EXECUTE name(%s, ...): the first run, one round trip
    execute: str  # EXECUTE name(%s, ...): the runs after
    free: tuple[int, ...]  # the places of the values passed at each run, in order


def execute(
    cursor: CursorWrapper, sql: str, params: Sequence[Any], fixed: frozenset[int] = frozenset()
) -> None:
    """`cursor.execute(sql, params)`; on PostgreSQL, by a statement prepared once per session
    with the values at the places `fixed` (indexes in `params`) written in, so those must be the
    same at every run of the same `sql`. The first run prepares and executes in one round trip,
    so a run is one query whether it prepares or not."""
    connection = cursor.db
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    prepared: dict[tuple[str, frozenset[int]], _Prepared]
    prepared = connection.__dict__.setdefault(_PREPARED, {})
    statement = prepared.get((sql, fixed))
    if statement is None:
        statement = _prepared(connection, f"accord_{next(_NUMBERS)}", sql, params, fixed)
        cursor.execute(statement.prepare, [params[place] for place in statement.free])
        cursor.nextset()  # from the PREPARE's result to the EXECUTE's
        prepared[(sql, fixed)] = statement
        return
    cursor.execute(statement.execute, [params[place] for place in statement.free])


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

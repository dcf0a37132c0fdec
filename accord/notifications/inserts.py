"""Inserting many new rows at once, leaving alone those whose unique key is already stored.

What `bulk_create(..., ignore_conflicts=True)` does, without its per-row cost: Django compiles
the whole INSERT, field by field and row by row, which was most of the sweep's time in Python
(issue 17). Here the statement is written once per model, and only the values are prepared row
by row. On SQLite, one `INSERT OR IGNORE` run for every row (`executemany`, prepared once). On
PostgreSQL, thousands of rows to a statement as one JSON document read back into the table's own
row type (`INSERT ... SELECT ... FROM json_populate_recordset(...) ON CONFLICT DO NOTHING`):
Python's JSON encoder writes it in C, where psycopg's dumping of a long VALUES list, or of one
array a column, cost more than the rows (decision 24). Primary keys are not read back, but for
an action's few rows (`insert_returning`).

`rows` need not be model instances: anything with the model's attributes (`case_id`, not
`case`) will do, so a caller may skip building them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict
from django.db.models.fields import AutoFieldMixin

BATCH = 5000  # rows per statement on PostgreSQL


def insert_ignoring(model: type[models.Model], rows: Sequence[Any]) -> None:
    """Insert `rows` (new instances of `model`, or objects with its attributes, no primary key
    set) in the caller's transaction, skipping any that conflict with a stored row."""
    _insert(model, rows, ignore=True)


def insert_all(model: type[models.Model], rows: Sequence[Any]) -> None:
    """Insert `rows` as `insert_ignoring` does, but every one: a conflict is an error (an
    IntegrityError, as from `bulk_create`). Their primary keys are not read back."""
    _insert(model, rows, ignore=False)


def _insert(model: type[models.Model], rows: Sequence[Any], *, ignore: bool) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.execute(
                    _json_statement(model, ignore=ignore),
                    [as_json(model, rows[start : start + BATCH])],
                )
        return
    with connection.cursor() as cursor:
        cursor.executemany(_statement(model, ignore=ignore), _values(model, rows))


def insert_returning(
    model: type[models.Model],
    rows: Sequence[Any],
    returning: Sequence[str],
    *,
    ignore: bool = True,
) -> list[tuple[Any, ...]]:
    """`insert_ignoring` for an action's few rows, giving back the `returning` columns of those
    it inserted (not of those that conflicted), in the rows' order: no second query to read
    them. Without `ignore`, as `insert_all`: every row, a conflict an error."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    back = " RETURNING " + ", ".join(quote(_column_of(model, name)) for name in returning)
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for start in range(0, len(rows), BATCH):
                part = rows[start : start + BATCH]
                statement = _json_statement(model, ignore=ignore) + back
                cursor.execute(statement, [as_json(model, part)])
                found += cursor.fetchall()
            return found
        values = _values(model, rows)
        size = max(1, SQLITE_PARAMETERS // len(values[0]))
        for start in range(0, len(values), size):
            chunk = values[start : start + size]
            statement = _statement(model, len(chunk), ignore=ignore) + back
            cursor.execute(statement, [v for row in chunk for v in row])
            found += cursor.fetchall()
    return found


SQLITE_PARAMETERS = 30_000  # under SQLite's limit on a statement's parameters (32,766)


def _column_of(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.column is not None
    return field.column


def _values(model: type[models.Model], rows: Sequence[Any]) -> list[list[Any]]:
    """Each row's values, prepared for the database, in the order of `_fields`."""
    fields = _fields(model)
    plain = _plain(model)
    instants: dict[tuple[int, datetime], Any] = {}  # a batch shares few instants: each once
    values = []
    for row in rows:
        prepared = []
        for place, field in enumerate(fields):
            if not plain[place]:
                prepared.append(field.get_db_prep_save(field.pre_save(row, True), connection))
                continue
            value = getattr(row, field.attname)
            if value is None or type(value) in _AS_IS:
                prepared.append(value)
            elif isinstance(value, datetime):
                key = (place, value)
                if key not in instants:
                    instants[key] = field.get_db_prep_save(value, connection)
                prepared.append(instants[key])
            else:
                prepared.append(field.get_db_prep_save(value, connection))
        values.append(prepared)
    return values


class NewRow(SimpleNamespace):
    """A row to insert, as its model's attributes (`case_id`, not `case`), without the cost of
    a model instance: `new_row`."""


def new_row(model: type[models.Model], **values: Any) -> NewRow:
    """A row of `model` to insert: `values`, and every other field's default."""
    row = NewRow(**_defaults(model))
    row.__dict__.update(values)
    for attname, default in _made_defaults(model):
        if attname not in values:
            setattr(row, attname, default())
    return row


@cache
def _defaults(model: type[models.Model]) -> dict[str, Any]:
    """The fields' defaults as Django gives them (a blank text field's is ""), but those made
    afresh for each row (`_made_defaults`): shared by every row, so never a list."""
    return {
        f.attname: None if f.has_default() and callable(f.default) else f.get_default()
        for f in _fields(model)
    }


@cache
def _made_defaults(model: type[models.Model]) -> list[tuple[str, Any]]:
    """The fields whose default is made afresh for each row (`default=list`)."""
    return [
        (f.attname, f.default) for f in _fields(model) if f.has_default() and callable(f.default)
    ]


def as_json(model: type[models.Model], rows: Sequence[Any], fields: Sequence[str] = ()) -> str:
    """`rows` as a JSON array of objects keyed by column, as `json_populate_recordset` reads
    them into `model`'s row type: instants and dates in ISO 8601, a JSON field's value as it
    is. `fields` names the attributes to write (default: those an insert writes)."""
    chosen: list[Any] = [model._meta.get_field(n) for n in fields] if fields else _fields(model)
    spec = [(f.column, f.attname, _kind(f), f) for f in chosen]
    texts: dict[date, str] = {}  # a batch shares few instants: each written once
    items = []
    for row in rows:
        item = {}
        for column, attname, kind, field in spec:
            value = getattr(row, attname) if kind != _FILLED else field.pre_save(row, True)
            if value is None or type(value) in _AS_IS or kind == _JSON:
                item[column] = value
            elif isinstance(value, date):  # and datetime
                text = texts.get(value)
                if text is None:
                    text = texts[value] = value.isoformat()
                item[column] = text
            else:
                item[column] = _prepared(field, value)
        items.append(item)
    return json.dumps(items, separators=(",", ":"))


def _prepared(field: Any, value: Any) -> Any:
    prepared = field.get_db_prep_save(value, connection)
    if prepared is None or isinstance(prepared, (str, int, float, bool)):
        return prepared
    if isinstance(prepared, date):
        return prepared.isoformat()
    return str(prepared)


_PLAIN, _JSON, _FILLED = 0, 1, 2


def _kind(field: Any) -> int:
    if isinstance(field, models.JSONField):
        assert field.encoder is None, "a JSON field with its own encoder needs its prepared text"
        return _JSON
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return _FILLED
    return _PLAIN


@cache
def _json_statement(model: type[models.Model], *, ignore: bool = True) -> str:
    """On PostgreSQL, a batch as one statement: one JSON parameter, read as the table's rows."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _fields(model))
    table = quote(model._meta.db_table)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608 - names from the model
        f"FROM json_populate_recordset(NULL::{table}, %s::json)"
        + (" ON CONFLICT DO NOTHING" if ignore else "")
    )


def _fields(model: type[models.Model]) -> list[Any]:
    """The columns an insert writes: every concrete field but the generated primary key."""
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, AutoFieldMixin))
    ]


# Values every backend stores as they are, in a field that does not convert them (a JSON field
# writes its value as JSON; a date field may fill itself in).
_AS_IS = (str, int, bool)


@cache
def _plain(model: type[models.Model]) -> list[bool]:
    return [
        not isinstance(f, models.JSONField)
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        for f in _fields(model)
    ]


@cache
def _statement(model: type[models.Model], rows: int = 1, *, ignore: bool = True) -> str:
    """The insert of `rows` rows (`executemany` runs the one-row statement for each)."""
    fields = _fields(model)
    ops = connection.ops
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = ops.quote_name(model._meta.db_table)
    conflict = OnConflict.IGNORE if ignore else None
    suffix = ops.on_conflict_suffix_sql(fields, conflict, None, None)
    insert = ops.insert_statement(on_conflict=conflict)
    return f"{insert} {table} ({columns}) VALUES {', '.join([row] * rows)} {suffix}".strip()

"""Inserting many new rows at once, leaving alone those whose unique key is already stored.

What `bulk_create(..., ignore_conflicts=True)` does, without its per-row cost: Django compiles
the whole INSERT, field by field and row by row, which was most of the sweep's time in Python
(issue 17). Here the statement is written once per model, and only the values are prepared row
by row. On SQLite, one `INSERT OR IGNORE` run for every row (`executemany`, prepared once). On
PostgreSQL, thousands of rows to a statement as one JSON document read back into the table's own
row type (`INSERT ... SELECT ... FROM json_populate_recordset(...) ON CONFLICT DO NOTHING`):
Python's JSON encoder writes it in C, where psycopg's dumping of a long VALUES list, or of one
array a column, cost more than the rows (decision 24); the statement is planned once per session
(`accord.prepared_statements`). `insert_returning` gives back the columns asked for (the ids) of
the rows it inserted, in the same statements.

`rows` need not be model instances: anything with the model's attributes (`case_id`, not
`case`) will do, so a caller may skip building them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict
from django.db.models.fields import AutoFieldMixin
from django.utils.functional import Promise

from accord import prepared_statements

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
        # Skipping conflicts, nothing is expected to fail: sent with the next statement where
        # it can be (`prepared_statements.execute_later`). A conflict refused is raised at once.
        send = prepared_statements.execute_later if ignore else prepared_statements.execute
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                send(
                    cursor,
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
    """`insert_ignoring`, giving back the `returning` columns of the rows it inserted (not of
    those that conflicted), in the rows' order: no second query to read them. Without `ignore`,
    as `insert_all`: every row, a conflict an error. On SQLite, as many rows to a statement as
    its parameters allow."""
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
                prepared_statements.execute(cursor, statement, [as_json(model, part)])
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


def prepared_values(
    model: type[models.Model], rows: Sequence[Any], names: Sequence[str]
) -> list[list[Any]]:
    """The values of fields `names` (attribute names) of each row, prepared for the database
    (`_values`)."""
    return _values(model, rows, tuple(names))


def _values(
    model: type[models.Model], rows: Sequence[Any], names: tuple[str, ...] = ()
) -> list[list[Any]]:
    """Each row's values, prepared for the database, in the order of `_fields` (or of `names`):
    each row's read at once, and only those that are not stored as they are prepared."""
    fields, plain, dumped, read = _plan(model, names)
    instants: dict[tuple[int, datetime], Any] = {}  # a batch shares few instants: each once
    values = []
    for row in rows:
        prepared = list(read(row))
        for place, value in enumerate(prepared):
            field = fields[place]
            if not plain[place]:
                if dumped[place] and type(value) in (list, dict):  # as Django writes them
                    prepared[place] = json.dumps(value)
                else:
                    prepared[place] = field.get_db_prep_save(field.pre_save(row, True), connection)
            elif value is None or type(value) in _AS_IS:
                continue
            elif isinstance(value, datetime):
                key = (place, value)
                if key not in instants:
                    instants[key] = field.get_db_prep_save(value, connection)
                prepared[place] = instants[key]
            else:
                prepared[place] = field.get_db_prep_save(value, connection)
        values.append(prepared)
    return values


@cache
def _plan(
    model: type[models.Model], names: tuple[str, ...]
) -> tuple[list[Any], list[bool], list[bool], Callable[[Any], tuple[Any, ...]]]:
    """For `_values`: the fields (`names`, else `_fields`), which are stored as they are, which
    are JSON fields without an encoder of their own (a list or dict in them is written by
    `json.dumps`, as their `get_db_prep_save` would), and a reader of their values as a tuple."""
    fields: list[Any] = [model._meta.get_field(n) for n in names] if names else _fields(model)
    plain = [
        not isinstance(f, models.JSONField)
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        for f in fields
    ]
    dumped = [isinstance(f, models.JSONField) and f.encoder is None for f in fields]
    attnames = [f.attname for f in fields]
    read = attrgetter(*attnames)
    return fields, plain, dumped, read if len(attnames) > 1 else lambda row: (read(row),)


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
    if len(chosen) > 1 and all(_simple(f) for f in chosen):  # each row's values read at once,
        columns = [f.column for f in chosen]  # written by the encoder (in C) as they are
        items: list[Any]
        if not fields and _named_as_columns(model) and all(type(r) is NewRow for r in rows):
            # A `new_row` holds every column an insert writes under its own name: written as
            # it is (`json_populate_recordset` reads the columns it names, and no other key).
            items = [row.__dict__ for row in rows]
        else:
            read = attrgetter(*(f.attname for f in chosen))
            items = [dict(zip(columns, read(row), strict=True)) for row in rows]
        done: dict[Any, Any] = {}  # a batch shares few instants: each written once

        def written(value: Any) -> Any:
            if (text := done.get(value)) is None:
                text = done[value] = _written(value)
            return text

        return json.dumps(items, separators=(",", ":"), default=written)
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


@cache
def _named_as_columns(model: type[models.Model]) -> bool:
    """Whether every column an insert writes is named as its field's attribute."""
    return all(f.column == f.attname for f in _fields(model))


@cache
def _simple(field: Any) -> bool:
    """Whether a field stores its value as it is in JSON (text, a number, true or false, an id,
    a JSON field's value), or an instant or date as ISO 8601 (`_written`)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if isinstance(field, models.ForeignKey):
        return _simple(field.target_field)
    if isinstance(field, models.JSONField):
        return field.encoder is None
    return isinstance(
        field,
        (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
         models.DateField, AutoFieldMixin),
    )  # fmt: skip


def _written(value: Any) -> Any:
    """What the encoder cannot write itself, as `as_json` writes it."""
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    if isinstance(value, Promise):  # a lazy text
        return str(value)
    raise TypeError(f"{type(value).__name__} is not written as JSON here")


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

"""Inserting many new rows at once, leaving alone those whose unique key is already stored.

What `bulk_create(..., ignore_conflicts=True)` does, without its per-row cost: Django compiles
the whole INSERT, field by field and row by row, which was most of the sweep's time in Python
(issue 17). Here the statement is written once per model, and only the values
are prepared row by row. On SQLite, one `INSERT OR IGNORE` run for every row (`executemany`,
prepared once). On PostgreSQL, 1,000 rows to a statement, each column one array
(`INSERT ... SELECT ... FROM unnest(...) ON CONFLICT DO NOTHING`): psycopg's parsing of a long
multi-row VALUES list cost more than its rows, and one statement a row cost a round trip each.
Primary keys are not read back, but for an action's few rows (`insert_returning`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict
from django.db.models.fields import AutoFieldMixin


def insert_ignoring(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert `rows` (new instances of `model`, no primary key set) in the caller's transaction,
    skipping any that conflict with a stored row."""
    if not rows:
        return
    values = _values(model, rows)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(_statement(model), values)
            return
        for start in range(0, len(values), BATCH):
            cursor.execute(_unnest_statement(model), _arrays(model, values[start : start + BATCH]))


def insert_returning(
    model: type[models.Model], rows: Sequence[models.Model], returning: Sequence[str]
) -> list[tuple[Any, ...]]:
    """`insert_ignoring` for an action's few rows, giving back the `returning` columns of those
    it inserted (not of those that conflicted): no second query to read them."""
    if not rows:
        return []
    values = _values(model, rows)
    quote = connection.ops.quote_name
    back = " RETURNING " + ", ".join(quote(_column_of(model, name)) for name in returning)
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for start in range(0, len(values), BATCH):
                part = values[start : start + BATCH]
                cursor.execute(_unnest_statement(model) + back, _arrays(model, part))
                found += cursor.fetchall()
            return found
        size = max(1, SQLITE_PARAMETERS // len(values[0]))
        for start in range(0, len(values), size):
            part = values[start : start + size]
            cursor.execute(_statement(model, len(part)) + back, [v for row in part for v in row])
            found += cursor.fetchall()
    return found


def _column_of(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.column is not None
    return field.column


SQLITE_PARAMETERS = 30_000  # under SQLite's limit on a statement's parameters (32,766)


def _values(model: type[models.Model], rows: Sequence[models.Model]) -> list[list[Any]]:
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


def _arrays(model: type[models.Model], part: list[list[Any]]) -> list[list[Any]]:
    """On PostgreSQL, rows' values as one array a column (`_unnest_statement`)."""
    fields = _fields(model)
    json = [isinstance(f, models.JSONField) for f in fields]
    return [
        [_json_text(row[place]) if json[place] else row[place] for row in part]
        for place in range(len(fields))
    ]


def _json_text(value: Any) -> str | None:
    """A JSON field's prepared value (psycopg's `Jsonb`) as the text of a `text[]` element."""
    if value is None:
        return None
    obj = getattr(value, "obj", value)
    dumps = getattr(value, "dumps", None) or _dumps
    return str(dumps(obj))


def _dumps(value: Any) -> str:
    import json

    return json.dumps(value)


@cache
def _unnest_statement(model: type[models.Model]) -> str:
    """On PostgreSQL, a batch as one statement: each column an array (`unnest`), so the
    statement's text stays short however many rows it carries."""
    fields = _fields(model)
    quote = connection.ops.quote_name
    names = [f"c{place}" for place in range(len(fields))]
    arrays = ", ".join(
        "%s::text[]" if isinstance(f, models.JSONField) else f"%s::{f.db_type(connection)}[]"
        for f in fields
    )
    selected = ", ".join(
        f"u.{name}::jsonb" if isinstance(f, models.JSONField) else f"u.{name}"
        for name, f in zip(names, fields, strict=True)
    )
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {selected} "  # noqa: S608 - names from the model
        f"FROM unnest({arrays}) AS u({', '.join(names)}) ON CONFLICT DO NOTHING"
    )


BATCH = 1000  # rows per statement on PostgreSQL


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
def _statement(model: type[models.Model], rows: int = 1) -> str:
    """The insert of `rows` rows (`executemany` runs the one-row statement for each)."""
    fields = _fields(model)
    ops = connection.ops
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = ops.quote_name(model._meta.db_table)
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    insert = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    return f"{insert} {table} ({columns}) VALUES {', '.join([row] * rows)} {suffix}".strip()

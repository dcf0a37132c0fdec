"""Inserting many new rows at once, leaving alone those whose unique key is already stored.

What `bulk_create(..., ignore_conflicts=True)` does, without its per-row cost: Django compiles
the whole INSERT, field by field and row by row, which was most of the sweep's time in Python
(issue 17). Here the statement is written once per model and batch size, and only the values
are prepared row by row: `INSERT OR IGNORE` on SQLite, `ON CONFLICT DO NOTHING` on PostgreSQL,
500 rows to a statement. Primary keys are not read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection, models
from django.db.models.constants import OnConflict
from django.db.models.fields import AutoFieldMixin

BATCH = 500  # rows per statement


def insert_ignoring(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Insert `rows` (new instances of `model`, no primary key set) in the caller's transaction,
    skipping any that conflict with a stored row."""
    if not rows:
        return
    fields = _fields(model)
    instants: dict[tuple[int, datetime], Any] = {}  # a batch shares few instants: each once
    values = []
    for row in rows:
        prepared = []
        for place, field in enumerate(fields):
            value = field.pre_save(row, True)
            if isinstance(value, datetime):
                key = (place, value)
                if key not in instants:
                    instants[key] = field.get_db_prep_save(value, connection)
                prepared.append(instants[key])
            else:
                prepared.append(field.get_db_prep_save(value, connection))
        values.append(prepared)
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            part = values[start : start + BATCH]
            cursor.execute(_statement(model, len(part)), [v for row in part for v in row])


def _fields(model: type[models.Model]) -> list[Any]:
    """The columns an insert writes: every concrete field but the generated primary key."""
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, AutoFieldMixin))
    ]


@cache
def _statement(model: type[models.Model], count: int) -> str:
    fields = _fields(model)
    ops = connection.ops
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = ops.quote_name(model._meta.db_table)
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    insert = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    return f"{insert} {table} ({columns}) VALUES {', '.join([row] * count)} {suffix}".strip()

"""Saving a row read from the database, every column, with its UPDATE written once per model and
database connection: `save_stored(instance)`.

`Model.save()` of a stored row is one UPDATE of every column, which Django compiles afresh each
time, field by field: for the case an action writes, as long as the database took to run it
(issue 17). Here the statement is written once (and on PostgreSQL planned once per session,
`accord.prepared_statements`), and each save only prepares the values as Django would
(`Field.pre_save`, `get_db_prep_save`). Whatever the fast way cannot do as `save()` does
(signals listened to, inherited models, generated columns, expressions, a row that is gone) is
left to `save()` itself. `PreparedUpdate` is the same for an `update()` of a few columns of the
rows with a given key (a case's chain head, a deadline's changed columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model, signals

from accord import prepared_statements

_PLANS = "accord_prepared_saves"  # the attribute of a connection that keeps its statements


def save_stored(instance: Model, *, locked: bool = False) -> None:
    """`instance.save()` of `instance`, a whole row read from the primary database (not added,
    no columns deferred): one UPDATE of every column but its primary key. A row `locked` by
    this transaction cannot be gone: its UPDATE is sent with the next statement where it can be
    (`prepared_statements.execute_later`), its count of rows not read."""
    model = type(instance)
    connection = connections[DEFAULT_DB_ALIAS]
    plans: dict[type[Model], tuple[str, list[Field[Any, Any]]] | None]
    plans = connection.__dict__.setdefault(_PLANS, {})
    if model not in plans:
        plans[model] = _plan(model, connection)
    plan = plans[model]
    if (
        plan is None
        or instance._state.adding
        or instance._state.db != DEFAULT_DB_ALIAS
        or instance.pk is None
        or router.db_for_write(model, instance=instance) != DEFAULT_DB_ALIAS
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
        or instance.get_deferred_fields()
    ):
        instance.save()
        return
    sql, fields = plan
    instance._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    values = [field.pre_save(instance, False) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        instance.save()
        return
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values, strict=True)
    ]
    params.append(model._meta.pk.get_db_prep_value(instance.pk, connection))
    with connection.cursor() as cursor:
        if locked:
            prepared_statements.execute_later(cursor, sql, params)
            return
        prepared_statements.execute(cursor, sql, params)
        updated = cursor.rowcount
    if updated != 1:
        instance.save()  # the row is gone: `save()` inserts it again, as it would have


def _plan(
    model: type[Model], connection: BaseDatabaseWrapper
) -> tuple[str, list[Field[Any, Any]]] | None:
    """The UPDATE of every column of `model` but its primary key, with those columns; None
    where `save()` does more than one plain UPDATE."""
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if not f.primary_key]
    if (
        meta.parents
        or meta.select_on_save
        or len(meta.pk_fields) != 1
        or any(f.generated or hasattr(f, "get_placeholder_sql") for f in fields)
    ):
        return None
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    where = f"{quote(str(meta.pk.column))} = %s"
    table = quote(meta.db_table)
    return f"UPDATE {table} SET {columns} WHERE {where}", fields  # noqa: S608 - the model's names


class PreparedUpdate:
    """`model.objects.filter(<where>=key, <unset>=None...).update(<columns>=values)`, its
    statement written once per connection: `update(key, *values)` sets `columns` of the rows
    whose `where` column is `key` (and whose `unset` columns are null), and gives how many rows
    it changed; `update.later(key, *values)` does the same without the count, sent with the
    next statement where it can be (`prepared_statements.execute_later`). For plain columns (no
    expressions)."""

    def __init__(
        self, model: type[Model], columns: Sequence[str], *, where: str, unset: Sequence[str] = ()
    ) -> None:
        self._model = model
        self._columns = tuple(columns)
        self._where = where
        self._unset = tuple(unset)

    def __call__(self, key: object, *values: object) -> int:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            prepared_statements.execute(cursor, *self._statement(key, values))
            return int(cursor.rowcount)

    def later(self, key: object, *values: object) -> None:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            prepared_statements.execute_later(cursor, *self._statement(key, values))

    def _statement(self, key: object, values: Sequence[object]) -> tuple[str, list[Any]]:
        meta = self._model._meta
        fields = [_concrete(meta.get_field(name)) for name in self._columns]
        keyed = _concrete(meta.get_field(self._where))
        connection = connections[DEFAULT_DB_ALIAS]
        statements: dict[PreparedUpdate, str] = connection.__dict__.setdefault(_UPDATES, {})
        sql = statements.get(self)
        if sql is None:
            quote = connection.ops.quote_name
            columns = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
            table, where = quote(meta.db_table), quote(str(keyed.column))
            unset = "".join(
                f" AND {quote(str(_concrete(meta.get_field(name)).column))} IS NULL"
                for name in self._unset
            )
            sql = statements[self] = f"UPDATE {table} SET {columns} WHERE {where} = %s{unset}"  # noqa: S608
        params = [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, values, strict=True)
        ]
        params.append(keyed.get_db_prep_value(key, connection))
        return sql, params


_UPDATES = "accord_prepared_updates"


def _concrete(field: object) -> Field[Any, Any]:
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{field} is not a column")
    return field

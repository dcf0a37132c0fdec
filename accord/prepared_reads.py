"""Reads of a fixed shape made by every case action (the case locked with its related rows, its
events, deadlines, holdings and calendar), their SQL built once per database connection:
`PreparedRead`.

Django builds a query's SQL afresh each time it runs (`SQLCompiler.as_sql`); for the locked case
with five related rows joined that took longer than the database took to answer it, and the
building was about a tenth of a case action's time (issue 17). A prepared read builds its query
once, with marker values where its parameters go, and keeps the compiler (the columns it selects,
their converters, where the related rows' columns are); each run puts the values in place of the
markers and turns the rows into what the query would have given: instances of its model with the
same related objects cached (`Model.from_db`, or read whole as `read_whole` does), or tuples (or
single values) for a `values_list` query.

On PostgreSQL the read is also planned once per session, with the query's constants written
in (`accord.prepared_statements`). The SQL is kept on the connection (per thread, and per
database vendor) of the primary database; a read the router sends elsewhere
(`accord.config.replica`: outside a transaction, where the code allows it) is built and run as
a plain query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.fetch_modes import FETCH_ONE
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError

from accord import prepared_statements

_PLANS = "accord_prepared_reads"  # the attribute of a connection that keeps its reads' plans


@dataclass(frozen=True)
class _Plan:
    """One read as built on one connection: its SQL, its parameters with the markers' places,
    and how its rows become results."""

    model: type[Model]
    sql: str
    params: tuple[Any, ...]
    places: tuple[tuple[int, int], ...]  # (index in params, index of the marker's value)
    fixed: frozenset[int]  # the indexes in params of the query's constants (not markers)
    compiler: SQLCompiler
    converters: dict[int, Any]
    width: int | None  # columns to keep of each row (an ordering's extra ones dropped)
    for_update: bool
    make: Callable[[list[Any]], list[Any]]


class PreparedRead[T]:
    """A read built by `build(*markers)` each time run with other values in the markers' places:
    `read(*values)` is `list(build(*values))`, without building its SQL again.

    Each marker must appear unchanged among the query's parameters (an int or a string compared
    by equality: choose values no real row has), once or more; the query must be a plain model
    query (with `select_related` if need be) or a `values_list`, without annotations or
    prefetching.
    """

    def __init__(self, build: Callable[..., QuerySet[Any, T]], *markers: int | str) -> None:
        self._build = build
        self._markers = markers

    def __call__(self, *values: object) -> list[T]:
        (found,) = read_together((self, values))
        return found

    def _planned(self, values: Sequence[object]) -> tuple[_Plan, list[Any]] | None:
        """The plan of this read on the primary database and its parameters for `values`; None
        where the router sends it elsewhere."""
        if len(values) != len(self._markers):
            raise TypeError(f"expected {len(self._markers)} values, got {len(values)}")
        connection = connections[DEFAULT_DB_ALIAS]
        plans: dict[PreparedRead[Any], _Plan] = connection.__dict__.setdefault(_PLANS, {})
        plan = plans.get(self)
        if plan is None:
            plan = plans[self] = self._prepare(connection)
        chosen = router.db_for_write if plan.for_update else router.db_for_read
        if chosen(plan.model) != DEFAULT_DB_ALIAS:
            return None
        if (
            plan.for_update
            and connection.features.has_select_for_update
            and (connection.get_autocommit())
        ):
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(plan.params)
        for index, which in plan.places:
            params[index] = values[which]
        return plan, params

    def _prepare(self, connection: BaseDatabaseWrapper) -> _Plan:
        query = self._build(*self._markers)
        compiler = query.query.get_compiler(using=DEFAULT_DB_ALIAS, connection=connection)
        if bool(query.query.annotations) or bool(getattr(query, "_prefetch_related_lookups", ())):
            raise ValueError("a prepared read has no annotations or prefetching")
        sql, params = compiler.as_sql()
        places = tuple(
            (index, which)
            for index, param in enumerate(params)
            for which, marker in enumerate(self._markers)
            if type(param) is type(marker) and param == marker
        )
        if {which for _, which in places} != set(range(len(self._markers))):
            raise ValueError("each marker must appear among the query's parameters")
        fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
        return _Plan(
            model=query.model,
            sql=sql,
            params=tuple(params),
            places=places,
            fixed=frozenset(range(len(params))) - {index for index, _ in places},
            compiler=compiler,
            converters=compiler.get_converters(fields),
            width=compiler.col_count if compiler.has_extra_select else None,
            for_update=query.query.select_for_update,
            make=_maker(query, compiler),
        )


def read_together(*reads: tuple[PreparedRead[Any], Sequence[object]]) -> list[list[Any]]:
    """What each `(read, values)` gives (`read(*values)`), in order: on PostgreSQL in one round
    trip (`prepared_statements.execute_all`), each read run after the one before it, so reads
    after a locking one see the rows as they are once it has its lock."""
    planned = [(read, values, read._planned(values)) for read, values in reads]
    sent = [found for _, _, found in planned if found is not None]
    rows: Iterator[list[Any]] = iter(())
    if sent:  # none when the router sends every read elsewhere: no connection to the primary
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            statements = [(plan.sql, params, plan.fixed) for plan, params in sent]
            rows = iter(prepared_statements.execute_all(cursor, statements))
    results: list[list[Any]] = []
    for read, values, found in planned:
        if found is None:
            results.append(list(read._build(*values)))
            continue
        plan, found_rows = found[0], next(rows)
        if plan.width is not None:
            found_rows = [row[: plan.width] for row in found_rows]
        if plan.converters:
            found_rows = list(plan.compiler.apply_converters(found_rows, plan.converters))
        results.append(plan.make(found_rows))
    return results


def _maker(query: QuerySet[Any, Any], compiler: SQLCompiler) -> Callable[[list[Any]], list[Any]]:
    """How the rows of `query` become its results, as its iterable would make them."""
    iterable = query._iterable_class
    if iterable is FlatValuesListIterable:
        return lambda rows: [row[0] for row in rows]
    if iterable is ValuesListIterable:
        return lambda rows: [tuple(row) for row in rows]
    if iterable is not ModelIterable or getattr(query, "_fetch_mode", FETCH_ONE) is not FETCH_ONE:
        raise ValueError("a prepared read is a plain model query or a values_list")
    klass_info = compiler.klass_info
    assert klass_info is not None
    model: type[Model] = klass_info["model"]
    chosen = klass_info["select_fields"]
    start, end = chosen[0], chosen[-1] + 1
    names = [column[0].target.attname for column in compiler.select[start:end]]
    populators = get_related_populators(klass_info, compiler.select, DEFAULT_DB_ALIAS, FETCH_ONE)
    whole = (
        len(names) == len(model._meta.concrete_fields)
        and model.from_db.__func__ is Model.from_db.__func__  # type: ignore[attr-defined]
    )
    return partial(_instances, model, start, end, names, populators, whole)


def _instances(
    model: type[Model],
    start: int,
    end: int,
    names: Sequence[str],
    populators: Sequence[Any],
    whole: bool,
    rows: list[Any],
) -> list[Model]:
    """The instances of `model` in `rows`, with their related rows (`populators`). Read whole
    (`read_whole`: the values stored straight, without `Model.__init__`) unless someone watches
    instances made (`post_init`), some columns are not read or the model reads its own."""
    made = []
    if whole and not signals.post_init.has_listeners(model):
        new = model.__new__
        for row in rows:
            instance = new(model)
            instance.__dict__.update(zip(names, row[start:end], strict=True))
            state = instance._state = ModelState()
            state.adding, state.db = False, DEFAULT_DB_ALIAS
            for populator in populators:
                populator.populate(row, instance)
            made.append(instance)
        return made
    from_db = partial(model.from_db, fetch_mode=FETCH_ONE)
    for row in rows:
        instance = from_db(DEFAULT_DB_ALIAS, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        made.append(instance)
    return made

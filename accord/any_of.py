"""`field__any_of=values`: a row's value among many, as one parameter on PostgreSQL.

Django's `__in` writes one placeholder per value; with a thousand ids, compiling the statement,
psycopg's splitting of its text and the dumping of each value cost more than the query (the
sweep reads its batches this way: issue 17). On PostgreSQL this writes `col = ANY(%s)` with the
values as one array (ids as one text, `'{1,2,3}'::bigint[]`, written by `str.join` where psycopg
would dump a list element by element); on SQLite, ids and texts as one JSON array (`json_each`),
so no list runs into its limit on parameters; elsewhere `__in`'s `col IN (%s, ...)`. An empty
list matches nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup[Any]):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        prepared = field.get_db_prep_value
        values = list(  # ids and texts as they are: a thousand calls saved a batch
            dict.fromkeys(v if type(v) in (int, str) else prepared(v, connection) for v in self.rhs)
        )
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            if all(type(v) is int for v in values):
                text = "{" + ",".join(map(str, values)) + "}"
                return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, text]
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if connection.vendor == "sqlite" and all(type(v) in (int, str) for v in values):
            sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - lhs: a column
            return sql, [*lhs_params, json.dumps(values)]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # related fields keep lookups of their own

"""Reading many rows as model instances without the ORM's per-row cost: `read_whole(query)`.

A query's model instances are built by `Model.from_db`, which calls `Model.__init__`: for every
field of every row a `setattr` through its descriptor (a foreign key's checks its cache), then
the `post_init` signal. For a fresh instance read whole none of that does anything but store
the value, so the sweep's batches (the cases of 2,500 deadlines at a time, issue 17) read the
columns as tuples and store them straight into each instance's `__dict__`: the same instances,
the same values (read with the same converters), marked as read from the database.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.fetch_modes import FETCH_ONE


def read_whole[M: Model](query: QuerySet[M, Any]) -> list[M]:
    """The rows of `query` (a plain query of its model: no `only`, `defer`, annotations or
    related rows joined) as instances of its model, every concrete field read."""
    model = query.model
    if (
        signals.post_init.has_listeners(model)
        or getattr(query, "_fetch_mode", FETCH_ONE) is not FETCH_ONE
    ):
        return list(query)  # someone watches instances made, or they load their peers' fields
    names = [field.attname for field in model._meta.concrete_fields]
    db = query.db
    new = model.__new__
    made = []
    for values in query.values_list(*names):
        instance = new(model)
        instance.__dict__.update(zip(names, values, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, db
        made.append(instance)
    return made

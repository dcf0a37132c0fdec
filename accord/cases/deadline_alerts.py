"""Storing on each deadline the instants its alerts fall due, when its clock starts or its due is
set, so the sweep never has to replay a case to know what is due."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

from django.db import connection
from django.db.models import Field

from accord.engine.alerts import alerts_for
from accord.engine.calendar import Calendar
from accord.engine.case_state import Deadline as EngineDeadline
from accord.engine.deadlines import window_of
from accord.engine.policy.model import Policy
from accord.notifications.inserts import as_json, prepared_values

from .due_deadlines import DueDeadline
from .models import Deadline


def set_alerts(
    row: Deadline,
    computed: EngineDeadline,
    *,
    policy: Policy,
    calendar: Calendar,
    urgent: bool = False,
) -> None:
    """Store the alerts still to fall for `computed` on `row`, and its window (when it is due
    soon and overdue), counted with the case's calendar and, where given, its urgency
    (`Case.urgent`; the actions always give it). The caller saves the row."""
    window = window_of(computed.due, calendar)
    row.due_soon_from = window.due_soon_from if window else None
    row.overdue_after = window.overdue_after if window else None
    grace = policy.non_response.grace if policy.non_response else None
    alerts = alerts_for(computed, grace=grace, calendar=calendar, urgent=urgent)
    row.running_since = computed.created
    every = computed.nudge_every
    row.nudge_within = every.within if every else None
    row.nudge_unit = str(every.unit) if every else ""
    row.nudge_limit = computed.nudge_limit
    row.due_soon_alert_at = alerts.due_soon
    row.passed_alert_at = alerts.passed
    row.non_response_alert_at = alerts.non_response
    row.nudge_alert_at = alerts.reminder
    row.set_next_alert()


def clear_alerts(row: Deadline) -> None:
    """A deadline done or dropped has nothing more to say."""
    for name in Deadline.ALERT_FIELDS:
        setattr(row, name, None)
    row.next_alert_at = None


# What the sweep changes on a deadline as its alerts fall.
FIRED_COLUMNS = [*Deadline.ALERT_FIELDS, "nudges_sent", "next_alert_at", "status"]
# Everything `set_alerts` stores.
ALERT_COLUMNS = [
    "due_soon_from",
    "overdue_after",
    "running_since",
    "nudge_within",
    "nudge_unit",
    "nudge_limit",
    *Deadline.ALERT_FIELDS,
    "nudges_sent",
    "next_alert_at",
]


def _column(name: str) -> tuple[Field[Any, Any], str]:
    """A concrete field of Deadline and its column's name."""
    field = Deadline._meta.get_field(name)
    assert isinstance(field, Field)
    column = field.get_attname_column()[1]
    assert column is not None
    return field, column


_fired = attrgetter(*FIRED_COLUMNS)


def marks(row: Deadline | DueDeadline) -> tuple[Any, ...]:
    """What the sweep may change on `row` (`FIRED_COLUMNS`), to compare with after firing."""
    return _fired(row)


def changed(
    rows: Sequence[DueDeadline], before: Mapping[int, tuple[Any, ...]]
) -> tuple[list[DueDeadline], list[str]]:
    """Of `rows`, those whose `FIRED_COLUMNS` differ from their `marks` `before`, and the
    columns that differ on any of them: what `save_alerts` has to write."""
    moved, pairs = [], []
    for row in rows:
        if (was := before[row.id]) != (now := _fired(row)):
            moved.append(row)
            pairs.append((was, now))
    columns = [name for i, name in enumerate(FIRED_COLUMNS) if any(w[i] != n[i] for w, n in pairs)]
    return moved, columns


def save_alerts(rows: Sequence[Deadline | DueDeadline], fields: Sequence[str]) -> None:
    """Write `fields` of many deadlines: on SQLite one prepared UPDATE run for each row, on
    PostgreSQL one UPDATE for them all from one JSON document of their ids and `fields` alone
    (`json_to_recordset`, typed column by column: not the whole row type).

    `bulk_update` builds a CASE expression per field whose cost grows with the square of the
    batch; the sweep writes thousands of rows at a time.
    """
    if not rows or not fields:
        return
    columns = [_column(name) for name in fields]
    quote = connection.ops.quote_name
    table, key = quote(Deadline._meta.db_table), quote(_column("id")[1])
    if connection.vendor == "postgresql":
        sets = ", ".join(f"{quote(column)} = u.{quote(column)}" for _, column in columns)
        typed = ", ".join(
            f"{quote(column)} {field.cast_db_type(connection)}"
            for field, column in [_column("id"), *columns]
        )
        sql = (
            f"UPDATE {table} SET {sets} "  # noqa: S608 - names from the model
            f"FROM json_to_recordset(%s::json) AS u({typed}) "
            f"WHERE {table}.{key} = u.{key}"
        )
        document = as_json(Deadline, rows, [*fields, "id"])
        with connection.cursor() as cursor:
            cursor.execute(sql, [document])
        return
    sets = ", ".join(f"{quote(column)} = %s" for _, column in columns)
    sql = f"UPDATE {table} SET {sets} WHERE {key} = %s"  # noqa: S608 - names from the model
    params = prepared_values(Deadline, rows, [*fields, "id"])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)

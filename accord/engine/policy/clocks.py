"""Clocks beyond a stage's own: `[[budgets]]`, `[raising]`, `[immediate_risk]`, `[non_response]`."""

from __future__ import annotations

from accord.engine.policy import schema
from accord.engine.policy.durations import (
    BUDGET_LIMIT,
    GRACE_PERIOD,
    RAISING_DUE,
    URGENT,
    read_due,
    read_duration,
    read_single,
)
from accord.engine.policy.model import (
    CONCERN_LOOK_BACK_YEARS,
    Alternatives,
    Budget,
    Duration,
    ImmediateRisk,
    NonResponse,
    Unit,
)
from accord.engine.policy.names import id_problem
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.reading import Reader, Table
from accord.engine.policy.references import check_stage, check_unique, role_list
from accord.engine.speech import gettext


def read_budgets(reader: Reader, value: object) -> tuple[Budget, ...]:
    """`[[budgets]]`: limits shared by consecutive stages, from entering the first listed one."""
    if value is None:
        return ()
    seen: dict[str, KeyPath] = {}
    budgets: list[Budget] = []
    for table in reader.tables(("budgets",), value, schema.BUDGET):
        budget_id = table.identifier("id", id_problem)
        check_unique(table, "id", budget_id, seen)
        limit = read_duration(table, BUDGET_LIMIT)
        budgets.append(
            Budget(
                id=budget_id,
                name=table.text("name"),
                stages=_budget_stages(table, budget_id),
                within=limit.within or 1,
                unit=limit.unit,
                line=table.line,
            )
        )
    return tuple(budgets)


def _budget_stages(table: Table, budget_id: str) -> tuple[int, ...]:
    items = table.whole_numbers("stages")
    if "stages" in table and isinstance(table.get("stages"), list) and not table.get("stages"):
        table.report("stages", gettext("stages must list at least one stage"))
    numbers = [n for n, at in items if check_stage(table, at, n, f'budget "{budget_id}"')]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        message = gettext(
            "stages must be consecutive, in ladder order (such as [1, 2, 3]), found %(found)s"
        )
        table.report("stages", message % {"found": numbers})
    return tuple(numbers)


def read_raising(reader: Reader, value: object) -> tuple[Alternatives[Duration], int]:
    """`[raising]`: how long after the concern was identified the case must be raised (`due`),
    and how many years back a concern may have been identified (`concern_look_back_years`,
    Accord's addition: a whole number from 1 to 99, `CONCERN_LOOK_BACK_YEARS` when absent)."""
    if value is None:
        return (), CONCERN_LOOK_BACK_YEARS
    table = reader.table(("raising",), value, schema.RAISING)
    if table is None:
        return (), CONCERN_LOOK_BACK_YEARS
    if "due" not in table and "concern_look_back_years" not in table:
        table.report(("raising",), gettext("needs due, concern_look_back_years or both: give one"))
    years = table.whole_number("concern_look_back_years")
    if years is not None and not 1 <= years <= 99:
        message = gettext(
            "concern_look_back_years must be a whole number from 1 to 99, found %(found)s"
        )
        table.report("concern_look_back_years", message % {"found": years})
        years = None
    look_back = CONCERN_LOOK_BACK_YEARS if years is None else years
    if "due" not in table:
        return (), look_back
    return read_due(reader, table.at("due"), table.get("due"), RAISING_DUE), look_back


def read_immediate_risk(reader: Reader, value: object) -> ImmediateRisk:
    """`[immediate_risk]`: guidance, where an urgent case may start, its deadlines, who is told."""
    if value is None:
        return ImmediateRisk()
    table = reader.table(("immediate_risk",), value, schema.IMMEDIATE_RISK)
    if table is None:
        return ImmediateRisk()
    starts = table.whole_numbers("may_start_at")
    urgent_due = None
    if "urgent_due" in table:
        urgent_due = read_single(
            reader, table.at("urgent_due"), table.get("urgent_due"), schema.URGENT_DUE, URGENT
        )
    return ImmediateRisk(
        guidance=table.text("guidance"),
        may_start_at=tuple(n for n, at in starts if check_stage(table, at, n, "may_start_at")),
        urgent_due=urgent_due,
        inform=role_list(table, "inform"),
    )


def read_non_response(reader: Reader, value: object) -> NonResponse | None:
    """`[non_response]`: the grace after a missed deadline, and what then happens."""
    if value is None:
        return None
    table = reader.table(("non_response",), value, schema.NON_RESPONSE)
    if table is None:
        return None
    grace = None
    if "grace" in table:
        grace = read_single(
            reader, table.at("grace"), table.get("grace"), schema.GRACE, GRACE_PERIOD
        )
    action = table.choice("action", schema.NON_RESPONSE_ACTIONS, "alert_next_level")
    return NonResponse(grace=grace or Duration(Unit.WORKING_DAYS, 1), action=action)

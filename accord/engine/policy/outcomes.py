"""How disagreements end or go elsewhere: `[[exceptions]]` and `[resolution]`."""

from __future__ import annotations

from accord.engine.policy import schema
from accord.engine.policy.model import Panel, Resolution, RouteException
from accord.engine.policy.names import id_problem, policy_id_problem
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.problem_words import must_list_one_of
from accord.engine.policy.reading import Reader, Table
from accord.engine.policy.references import check_fact, check_role, check_unique, role_list
from accord.engine.speech import gettext


def read_exceptions(reader: Reader, value: object) -> tuple[RouteException, ...]:
    """`[[exceptions]]`: disagreements that belong to another route (or another policy, 4.8).

    An exception's `policy` cannot be resolved from one file; the application checks it against
    the partnership's policies. Here it must be a policy id, and not this policy's own.
    """
    if value is None:
        return ()
    seen: dict[str, KeyPath] = {}
    exceptions: list[RouteException] = []
    for table in reader.tables(("exceptions",), value, schema.EXCEPTION):
        exception_id = table.identifier("id", id_problem)
        check_unique(table, "id", exception_id, seen)
        policy = table.identifier("policy", policy_id_problem) if "policy" in table else None
        if policy and policy == reader.declared.policy_id:
            message = gettext(
                'policy "%(policy)s" is this policy itself: name another policy of the partnership'
            )
            table.report("policy", message % {"policy": policy})
        exceptions.append(
            RouteException(
                id=exception_id,
                question=table.text("question"),
                route=table.text("route"),
                policy=policy,
                line=table.line,
            )
        )
    return tuple(exceptions)


def read_resolution(reader: Reader, value: object) -> Resolution:
    """`[resolution]`: the final process at the top, who hears of it, and the record kept."""
    defaults = Resolution()
    if value is None:
        return defaults
    table = reader.table(("resolution",), value, schema.RESOLUTION)
    if table is None:
        return defaults
    final = table.choice("final", schema.FINALS, defaults.final)
    if "record" in table and isinstance(table.get("record"), list) and not table.get("record"):
        table.report("record", must_list_one_of("record", schema.RECORD_ITEMS))
    record = table.strings("record", options=schema.RECORD_ITEMS)
    return Resolution(
        final=final,
        panel=_panel(table, final),
        report_to=role_list(table, "report_to"),
        record=record if "record" in table else defaults.record,
        sign_off=table.choice("sign_off", schema.SIGN_OFFS, defaults.sign_off),
        debrief=table.choice("debrief", schema.DEBRIEFS, defaults.debrief),
        ask=_asked(table),
    )


def _asked(table: Table) -> tuple[str, ...]:
    """`ask`: facts asked when the outcome is recorded instead of at raising (each declared)."""
    asked = table.string_items("ask")
    for fact, at in asked:
        check_fact(table, at, fact)
    return tuple(fact for fact, _ in asked)


def _panel(resolution: Table, final: str) -> Panel | None:
    """The panel: the defaults of `Panel` when `final = "panel"` says no more."""
    if "panel" not in resolution:
        return Panel() if final == "panel" else None
    if final != "panel":
        message = gettext(
            'panel is only used when final = "panel" (final is "%(final)s"): remove it, or set'
            ' final = "panel"'
        )
        resolution.report("panel", message % {"final": final})
    table = resolution.table("panel", schema.PANEL)
    if table is None:
        return None
    defaults = Panel()
    agencies = table.whole_number("agencies")
    if agencies is not None and agencies < 1:
        message = gettext("agencies must be at least 1, found %(found)s")
        table.report("agencies", message % {"found": agencies})
    convened_by = table.optional_string("convened_by")
    if convened_by is not None:
        check_role(table, table.at("convened_by"), convened_by)
    return Panel(
        agencies=defaults.agencies if agencies is None else agencies,
        include_parties=table.boolean("include_parties", defaults.include_parties),
        convened_by=convened_by,
    )

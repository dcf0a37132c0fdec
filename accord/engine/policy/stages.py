"""The ladder: `[[stages]]` with their holders, steps, chairs, advisers and notify rules.

Stages are numbered 1..n in ladder order. Each names the role holding it on the raising and the
receiving side (a role key, or a list by kind of agency whose last entry has no `agency`), and its
`due`. Step ids are unique within their stage, and a step may count from an earlier one.
"""

from __future__ import annotations

from accord.engine.policy.conditions import conditional_entries, fact_alternatives
from accord.engine.policy.durations import STAGE_DUE, StepAnchors, read_due, step_due_rules
from accord.engine.policy.model import (
    AGENCY_KINDS,
    TRIGGERS,
    Alternative,
    Alternatives,
    Counterpart,
    Duration,
    NotifyRule,
    Stage,
    Step,
)
from accord.engine.policy.names import id_problem
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.problem_words import describe, not_one_of
from accord.engine.policy.reading import Reader, Table
from accord.engine.policy.references import (
    check_fact,
    check_form,
    check_recipient,
    check_role,
    check_unique,
    role_list,
)
from accord.engine.policy.schema import CHAIR, COUNTERPART, NOTIFY, STAGE, STEP
from accord.engine.speech import gettext


def read_stages(reader: Reader, value: object) -> tuple[Stage, ...]:
    """Every `[[stages]]` entry; an empty ladder is reported by the loader."""
    return tuple(_stage(table) for table in reader.tables(("stages",), value, STAGE))


def _stage(table: Table) -> Stage:
    index = table.path[-1]
    assert isinstance(index, int)
    number = index + 1
    found = table.whole_number("number")
    if found is not None and found != number:
        message = gettext(
            "number %(found)s should be %(number)s: stages are numbered 1 to n in ladder order"
            " without gaps or repeats, and this is stage entry %(number)s"
        )
        table.report("number", message % {"found": found, "number": number})
    is_top = number == table.reader.declared.stage_count
    return Stage(
        number=number,
        name=table.text("name"),
        raising=_counterparts(table, "raising"),
        receiving=_counterparts(table, "receiving"),
        due=_stage_due(table),
        guidance=table.text("guidance"),
        checklist=table.texts("checklist"),
        steps=_steps(table, number),
        chair=_chair(table),
        chair_independent=_chair_independent(table),
        meeting=table.boolean("meeting", default=False),
        notify=tuple(_notify(entry, is_top) for entry in table.tables("notify", NOTIFY)),
        advisers=role_list(table, "advisers"),
        line=table.line,
    )


def _chair_independent(stage: Table) -> bool:
    """`chair_independent` (Accord's addition): the chair must not be a party to the case; only
    where the stage names a `chair`."""
    independent = stage.boolean("chair_independent", default=False)
    if independent and "chair" not in stage:
        stage.report(
            "chair_independent",
            gettext("chair_independent needs a chair: name the stage's chair role, or remove it"),
        )
    return independent


def _stage_due(stage: Table) -> Alternatives[Duration]:
    if "due" not in stage:
        return ()
    return read_due(stage.reader, stage.at("due"), stage.get("due"), STAGE_DUE)


def _steps(stage: Table, number: int) -> tuple[Step, ...]:
    entries = stage.tables("steps", STEP)
    ids = [entry.get("id") for entry in entries]
    steps: list[Step] = []
    seen: dict[str, KeyPath] = {}
    for position, entry in enumerate(entries):
        earlier = tuple(seen)
        step_id = entry.identifier("id", id_problem)
        check_unique(entry, "id", step_id, seen)
        later = tuple(i for i in ids[position + 1 :] if isinstance(i, str))
        rules = step_due_rules(StepAnchors(step_id, number, earlier, later))
        due = (
            read_due(entry.reader, entry.at("due"), entry.get("due"), rules)
            if "due" in entry
            else ()
        )
        steps.append(Step(id=step_id, name=entry.text("name"), due=due, line=entry.line))
    return tuple(steps)


def _counterparts(stage: Table, key: str) -> tuple[Counterpart, ...]:
    """`raising`/`receiving`: a role key, or `[{ agency, role }, ..., { role }]` (section 4.6)."""
    if key not in stage:
        return ()
    value = stage.get(key)
    if isinstance(value, str):
        check_role(stage, stage.at(key), value)
        return (Counterpart(value, None, stage.line_of(key)),)
    if not isinstance(value, list):
        message = gettext(
            "%(key)s must be a role key or a list of { agency, role } entries (the last without"
            " agency), found %(found)s"
        )
        stage.report(key, message % {"key": key, "found": describe(value)})
        return ()
    entries = conditional_entries(
        stage.reader,
        stage.at(key),
        value,
        COUNTERPART,
        condition="agency",
        check=_check_agency,
        read=_role,
    )
    return tuple(Counterpart(e.value, e.condition, e.line) for e in entries)


def _check_agency(entry: Table, agency: str) -> None:
    if agency not in AGENCY_KINDS:
        entry.report("agency", not_one_of("agency", agency, AGENCY_KINDS))


def _role(entry: Table) -> str:
    role = entry.string("role")
    if isinstance(entry.get("role"), str):
        check_role(entry, entry.at("role"), role)
    return role


def _chair(stage: Table) -> Alternatives[str]:
    """`chair`: a role key, or `[{ if = "<fact>", role }, ..., { role }]`."""
    if "chair" not in stage:
        return ()
    value = stage.get("chair")
    if isinstance(value, str):
        check_role(stage, stage.at("chair"), value)
        return (Alternative(value, None, stage.line_of("chair")),)
    if not isinstance(value, list):
        message = gettext(
            "chair must be a role key or a list of { if, role } entries (the last without if),"
            " found %(found)s"
        )
        stage.report("chair", message % {"found": describe(value)})
        return ()
    return fact_alternatives(stage.reader, stage.at("chair"), value, CHAIR, _role)


def _notify(entry: Table, is_top: bool) -> NotifyRule:
    on = entry.choice("on", TRIGGERS, "entered")
    if on == "escalating" and is_top:
        entry.report(
            "on",
            gettext(
                'on "escalating" can never fire on the top stage: there is no stage to escalate to'
            ),
        )
    to = entry.string_items("to")
    for recipient, at in to:
        check_recipient(entry, at, recipient)
    if "to" in entry and isinstance(entry.get("to"), list) and not entry.get("to"):
        entry.report("to", gettext("to must name at least one recipient"))
    form = entry.optional_string("form")
    if form is not None:
        check_form(entry, entry.at("form"), form)
    fact = entry.optional_string("if")
    if fact is not None:
        check_fact(entry, entry.at("if"), fact)
    return NotifyRule(
        on=on,
        to=tuple(recipient for recipient, _ in to),
        form=form,
        if_fact=fact,
        line=entry.line,
    )

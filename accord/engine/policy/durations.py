"""Durations: `{ within = N, unit = U, from = F, nudge_every = ... }` and lists of them by fact.

Each place a duration appears has its own `Rules`: which units it may use, whether `within = 0`
(the same working day) is allowed, which anchors `from` may name, and whether it may be a
conditional list. A stage's, step's or `[raising]`'s `due` may be a list (section 4.1); a step may
count from an earlier step of its stage; `none` and `agreed` have no `within` and may carry
`nudge_every` and `nudge_limit` (Accord's: reminders before the holders' line managers are told
instead); `none` may say `from` (when its reminders start), `agreed` may not (section 4.2).
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.engine.policy.conditions import fact_alternatives
from accord.engine.policy.model import (
    CASE_RAISED,
    CONCERN_IDENTIFIED,
    STAGE_START,
    Alternative,
    Alternatives,
    Duration,
    Unit,
)
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.problem_words import describe, listing, not_one_of, suggest
from accord.engine.policy.reading import Reader, Table
from accord.engine.policy.schema import DURATION, LARGEST_WITHIN, NUDGE, UNITS, Shape
from accord.engine.speech import gettext, gettext_noop

_DATED = (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.HOURS)
_UNDATED = (Unit.NONE, Unit.AGREED)
_STEP = "step:"


@dataclass(frozen=True, slots=True)
class StepAnchors:
    """The steps a step's `from = "step:<id>"` may name: those before it in its stage."""

    step: str
    stage: int
    earlier: tuple[str, ...]
    later: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rules:
    """What a duration in one place may say; `what` names the place in messages."""

    what: str  # words marked for translation, or a key as written
    units: tuple[Unit, ...] = _DATED
    zero: bool = False  # `within = 0` with working_days: the same working day (section 4.3)
    anchors: tuple[str, ...] = ()
    default_anchor: str = STAGE_START
    steps: StepAnchors | None = None  # None: `step:` anchors are not allowed here
    nudge: bool = False


STAGE_DUE = Rules(
    gettext_noop("a stage's due"),
    units=tuple(Unit),
    zero=True,
    anchors=(STAGE_START, CASE_RAISED, CONCERN_IDENTIFIED),
    nudge=True,
)
RAISING_DUE = Rules(
    "[raising] due",
    zero=True,
    anchors=(CONCERN_IDENTIFIED,),
    default_anchor=CONCERN_IDENTIFIED,
)
NUDGE_EVERY = Rules("nudge_every")
URGENT = Rules("urgent_due")
GRACE_PERIOD = Rules("grace")
BUDGET_LIMIT = Rules(gettext_noop("a budget"))


def step_due_rules(anchors: StepAnchors) -> Rules:
    return Rules(
        gettext_noop("a step's due"),
        units=tuple(Unit),
        zero=True,
        anchors=STAGE_DUE.anchors,
        steps=anchors,
        nudge=True,
    )


def read_due(reader: Reader, path: KeyPath, value: object, rules: Rules) -> Alternatives[Duration]:
    """A `due`: one duration table, or a list of them chosen by fact (the last without `if`)."""
    if isinstance(value, list):
        return fact_alternatives(reader, path, value, DURATION, lambda t: read_duration(t, rules))
    if not isinstance(value, dict):
        message = gettext(
            'must be a table such as { within = 5, unit = "working_days" }, or a list of them'
            ' chosen by "if", found %(found)s'
        )
        reader.report(path, message % {"found": describe(value)})
        return ()
    table = reader.table(path, value, DURATION)
    if table is None:
        return ()
    if "if" in table:
        table.report(
            "if",
            gettext(
                '"if" only belongs in a list of alternatives: write due = [{ if = "...", ... },'
                " { ... }], the last entry without if"
            ),
        )
    return (Alternative(read_duration(table, rules), None, table.line),)


def read_single(
    reader: Reader, path: KeyPath, value: object, shape: Shape, rules: Rules
) -> Duration | None:
    """One duration that cannot depend on facts (`nudge_every`, `urgent_due`, `grace`)."""
    table = reader.table(path, value, shape)
    return None if table is None else read_duration(table, rules)


def read_duration(table: Table, rules: Rules) -> Duration:
    """The duration keys of `table` (its shape already checked), by the rules of its place."""
    unit = _unit(table, rules)
    return Duration(
        unit=unit or rules.units[0],
        within=_within(table, rules, unit),
        anchor=_anchor(table, rules, unit),
        nudge_every=_nudge_every(table, rules, unit),
        nudge_limit=_nudge_limit(table, rules, unit),
        line=table.line,
    )


def _unit(table: Table, rules: Rules) -> Unit | None:
    """The unit, or None when it is missing or wrong (reported)."""
    text = table.string("unit")
    allowed = [unit.value for unit in rules.units]
    if text in allowed:
        return Unit(text)
    if "unit" not in table or not isinstance(table.get("unit"), str):
        return None
    if text in UNITS:
        message = gettext('unit "%(unit)s" cannot be used for %(place)s: use %(options)s')
        shown = {"unit": text, "place": gettext(rules.what), "options": listing(allowed)}
        table.report("unit", message % shown)
    else:
        table.report("unit", not_one_of("unit", text, allowed))
    return None


def _within(table: Table, rules: Rules, unit: Unit | None) -> int | None:
    if unit is None:
        return table.whole_number("within")
    if unit in _UNDATED:
        if "within" in table:
            message = gettext(
                'within has no meaning for unit "%(unit)s" (no default due date): remove it'
            )
            table.report("within", message % {"unit": unit})
        return None
    within = table.whole_number("within")
    if within is None:
        if "within" not in table and "within" not in table.shape.required:  # else reported
            table.report(
                table.path, gettext('within is required for unit "%(unit)s"') % {"unit": unit}
            )
        return 1
    if within == 0 and rules.zero and unit is Unit.WORKING_DAYS:
        return 0
    if within == 0 and rules.zero:
        table.report(
            "within",
            gettext('within = 0 (the same working day) is only allowed with unit "working_days"'),
        )
    elif within < 1:
        message = gettext(
            "within must be at least 1, found %(found)s (within = 0, the same working day, is"
            " only allowed in the working_days due of a stage, a step or [raising])"
        )
        table.report("within", message % {"found": within})
    elif within > LARGEST_WITHIN:
        message = gettext("within %(within)s is too large (at most %(largest)s)")
        table.report("within", message % {"within": within, "largest": LARGEST_WITHIN})
    return within


def _anchor(table: Table, rules: Rules, unit: Unit | None) -> str:
    if "from" not in table or "from" not in table.shape.keys:  # else reported as unknown
        return rules.default_anchor
    anchor = table.string("from", rules.default_anchor)
    if unit is Unit.AGREED:  # `none` keeps `from`: it says when the deadline (and nudging) starts
        table.report(
            "from",
            gettext('from has no meaning for unit "agreed": the parties set its date; remove it'),
        )
        return rules.default_anchor
    if anchor.startswith(_STEP):
        return _step_anchor(table, rules, anchor)
    if anchor in rules.anchors:
        return anchor
    every = (STAGE_START, CASE_RAISED, CONCERN_IDENTIFIED)
    if anchor in every:
        message = gettext('from "%(anchor)s" cannot be used for %(place)s: use %(options)s')
        shown = {"anchor": anchor, "place": gettext(rules.what), "options": listing(rules.anchors)}
        table.report("from", message % shown)
    elif isinstance(table.get("from"), str):
        options = (*rules.anchors, "step:<id>") if rules.steps else rules.anchors
        message = gettext('from "%(anchor)s" is not one of %(options)s')
        shown = {"anchor": anchor, "options": listing(options)}
        table.report("from", message % shown + suggest(anchor, every))
    return rules.default_anchor


def _step_anchor(table: Table, rules: Rules, anchor: str) -> str:
    if rules.steps is None:
        message = gettext(
            'from "%(anchor)s": only a step\'s due can count from a step (of the same stage)'
        )
        table.report("from", message % {"anchor": anchor})
        return rules.default_anchor
    steps = rules.steps
    named = anchor.removeprefix(_STEP)
    if named in steps.earlier:
        return anchor
    hint = ""
    if named == steps.step:
        message = gettext_noop(
            'step "%(step)s" is anchored on %(anchor)s, which is not an earlier step of stage'
            " %(stage)s (a step cannot count from itself)"
        )
    elif named in steps.later:
        message = gettext_noop(
            'step "%(step)s" is anchored on %(anchor)s, which is not an earlier step of stage'
            " %(stage)s (it comes later: a step can only count from one listed before it)"
        )
    else:
        message = gettext_noop(
            'step "%(step)s" is anchored on %(anchor)s, which is not an earlier step of stage'
            " %(stage)s"
        )
        hint = suggest(named, steps.earlier)
    shown = {"step": steps.step, "anchor": anchor, "stage": steps.stage}
    table.report("from", gettext(message) % shown + hint)
    return rules.default_anchor


def _reminder_key(table: Table, rules: Rules, unit: Unit | None, key: str) -> bool:
    """Whether `key` (`nudge_every`, `nudge_limit`) is given where reminders apply; reported
    where they do not (a deadline with a due date)."""
    if key not in table or key not in table.shape.keys or unit is None:
        return False
    if not rules.nudge or unit not in _UNDATED:
        message = gettext(
            '%(key)s only applies to units "none" and "agreed" (a deadline with no due date)'
        )
        table.report(key, message % {"key": key})
        return False
    return True


def _nudge_every(table: Table, rules: Rules, unit: Unit | None) -> Duration | None:
    if not _reminder_key(table, rules, unit, "nudge_every"):
        return None
    value = table.get("nudge_every")
    return read_single(table.reader, table.at("nudge_every"), value, NUDGE, NUDGE_EVERY)


MOST_REMINDERS = 99


def _nudge_limit(table: Table, rules: Rules, unit: Unit | None) -> int | None:
    """How many reminders before they stop and the holders' line managers are told instead."""
    if not _reminder_key(table, rules, unit, "nudge_limit"):
        return None
    limit = table.whole_number("nudge_limit")
    if limit is not None and not 1 <= limit <= MOST_REMINDERS:
        message = gettext("nudge_limit must be from 1 to %(most)s reminders, found %(found)s")
        table.report("nudge_limit", message % {"most": MOST_REMINDERS, "found": limit})
        return None
    return limit

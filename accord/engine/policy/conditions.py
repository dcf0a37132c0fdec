"""Conditional lists: entries tried in order, the first whose condition holds applies.

`due` and `chair` lists use `if = "<fact>"`; counterpart lists use `agency = "<kind>"`. In both
the last entry has no condition (so one always applies), every other entry has one (or the
entries after it could never apply), and no condition repeats an earlier one (same reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accord.engine.policy.model import Alternative, Alternatives
from accord.engine.policy.positions import KeyPath
from accord.engine.policy.problem_words import must_be_a_list_of_tables
from accord.engine.policy.reading import Reader, Table
from accord.engine.policy.references import check_fact
from accord.engine.policy.schema import Shape
from accord.engine.speech import gettext


@dataclass(frozen=True, slots=True)
class Entry[T]:
    """One entry of a conditional list, read."""

    value: T
    condition: str | None
    line: int


def conditional_entries[T](
    reader: Reader,
    path: KeyPath,
    value: object,
    shape: Shape,
    *,
    condition: str,
    check: Callable[[Table, str], None],
    read: Callable[[Table], T],
) -> list[Entry[T]]:
    """The entries of the list `value` at `path`, each read by `read` and its condition checked."""
    if not isinstance(value, list):
        reader.report(path, must_be_a_list_of_tables(value))
        return []
    if not value:
        reader.report(path, gettext("must list at least one entry"))
        return []
    entries: list[Entry[T]] = []
    tested: dict[str, int] = {}
    last = len(value) - 1
    for index, raw in enumerate(value):
        table = reader.table((*path, index), raw, shape)
        if table is None:
            continue
        when = table.optional_string(condition)
        if when is not None:
            check(table, when)
            if when in tested:
                message = gettext(
                    '%(condition)s "%(when)s" is already tested by entry %(entry)s, so this entry'
                    " could never apply"
                )
                shown = {"condition": condition, "when": when, "entry": tested[when]}
                table.report(condition, message % shown)
            tested.setdefault(when, index)
        if index == last and condition in table:
            message = gettext(
                'the last entry has "%(condition)s"; remove it, so that the last entry applies'
                " when no earlier one does"
            )
            table.report(condition, message % {"condition": condition})
        elif index < last and condition not in table:
            message = gettext(
                'only the last entry may leave out "%(condition)s": the entries after this one'
                " could never apply"
            )
            reader.report(table.path, message % {"condition": condition})
        entries.append(Entry(read(table), when, table.line))
    return entries


def fact_alternatives[T](
    reader: Reader, path: KeyPath, value: object, shape: Shape, read: Callable[[Table], T]
) -> Alternatives[T]:
    """A list of `{ if = "<fact>", ... }` entries, as the model's alternatives."""
    entries = conditional_entries(
        reader, path, value, shape, condition="if", check=_check_if, read=read
    )
    return tuple(Alternative(e.value, e.condition, e.line) for e in entries)


def _check_if(table: Table, fact: str) -> None:
    check_fact(table, table.at("if"), fact)

"""Reading parsed TOML values into typed ones, reporting every problem with its line.

A `Reader` holds the file's name, its key positions, what it declares and the problems found.
A `Table` is one table checked against its `Shape`, with typed getters that report a wrong value
and return a harmless default, so reading goes on and every problem in the file is found. The
result is only used when no problem was found.

Messages start with the path of the table (or list) concerned, as `stages[2].due`, indices
counting from 0, and name the key: `stages[2].due: unit "weeks" is not one of ...`. They are
whole sentences marked for translation (worded in `problem_words`: Welsh on the Welsh policy page
and with `accord policy check --language cy`); the file's keys and values they quote stay as
written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from accord.engine.policy.names import Declared
from accord.engine.policy.positions import KeyPath, Positions
from accord.engine.policy.problem_words import (
    describe,
    listing,
    lists_differ,
    missing_translation,
    must_be_a_list_of,
    must_be_a_list_of_tables,
    must_be_a_string,
    must_not_be_empty,
    not_one_of,
    suggest,
    undeclared_translation,
)
from accord.engine.policy.schema import Shape
from accord.engine.policy.texts import (
    DEFAULT_LANGUAGES,
    LANGUAGES,
    TRANSLATED,
    Text,
    suffixed,
)
from accord.engine.problems import Problem
from accord.engine.speech import gettext

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def show(path: KeyPath) -> str:
    """A path as people write it: `stages[2].steps[0].due`."""
    text = ""
    for key in path:
        if isinstance(key, int):
            text += f"[{key}]"
        else:
            shown = key if _BARE_KEY.fullmatch(key) else f'"{key}"'
            text = f"{text}.{shown}" if text else shown
    return text


def read_day(value: object) -> date:
    """A TOML local date or a `"YYYY-MM-DD"` string; ValueError says what is wrong."""
    if isinstance(value, datetime):
        raise ValueError(gettext("must be a date, not a date-time"))
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        found = describe(value)
        raise ValueError(gettext("must be a date (YYYY-MM-DD), found %(found)s") % {"found": found})
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(
            gettext('"%(value)s" is not a date in the form YYYY-MM-DD') % {"value": value}
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(gettext('"%(value)s" is not a real date') % {"value": value}) from None


@dataclass(slots=True)
class Reader:
    """The file being read: where its keys are, what it declares, and what is wrong so far."""

    file: str
    positions: Positions
    declared: Declared = field(default_factory=Declared)
    problems: list[Problem] = field(default_factory=list)
    # `[policy] languages`, read first: which translations every text must (and may) have
    languages: tuple[str, ...] = DEFAULT_LANGUAGES

    def report(self, at: KeyPath, message: str, where: KeyPath | None = None) -> None:
        """A problem on the line of `at`, its message prefixed by the path `where` (or `at`)."""
        prefix = show(at if where is None else where)
        text = (
            gettext("%(where)s: %(problem)s") % {"where": prefix, "problem": message}
            if prefix
            else message
        )
        self.problems.append(Problem(self.file, self.positions.line(at), text))

    def table(self, path: KeyPath, value: object, shape: Shape) -> Table | None:
        """`value` as a table of `shape`, with its unknown and missing keys reported."""
        if not isinstance(value, dict):
            self.report(
                path, gettext("must be a table, found %(found)s") % {"found": describe(value)}
            )
            return None
        for key in value:
            if key not in shape.keys:
                note = shape.notes.get(key)
                note = gettext(note) if note else _language_note(key, shape)
                hint = f"; {note}" if note else suggest(key, shape.keys)
                unknown = gettext('unknown key "%(key)s" in %(table)s') % {
                    "key": key,
                    "table": gettext(shape.name),
                }
                self.report((*path, key), unknown + hint, path)
        for key in shape.required:
            if key not in value:
                missing = gettext('missing required key "%(key)s" in %(table)s')
                self.report(path, missing % {"key": key, "table": gettext(shape.name)})
        return Table(self, path, value, shape)

    def tables(self, path: KeyPath, value: object, shape: Shape) -> list[Table]:
        """`value` as a list of tables of `shape` (an array of tables or of inline tables)."""
        if not isinstance(value, list):
            self.report(path, must_be_a_list_of_tables(value))
            return []
        tables = (self.table((*path, i), entry, shape) for i, entry in enumerate(value))
        return [table for table in tables if table is not None]


def _language_note(key: str, shape: Shape) -> str | None:
    """For `name_fr` beside a text `name`: the languages Accord knows."""
    base, _, code = key.rpartition("_")
    if base not in shape.texts:
        return None
    known = ", ".join(f"{c} ({gettext(name)})" for c, name in LANGUAGES.items())
    return gettext(
        '"%(code)s" is not a language Accord knows: a text may be given in %(known)s'
    ) % {"code": code, "known": known}


@dataclass(frozen=True, slots=True)
class Table:
    """One table of the file, already checked against its shape, with typed getters."""

    reader: Reader
    path: KeyPath
    data: Mapping[str, object]
    shape: Shape

    @property
    def line(self) -> int:
        return self.reader.positions.line(self.path)

    def at(self, *keys: str | int) -> KeyPath:
        return (*self.path, *keys)

    def line_of(self, key: str) -> int:
        return self.reader.positions.line(self.at(key))

    def get(self, key: str) -> object:
        return self.data.get(key)

    def report(self, key: str | KeyPath, message: str) -> None:
        """A problem on the line of `key` (a key of this table or a path below it)."""
        at = self.at(key) if isinstance(key, str) else key
        self.reader.report(at, message, self.path)

    def string(self, key: str, default: str = "") -> str:
        """A string; a required one must not be blank."""
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.report(key, must_be_a_string(key, value))
            return default
        if key in self.shape.required and not value.strip():
            self.report(key, must_not_be_empty(key))
        return value

    def text(self, key: str, default: str = "") -> str:
        """A text a person reads (`string`), with its translations from the keys beside it
        (`name_cy`): each declared language must have one, and no other may."""
        english = self.string(key, default)
        translations: dict[str, str] = {}
        for code in TRANSLATED:
            other = suffixed(key, code)
            if other in self.data:
                value = self.data[other]
                if not self._may_translate(other, code):
                    continue
                if not isinstance(value, str):
                    self.report(other, must_be_a_string(other, value))
                elif not value.strip():
                    self.report(other, must_not_be_empty(other))
                else:
                    translations[code] = value
            elif code in self.reader.languages and key in self.data and english.strip():
                self.report(key, missing_translation(key, other, code))
        return Text(english, translations) if translations else english

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of texts (`strings`), each with its translation at the same place in the list
        beside it (`checklist_cy`)."""
        english = self.strings(key)
        given = self.data.get(key)
        count = len(given) if isinstance(given, list) else 0
        lists: dict[str, tuple[str, ...]] = {}
        for code in TRANSLATED:
            other = suffixed(key, code)
            if other in self.data:
                if not self._may_translate(other, code):
                    continue
                found = self.strings(other)
                value = self.data[other]
                if isinstance(value, list) and len(value) != count:
                    self.report(other, lists_differ(key, count, other, len(value), code))
                elif len(found) == len(english):
                    lists[code] = found
            elif code in self.reader.languages and english:
                self.report(key, missing_translation(key, other, code, listed=True))
        return tuple(
            Text(text, {code: texts[i] for code, texts in lists.items()}) if lists else text
            for i, text in enumerate(english)
        )

    def _may_translate(self, key: str, code: str) -> bool:
        """Whether the policy declares `code`; reported at `key` when it does not."""
        if code in self.reader.languages:
            return True
        self.report(key, undeclared_translation(key, code))
        return False

    def optional_string(self, key: str) -> str | None:
        return self.string(key) if key in self.data else None

    def whole_number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            found = describe(value)
            message = gettext("%(key)s must be a whole number, found %(found)s")
            self.report(key, message % {"key": key, "found": found})
            return None
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            found = describe(value)
            message = gettext("%(key)s must be true or false, found %(found)s")
            self.report(key, message % {"key": key, "found": found})
            return default
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        """One of `options`; anything else is reported with the closest option."""
        value = self.string(key, default)
        if value not in options:
            if key in self.data and isinstance(self.data[key], str):
                self.report(key, not_one_of(key, value, options))
            return default
        return value

    def identifier(self, key: str, problem: Callable[[str, str], str | None]) -> str:
        """A string that must follow an id rule of `names`."""
        value = self.string(key)
        if value and (reason := problem(value, key)):
            self.report(key, reason)
        return value

    def strings(self, key: str, *, options: tuple[str, ...] = ()) -> tuple[str, ...]:
        """A list of non-blank strings, none repeated, each in `options` when given."""
        return tuple(item for item, _ in self.string_items(key, options=options))

    def string_items(
        self, key: str, *, options: tuple[str, ...] = ()
    ) -> tuple[tuple[str, KeyPath], ...]:
        """Like `strings`, each good item with its own path (for its line)."""
        found: list[tuple[str, KeyPath]] = []
        for index, item in enumerate(self._list(key, "strings")):
            at = self.at(key, index)
            if not isinstance(item, str):
                self.report(at, must_be_a_string(f"{key}[{index}]", item))
            elif not item.strip():
                self.report(at, must_not_be_empty(f"{key}[{index}]"))
            elif any(item == seen for seen, _ in found):
                self.report(
                    at, gettext('%(key)s lists "%(item)s" twice') % {"key": key, "item": item}
                )
            elif options and item not in options:
                message = gettext('%(key)s: "%(item)s" is not one of %(options)s')
                shown = {"key": key, "item": item, "options": listing(options)}
                self.report(at, message % shown + suggest(item, options))
            else:
                found.append((item, at))
        return tuple(found)

    def whole_numbers(self, key: str) -> tuple[tuple[int, KeyPath], ...]:
        """A list of whole numbers, none repeated, each with its own path (for its line)."""
        found: list[tuple[int, KeyPath]] = []
        for index, item in enumerate(self._list(key, "whole numbers")):
            at = self.at(key, index)
            if isinstance(item, bool) or not isinstance(item, int):
                message = gettext("%(key)s must be a whole number, found %(found)s")
                self.report(at, message % {"key": f"{key}[{index}]", "found": describe(item)})
            elif any(item == seen for seen, _ in found):
                self.report(
                    at, gettext("%(key)s lists %(item)s twice") % {"key": key, "item": item}
                )
            else:
                found.append((item, at))
        return tuple(found)

    def table(self, key: str, shape: Shape) -> Table | None:
        return self.reader.table(self.at(key), self.data[key], shape) if key in self else None

    def tables(self, key: str, shape: Shape) -> list[Table]:
        return self.reader.tables(self.at(key), self.data[key], shape) if key in self else []

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def _list(self, key: str, of: str) -> list[object]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(key, must_be_a_list_of(key, of, value))
            return []
        return value

"""What a file says about itself: format, [policy], [calendar], [roles], [facts] and the like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accord.engine.policy.model import SIDE_RECIPIENTS, Jurisdiction
from accord.engine.policy.names import is_translation, key_problem, policy_id_problem
from accord.engine.policy.problem_words import (
    describe,
    missing_translation,
    must_be_a_string,
    must_list_one_of,
    must_not_be_empty,
    undeclared_translation,
)
from accord.engine.policy.reading import Reader, Table, read_day
from accord.engine.policy.schema import (
    CALENDAR,
    CATEGORIES,
    CLOSURE_RANGE,
    ESCALATION,
    FORMAT,
    JURISDICTIONS,
    POLICY,
    POPULATIONS,
    SCOPES,
    SUBJECTS,
)
from accord.engine.policy.texts import DEFAULT_LANGUAGES, ENGLISH, LANGUAGES, TRANSLATED, Text
from accord.engine.speech import gettext, gettext_noop


@dataclass(frozen=True, slots=True)
class Header:
    """What `[policy]` says, with the defaults of policy-format.md section 1."""

    id: str = ""
    version: str = ""
    title: str = ""
    partnership: str = ""
    jurisdiction: Jurisdiction = Jurisdiction.ENG
    population: str = "children"
    effective_from: date | None = None
    source: str = ""
    scope: str = "between_agencies"
    subjects: tuple[str, ...] = ("child",)
    languages: tuple[str, ...] = DEFAULT_LANGUAGES


def read_format(reader: Reader, document: dict[str, object]) -> None:
    """`format = 1`, which every file must say."""
    if "format" not in document:
        message = gettext("missing format = %(format)s: add it as the file's first line")
        reader.report((), message % {"format": FORMAT})
        return
    value = document["format"]
    if isinstance(value, bool) or not isinstance(value, int):
        message = gettext("format must be the whole number %(format)s, found %(found)s")
        reader.report(("format",), message % {"format": FORMAT, "found": describe(value)}, ())
    elif value != FORMAT:
        message = gettext("format %(found)s is not supported: this Accord reads format %(format)s")
        reader.report(("format",), message % {"format": FORMAT, "found": value}, ())


def read_header(reader: Reader, value: object) -> Header:
    """`[policy]`; reported when missing."""
    if value is None:
        reader.report(
            (),
            gettext("missing the [policy] table (id, version, title, partnership, jurisdiction)"),
        )
        return Header()
    table = reader.table(("policy",), value, POLICY)
    if table is None:
        return Header()
    reader.languages = _languages(table)
    effective_from = _day(table, "effective_from") if "effective_from" in table else None
    subjects = table.strings("subjects", options=SUBJECTS)
    if (
        "subjects" in table
        and isinstance(table.get("subjects"), list)
        and not table.get("subjects")
    ):
        table.report("subjects", must_list_one_of("subjects", SUBJECTS))
    return Header(
        id=table.identifier("id", policy_id_problem),
        version=table.string("version"),
        title=table.text("title"),
        partnership=table.text("partnership"),
        jurisdiction=Jurisdiction(table.choice("jurisdiction", JURISDICTIONS, "ENG")),
        population=table.choice("population", POPULATIONS, "children"),
        effective_from=effective_from,
        source=table.text("source"),
        scope=table.choice("scope", SCOPES, "between_agencies"),
        subjects=subjects if "subjects" in table else ("child",),
        languages=reader.languages,
    )


def _languages(table: Table) -> tuple[str, ...]:
    """`languages` (Accord's addition): the policy's texts are in English and, when it lists
    them, in the other languages Accord knows (Welsh)."""
    if "languages" not in table:
        return DEFAULT_LANGUAGES
    languages = table.strings("languages", options=tuple(LANGUAGES))
    if isinstance(table.get("languages"), list) and ENGLISH not in languages:
        table.report(
            "languages",
            gettext(
                'languages must list "en": every text is written in English under its own key,'
                " and in another language beside it"
            ),
        )
    return tuple(code for code in languages if code in LANGUAGES) or DEFAULT_LANGUAGES


def read_closures(reader: Reader, value: object) -> tuple[tuple[date, date], ...]:
    """`[calendar] extra_closures`: dates or `{ from, to }` ranges, as inclusive (start, end)."""
    if value is None:
        return ()
    table = reader.table(("calendar",), value, CALENDAR)
    if table is None or "extra_closures" not in table:
        return ()
    entries = table.get("extra_closures")
    if not isinstance(entries, list):
        message = gettext(
            "extra_closures must be a list of dates or { from, to } ranges, found %(found)s"
        )
        table.report("extra_closures", message % {"found": describe(entries)})
        return ()
    closures: list[tuple[date, date]] = []
    for index, entry in enumerate(entries):
        path = table.at("extra_closures", index)
        if isinstance(entry, dict):
            closure = _closure_range(reader.table(path, entry, CLOSURE_RANGE))
        else:
            closure = _closure_day(reader, path, entry)
        if closure is not None:
            closures.append(closure)
    return tuple(closures)


def _closure_day(
    reader: Reader, path: tuple[str | int, ...], value: object
) -> tuple[date, date] | None:
    try:
        day = read_day(value)
    except ValueError as error:
        message = gettext("%(problem)s (a closure is a date or { from = DATE, to = DATE })")
        reader.report(path, message % {"problem": error})
        return None
    return (day, day)


def _closure_range(table: Table | None) -> tuple[date, date] | None:
    if table is None:
        return None
    start = _day(table, "from") if "from" in table else None
    end = _day(table, "to") if "to" in table else None
    if start is None or end is None:
        return None
    if end < start:
        message = gettext("the closure range ends on %(end)s, before it starts on %(start)s")
        table.report("to", message % {"end": end, "start": start})
        return None
    return (start, end)


def _day(table: Table, key: str) -> date | None:
    try:
        return read_day(table.get(key))
    except ValueError as error:
        table.report(key, f"{key} {error}")  # `read_day` words the problem after the key
        return None


_KEY_OF = {"role": gettext_noop("role key"), "fact": gettext_noop("fact key")}


def read_names(reader: Reader, key: str, value: object) -> dict[str, str]:
    """`[roles]` or `[facts]`: lower snake case keys, each with a non-empty text."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        message = gettext("must be a table of key = text, found %(found)s")
        reader.report((key,), message % {"found": describe(value)})
        return {}
    kind = "role" if key == "roles" else "fact"
    names: dict[str, str] = {}
    translations = _translations(reader, key, value)
    for name, text in value.items():
        if name in translations:
            continue
        at = (key, name)
        if problem := key_problem(name, gettext(_KEY_OF[kind])):
            reader.report(at, problem, (key,))
        elif kind == "role" and name in SIDE_RECIPIENTS:
            message = gettext(
                'role key "%(key)s" is reserved: notify rules use it for one side of the case;'
                " choose another key"
            )
            reader.report(at, message % {"key": name}, (key,))
        if not isinstance(text, str):
            reader.report(at, must_be_a_string(name, text), (key,))
        elif not text.strip():
            reader.report(at, must_not_be_empty(name), (key,))
        else:
            given = {code: t for base, code, t in translations.values() if base == name and t}
            tried = {code for base, code, _ in translations.values() if base == name}
            for code in reader.languages:
                if code in TRANSLATED and code not in tried:
                    reader.report(at, missing_translation(name, f"{name}_{code}", code), (key,))
            names[name] = Text(text, given) if given else text
    return names


def _translations(
    reader: Reader, key: str, value: dict[str, object]
) -> dict[str, tuple[str, str, str]]:
    """The translations among `[roles]` or `[facts]` (`practitioner_cy` beside `practitioner`),
    by their own key, as (the key translated, language, text; empty when it is wrong). They are
    not names themselves."""
    found: dict[str, tuple[str, str, str]] = {}
    for name, text in value.items():
        if not is_translation(name, value):
            continue
        base, _, code = name.rpartition("_")
        at = (key, name)
        good = ""
        if code not in reader.languages:
            reader.report(at, undeclared_translation(name, code), (key,))
        elif not isinstance(text, str):
            reader.report(at, must_be_a_string(name, text), (key,))
        elif not text.strip():
            reader.report(at, must_not_be_empty(name), (key,))
        else:
            good = text
        found[name] = (base, code, good)
    return found


def read_themes(reader: Reader, value: object) -> tuple[str, ...]:
    """`[categories] themes`."""
    table = reader.table(("categories",), value, CATEGORIES) if value is not None else None
    return () if table is None else table.texts("themes")


def read_may_skip(reader: Reader, value: object) -> bool:
    """`[escalation] may_skip`, false by default (section 4.7)."""
    table = reader.table(("escalation",), value, ESCALATION) if value is not None else None
    return False if table is None else table.boolean("may_skip", default=False)

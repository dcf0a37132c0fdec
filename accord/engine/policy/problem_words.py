"""How a policy file's problems are worded: what kind of value was found, the closest option,
and the sentences the readers share (a value of the wrong kind, a missing or undeclared
translation), each a whole sentence marked for translation (`accord.engine.speech`), the file's
keys and values quoted as written."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime, time

from accord.engine.policy.texts import LANGUAGES
from accord.engine.speech import gettext, gettext_noop, ngettext


def describe(value: object) -> str:
    """What kind of TOML value `value` is, for "found ..." in messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return gettext("a whole number (%(value)s)") % {"value": value}
    if isinstance(value, float):
        return gettext("a decimal number (%(value)s)") % {"value": value}
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return gettext('a string ("%(value)s")') % {"value": shown}
    if isinstance(value, datetime):
        return gettext("a date-time")
    if isinstance(value, date):
        return gettext("a date")
    if isinstance(value, time):
        return gettext("a time of day")
    if isinstance(value, dict):
        return gettext("a table")
    if isinstance(value, list):
        return gettext("a list")
    return type(value).__name__


def suggest(word: str, options: Iterable[str]) -> str:
    """` (did you mean "x"?)` for the closest option, or nothing."""
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return gettext(' (did you mean "%(option)s"?)') % {"option": close[0]} if close else ""


def listing(options: Iterable[str]) -> str:
    return ", ".join(options)


_NOT_A_LIST = {
    "strings": gettext_noop("%(key)s must be a list of strings, found %(found)s"),
    "whole numbers": gettext_noop("%(key)s must be a list of whole numbers, found %(found)s"),
}


def must_be_a_list_of(key: str, of: str, value: object) -> str:
    """`key` given as something else than a list of `of` ("strings", "whole numbers")."""
    return gettext(_NOT_A_LIST[of]) % {"key": key, "found": describe(value)}


def must_list_one_of(key: str, options: Iterable[str]) -> str:
    """For a list given empty: `record must list at least one of ...`."""
    message = gettext("%(key)s must list at least one of %(options)s")
    return message % {"key": key, "options": listing(options)}


def must_be_a_list_of_tables(value: object) -> str:
    return gettext("must be a list of tables, found %(found)s") % {"found": describe(value)}


def must_be_a_string(key: str, value: object) -> str:
    message = gettext("%(key)s must be a string, found %(found)s")
    return message % {"key": key, "found": describe(value)}


def must_not_be_empty(key: str) -> str:
    return gettext("%(key)s must not be empty") % {"key": key}


def not_one_of(key: str, value: str, options: Iterable[str]) -> str:
    """`unit "weeks" is not one of ...`, with the closest option when one is close."""
    options = tuple(options)
    message = gettext('%(key)s "%(value)s" is not one of %(options)s')
    return message % {"key": key, "value": value, "options": listing(options)} + suggest(
        value, options
    )


def lists_differ(key: str, count: int, other: str, other_count: int, code: str) -> str:
    """Two counts in one sentence: each counted on its own ("2 texts"), then put in place."""
    message = gettext(
        "%(other)s lists %(given)s and %(key)s lists %(expected)s: give one %(language)s text"
        " for each, in the same order"
    )
    return message % {
        "other": other,
        "given": _texts(other_count),
        "key": key,
        "expected": _texts(count),
        "language": gettext(LANGUAGES[code]),
    }


def _texts(count: int) -> str:
    return ngettext("%(count)s text", "%(count)s texts", count) % {"count": count}


def missing_translation(key: str, other: str, code: str, *, listed: bool = False) -> str:
    if listed:
        message = gettext(
            '%(key)s has no %(language)s texts: add %(other)s = ["...", ...] beside it'
            ' (the policy declares languages = ["en", "%(code)s"])'
        )
    else:
        message = gettext(
            '%(key)s has no %(language)s text: add %(other)s = "..." beside it'
            ' (the policy declares languages = ["en", "%(code)s"])'
        )
    return message % {
        "key": key,
        "language": gettext(LANGUAGES[code]),
        "other": other,
        "code": code,
    }


def undeclared_translation(key: str, code: str) -> str:
    message = gettext(
        "%(key)s is a %(language)s text, but the policy does not declare %(code)s: add"
        ' languages = ["en", "%(code)s"] to [policy], or remove %(key)s'
    )
    return message % {"key": key, "language": gettext(LANGUAGES[code]), "code": code}

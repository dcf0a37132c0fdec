"""The rules for ids and keys, and the names a policy file declares for others to reference.

Id rules (each at most 64 characters):

- the policy id, and an exception's `policy`: lower-kebab, lowercase letters and digits in words
  joined by single hyphens, starting with a letter (`example-borough`);
- role keys (`[roles]`) and fact keys (`[facts]`): lower snake case, lowercase letters and digits
  in words joined by single underscores, starting with a letter (`first_line_manager`). They
  appear in events and recipient lists, so they must not be a side recipient such as `raiser`;
- every other id (steps, budgets, forms, form fields, exceptions): lowercase letters and digits in
  words joined by single `-` or `_`, starting with a letter (`stage-3-monitoring`, `raised_on`).
  So no id holds `:` or `/`, which deadline ids such as `stage:1/step:response` use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from accord.engine.policy.form_model import STANDARD_FORMS
from accord.engine.policy.texts import TRANSLATED
from accord.engine.speech import gettext, gettext_noop

_LONGEST = 64
_POLICY_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_ID = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")


def _problem(pattern: re.Pattern[str], value: str, key: str, rule: str) -> str | None:
    if pattern.fullmatch(value) and len(value) <= _LONGEST:
        return None
    return gettext(rule) % {"key": key, "value": value, "longest": _LONGEST}


def policy_id_problem(value: str, key: str) -> str | None:
    """Why `value`, given for `key` (as the message names it), is not a valid policy id, or
    None."""
    return _problem(
        _POLICY_ID,
        value,
        key,
        gettext_noop(
            '%(key)s "%(value)s" is not a lower-kebab id (lowercase letters and digits in words'
            " joined by single hyphens, starting with a letter, at most %(longest)s characters:"
            ' e.g. "example-borough")'
        ),
    )


def key_problem(value: str, key: str) -> str | None:
    """Why `value`, given for `key`, is not a valid role or fact key, or None."""
    return _problem(
        _KEY,
        value,
        key,
        gettext_noop(
            '%(key)s "%(value)s" is not a lower snake case key (lowercase letters and digits in'
            " words joined by single underscores, starting with a letter, at most %(longest)s"
            ' characters: e.g. "first_line_manager")'
        ),
    )


def id_problem(value: str, key: str) -> str | None:
    """Why `value`, given for `key`, is not a valid step, budget, form, field or exception id,
    or None."""
    return _problem(
        _ID,
        value,
        key,
        gettext_noop(
            '%(key)s "%(value)s" is not a valid id (lowercase letters and digits in words joined by'
            ' single "-" or "_", starting with a letter, at most %(longest)s characters: e.g.'
            ' "stage-3-monitoring")'
        ),
    )


@dataclass(frozen=True, slots=True)
class Declared:
    """What a file declares, collected before reading so every reference can be checked in place."""

    roles: frozenset[str] = frozenset()
    facts: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset(STANDARD_FORMS)
    stage_count: int = 0
    policy_id: str | None = None


def declared_in(document: dict[str, object]) -> Declared:
    """The roles, facts, forms, stage count and policy id of a parsed file, as far as they read."""
    roles = document.get("roles")
    facts = document.get("facts")
    stages = document.get("stages")
    policy = document.get("policy")
    policy_id = policy.get("id") if isinstance(policy, dict) else None
    return Declared(
        roles=_names(roles),
        facts=_names(facts),
        forms=frozenset(STANDARD_FORMS) | frozenset(_ids(document.get("forms"))),
        stage_count=len(stages) if isinstance(stages, list) else 0,
        policy_id=policy_id if isinstance(policy_id, str) else None,
    )


def _names(table: object) -> frozenset[str]:
    """The keys of `[roles]` or `[facts]`, less the translations beside them (`practitioner_cy`
    beside `practitioner`)."""
    if not isinstance(table, dict):
        return frozenset()
    return frozenset(k for k in table if not is_translation(k, table))


def is_translation(key: str, table: Mapping[str, object]) -> bool:
    """Whether `key` of `[roles]` or `[facts]` is a translation of another key of `table`."""
    base, _, code = key.rpartition("_")
    return code in TRANSLATED and base in table


def _ids(entries: object) -> Iterable[str]:
    if not isinstance(entries, list):
        return
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            yield entry["id"]

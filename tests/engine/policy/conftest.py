"""A small valid policy, and fixtures that edit it and say what the loader makes of the result.

Rule tables give `(old, new, fragment)`: `new` replaces `old` in `BASE` (or is appended when `old`
is empty) and marks the line the problem must be reported on with `# !`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accord.engine.policy.loader import load_policy_text
from accord.engine.policy.model import Policy
from accord.engine.problems import InvalidFile, Problem

BASE = """\
format = 1

[policy]
id = "test-borough"
version = "2026-01"
title = "Test Borough: resolving professional disagreements"
partnership = "Test Borough Safeguarding Partnership"
jurisdiction = "ENG"

[roles]
practitioner = "Practitioner"
manager = "First line manager"
business_manager = "Partnership business manager"

[facts]
cp_plan = "Is the child subject to a child protection plan?"

[[stages]]
number = 1
name = "Practitioners"
raising = "practitioner"
receiving = "practitioner"
due = { within = 2, unit = "working_days" }

[[stages]]
number = 2
name = "Managers"
raising = "manager"
receiving = "manager"
due = { within = 5, unit = "working_days" }
"""

MARK = "# !"
FILE = "policies/test.toml"


def edited(old: str, new: str) -> str:
    """`BASE` with `old` replaced by `new`, or with `new` appended when `old` is empty."""
    if not old:
        return f"{BASE}\n{new}\n"
    assert BASE.count(old) == 1, f"{old!r} must appear once in BASE"
    return BASE.replace(old, new)


def problems_in(text: str) -> list[Problem]:
    try:
        load_policy_text(text, FILE)
    except InvalidFile as invalid:
        return invalid.problems
    return []


def marked_line(text: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if MARK in line]
    assert len(lines) == 1, f"mark exactly one line with {MARK!r}"
    return lines[0]


@pytest.fixture
def expect_problem() -> Callable[[str, str, str], None]:
    """Assert that the edit is reported on its marked line with a message holding `fragment`."""

    def check(old: str, new: str, fragment: str) -> None:
        text = edited(old, new)
        problems = problems_in(text)
        line = marked_line(text)
        found = [p for p in problems if p.line == line and fragment in p.message]
        shown = "\n".join(str(p) for p in problems) or "(no problems)"
        assert found, f"expected line {line}: ...{fragment}... among:\n{shown}"
        assert all(p.file == FILE for p in problems)

    return check


@pytest.fixture
def load_edited() -> Callable[[str, str], Policy]:
    """The policy `BASE` becomes after an edit; the edit must leave it valid."""

    def load(old: str, new: str) -> Policy:
        text = edited(old, new)
        problems = problems_in(text)
        assert not problems, "\n".join(str(p) for p in problems)
        return load_policy_text(text, FILE)

    return load


@pytest.fixture
def problems_of() -> Callable[[str], list[Problem]]:
    """Every problem the loader finds in a text (none when it is valid)."""
    return problems_in

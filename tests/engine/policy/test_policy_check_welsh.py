"""A policy file's problems in Welsh: `accord policy check --language cy`, and the same words on
the Welsh policy page (the engine's words are translated where they are read, issue 20). Every
problem the readers report is a marked message; the file's own keys and values stay as written."""

from __future__ import annotations

import ast
import contextlib
import io
from pathlib import Path

import accord
from accord.cli import main

POLICY_MODULES = Path(accord.__file__).parent / "engine" / "policy"

BROKEN = """\
format = 1
[policy]
id = "Bad"
version = 3
title = "A broken procedure"
partnership = "Somewhere"
jurisdiction = "ENG"
[roles]
practitioner = "Practitioner"
[[stages]]
number = 2
name = "One"
raising = "practitioner"
receiving = "managr"
due = { within = 0, unit = "weeks" }
"""


def check(tmp_path: Path, *options: str) -> tuple[int, list[str]]:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["policy", "check", *options, str(path)])
    return status, out.getvalue().replace(str(path), "broken.toml").splitlines()


def test_check_reports_each_problem_in_welsh_at_its_line(tmp_path: Path) -> None:
    status, lines = check(tmp_path, "--language", "cy")
    assert status == 1
    assert lines == [
        'broken.toml:3: policy: nid yw id "Bad" yn id lower-kebab (llythrennau bach a digidau'
        " mewn geiriau wedi’u cysylltu gan gysylltnodau sengl, yn dechrau gyda llythyren, 64 nod"
        ' ar y mwyaf: e.e. "example-borough")',
        "broken.toml:4: policy: rhaid i version fod yn llinyn, ond cafwyd rhif cyfan (3)",
        "broken.toml:11: stages[0]: dylai number 2 fod yn 1: mae camau wedi’u rhifo 1 i n yn"
        " nhrefn yr ysgol heb fylchau nac ailadrodd, a hwn yw cofnod cam 1",
        'broken.toml:14: stages[0]: nid yw’r rôl "managr" wedi’i datgan yn [roles]',
        'broken.toml:15: stages[0].due: nid yw unit "weeks" yn un o working_days, calendar_days,'
        " hours, none, agreed",
    ]


def test_check_stays_english_by_default(tmp_path: Path) -> None:
    assert check(tmp_path) == check(tmp_path, "--language", "en")
    status, lines = check(tmp_path)
    assert status == 1
    assert lines[1] == "broken.toml:4: policy: version must be a string, found a whole number (3)"
    assert lines[4] == (
        'broken.toml:15: stages[0].due: unit "weeks" is not one of working_days, calendar_days,'
        " hours, none, agreed"
    )


def _unmarked_messages() -> list[str]:
    """Each problem message in the policy readers written as text rather than marked: a string
    or f-string with words of its own handed to `report`, `Problem` or `ValueError`. (An
    f-string may join marked parts with punctuation: `f"{key}[{index}]"`.)"""
    found = []
    for path in sorted(POLICY_MODULES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = {"report": 1, "Problem": 2, "ValueError": 0}.get(name)
            if position is None or len(node.args) <= position:
                continue
            if _has_words(node.args[position]):
                found.append(f"{path.name}:{node.lineno}")
    return found


def _has_words(message: ast.expr) -> bool:
    if isinstance(message, ast.Constant):
        return isinstance(message.value, str) and any(c.isalpha() for c in message.value)
    if isinstance(message, ast.JoinedStr):
        return any(_has_words(part) for part in message.values if isinstance(part, ast.Constant))
    return False


def test_every_problem_the_policy_readers_report_is_marked_for_translation() -> None:
    # model.py's two ValueErrors are for programmers: a read policy never meets them
    assert _unmarked_messages() == ["model.py:118", "model.py:135"]

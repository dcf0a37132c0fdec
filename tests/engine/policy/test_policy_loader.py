"""Whole files: unreadable ones (line 0), syntax errors (their line), and every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.engine.policy.loader import load_policy_file, load_policy_text
from accord.engine.problems import InvalidFile, Problem

VALID = Path(__file__).parent.parent / "fixtures" / "example-borough.toml"


def problems_of_file(path: str) -> list[Problem]:
    with pytest.raises(InvalidFile) as raised:
        load_policy_file(path)
    return raised.value.problems


def problems_of_text(text: str, file: str = "p.toml") -> list[Problem]:
    with pytest.raises(InvalidFile) as raised:
        load_policy_text(text, file)
    return raised.value.problems


def test_a_missing_file_is_line_0() -> None:
    assert [str(p) for p in problems_of_file("no/such/policy.toml")] == [
        "no/such/policy.toml:0: cannot read the file: No such file or directory"
    ]


def test_a_directory_is_line_0(tmp_path: Path) -> None:
    [problem] = problems_of_file(str(tmp_path))
    assert (problem.line, problem.message.startswith("cannot read the file: ")) == (0, True)


def test_text_that_is_not_utf8_is_line_0_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('format = 1\n[policy]\ntitle = "Caf\xe9"\n'.encode("latin-1"))
    assert problems_of_file(str(path)) == [
        Problem(str(path), 0, "the file is not UTF-8 text (byte 0xe9 on line 3)")
    ]


def test_the_file_is_named_exactly_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "x.toml").write_text("format = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems = problems_of_file("./policies/../policies/x.toml")
    assert {p.file for p in problems} == {"./policies/../policies/x.toml"}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('format = 1\n[policy]\nid = "x\n', 3, "not valid TOML: "),
        ("format = 1\n\n[policy\n", 3, "not valid TOML: "),
        (
            "format = 1\nstages = [1,\n",
            2,
            "not valid TOML: Invalid value (at the end of the file)",
        ),
        ("format = 1\neffective_from = 2026-02-30\n", 2, "not valid TOML: Invalid date"),
        ("[roles]\na = 'A'\nb = 'B'\na = 'C'\n", 4, 'not valid TOML: key "roles.a" is set twice'),
        ("[roles]\na = 'A'\n[roles]\n", 3, "not valid TOML: Cannot declare ('roles',) twice"),
    ],
)
def test_a_syntax_error_is_reported_on_its_line(text: str, line: int, fragment: str) -> None:
    [problem] = problems_of_text(text)
    assert problem.line == line
    assert fragment in problem.message


def test_every_problem_is_reported_in_line_order() -> None:
    text = VALID.read_text(encoding="utf-8")
    text = text.replace('jurisdiction = "ENG"', 'jurisdiction = "XX"')
    text = text.replace('receiving = "first_line_manager"', 'recieving = "first_line_manager"')
    text = text.replace("stages = [1, 2, 3]", "stages = [1, 2, 5]")
    text = text.replace('type = "longtext" }', 'type = "essay" }', 1)
    problems = problems_of_text(text)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (8, "policy"),
        (51, "stages[1]"),  # receiving is missing ...
        (55, "stages[1]"),  # ... because it is misspelt
        (81, "budgets[0]"),
        (121, "forms[0].fields[5]"),
    ]
    assert str(problems[0]).startswith('p.toml:8: policy: jurisdiction "XX" is not one of')


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.read_bytes())
    assert load_policy_file(str(path)).id == "example-borough"

"""The positions scanner finds the line of every key path tomllib's result would use."""

from __future__ import annotations

import tomllib

import pytest

from accord.engine.policy.positions import KeyPath, scan

DOCUMENT = """\
# a comment with [brackets] and key = "value"
format = 1

[policy]
id = "x"                      # trailing comment
title = "a # is not a comment, nor = or [this] or {that}"
"quoted key" = 'literal # ] } ='
site.name = "dotted"
site . "url" = "spaced dotted"

[[stages]]
number = 1
due = { within = 2, unit = "working_days" }

  [[stages.steps]]
  id = "a"

  [[stages.steps]]
  id = "b"
  due = { within = 1, unit = "working_days", from = "step:a" }

[[stages]]
number = 2
notes = \"\"\"
key = "not a key"
[not.a.table]
\"\"\"
chair = [{ if = "cp_plan", role = "x" },
         # a comment between entries
         { role = "y" }]

  [stages.extra]
  deep = { a = { b = [1, [2, 3], { c = 4 }] } }

  [[stages.steps]]
  id = "c"

[[forms]]
id = "f"
fields = [
  { id = "one", label = "One ] with bracket", type = "text" },
  { id = "two", label = 'Two, with comma', type = "choice", choices = ["a", "b"] },
]
literal = '''
[[stages]]
'''
after = true
"""


def test_the_sample_is_valid_toml() -> None:
    tomllib.loads(DOCUMENT)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("format",), 2),
        (("policy",), 4),
        (("policy", "id"), 5),
        (("policy", "title"), 6),
        (("policy", "quoted key"), 7),
        (("policy", "site"), 8),
        (("policy", "site", "name"), 8),
        (("policy", "site", "url"), 9),
        (("stages",), 11),
        (("stages", 0), 11),
        (("stages", 0, "number"), 12),
        (("stages", 0, "due"), 13),
        (("stages", 0, "due", "unit"), 13),
        (("stages", 0, "steps", 0), 15),
        (("stages", 0, "steps", 0, "id"), 16),
        (("stages", 0, "steps", 1), 18),
        (("stages", 0, "steps", 1, "due", "within"), 20),
        (("stages", 0, "steps", 1, "due", "unit"), 20),
        (("stages", 0, "steps", 1, "due", "from"), 20),
        (("stages", 1), 22),
        (("stages", 1, "notes"), 24),
        (("stages", 1, "chair"), 28),
        (("stages", 1, "chair", 0, "if"), 28),
        (("stages", 1, "chair", 1), 30),
        (("stages", 1, "chair", 1, "role"), 30),
        (("stages", 1, "extra"), 32),
        (("stages", 1, "extra", "deep", "a", "b", 1, 0), 33),
        (("stages", 1, "extra", "deep", "a", "b", 2, "c"), 33),
        (("stages", 1, "steps", 0), 35),
        (("stages", 1, "steps", 0, "id"), 36),
        (("forms", 0, "fields"), 40),
        (("forms", 0, "fields", 0, "label"), 41),
        (("forms", 0, "fields", 1, "type"), 42),
        (("forms", 0, "fields", 1, "choices"), 42),
        (("forms", 0, "fields", 1, "choices", 1), 42),
        (("forms", 0, "literal"), 44),
        (("forms", 0, "after"), 47),
    ],
)
def test_each_key_path_has_its_line(path: KeyPath, line: int) -> None:
    assert scan(DOCUMENT).get(path) == line


def test_strings_and_comments_hide_keys_and_tables() -> None:
    positions = scan(DOCUMENT)
    assert positions.get(("key",)) is None
    assert positions.get(("stages", 1, "key")) is None
    assert positions.get(("not",)) is None
    assert positions.get(("stages", 2)) is None  # the [[stages]] inside a literal string


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("stages", 0, "steps", 0, "due"), 15),  # a missing key: its table's header
        (("stages", 0, "steps", 1, "due", "nudge_every", "within"), 20),  # its inline table's key
        (("stages", 1, "steps", 0, "name"), 35),
        (("forms", 0, "fields", 0, "from"), 41),
        (("forms", 0, "fields", 5), 40),
        (("calendar", "extra_closures"), 1),  # nothing encloses it but the file
        ((), 1),
    ],
)
def test_a_missing_path_falls_back_to_its_nearest_enclosing_line(path: KeyPath, line: int) -> None:
    assert scan(DOCUMENT).line(path) == line


def test_inline_tables_across_lines_as_toml_1_1_allows() -> None:
    text = (
        "due = [\n"
        '  { if = "a",\n'
        '    within = 1, unit = "hours" },\n'
        "  { within = 2,\n"
        '    unit = "hours" }\n'
        "]\n"
    )
    positions = scan(text)
    assert positions.get(("due", 0)) == 2
    assert positions.get(("due", 0, "within")) == 3
    assert positions.get(("due", 1, "unit")) == 5


def test_array_of_tables_indices_restart_under_each_parent_entry() -> None:
    text = "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n[a.c]\nx = 1\n"
    positions = scan(text)
    assert positions.get(("a", 0, "b", 1)) == 3
    assert positions.get(("a", 1, "b", 0)) == 5
    assert positions.get(("a", 1, "b", 1)) is None
    assert positions.get(("a", 1, "c", "x")) == 7


def test_quoted_keys_with_escapes_are_decoded_like_tomllib_does() -> None:
    text = '[roles]\n"a\\u0062c" = "x"\n\'d.e\' = "y"\n'
    assert set(tomllib.loads(text)["roles"]) == {"abc", "d.e"}
    positions = scan(text)
    assert positions.get(("roles", "abc")) == 2
    assert positions.get(("roles", "d.e")) == 3


def test_escaped_quotes_and_quote_runs_end_strings_where_tomllib_does() -> None:
    text = 'a = "say \\"b = 1\\""\nc = """x""""\nd = \'\'\'y\'\'\'\'\'\ne = 2\n'
    assert tomllib.loads(text) == {"a": 'say "b = 1"', "c": 'x"', "d": "y''", "e": 2}
    positions = scan(text)
    assert positions.get(("b",)) is None
    assert [positions.get((k,)) for k in "acde"] == [1, 2, 3, 4]


def test_dates_times_and_windows_line_ends() -> None:
    text = "a = 2026-12-24\r\nb = 1979-05-27 07:32:00Z\r\n[t]\r\nc = [2026-01-01, 2026-01-02]\r\n"
    positions = scan(text)
    assert [positions.get(p) for p in [("a",), ("b",), ("t", "c", 1)]] == [1, 2, 4]


def test_a_key_set_twice_is_noticed_even_though_tomllib_refuses_it() -> None:
    positions = scan("[roles]\na = 'x'\nb = 'y'\na = 'z'\n")
    assert positions.repeated == {("roles", "a"): 4}
    assert positions.get(("roles", "a")) == 2


@pytest.mark.parametrize(
    "text", ['a = "unclosed\n', "[[a\n", "a = [1, 2", "= 3", "a = {b = ", "\\"]
)
def test_broken_text_never_raises(text: str) -> None:
    scan(text).line(("a", 0, "b"))

"""Whatever a file holds, loading it gives a policy or raises `InvalidFile`, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.policy.loader import load_policy_text
from accord.engine.problems import InvalidFile

EXAMPLE = (Path(__file__).parent.parent / "fixtures" / "example-borough.toml").read_text("utf-8")
LINES = EXAMPLE.splitlines()
ASSIGNMENTS = [i for i, line in enumerate(LINES) if re.match(r"^\s*[a-z_]+ = ", line)]
VALUES = [
    "0",
    "-3",
    "1.5",
    "true",
    '""',
    '"x"',
    '"step:response"',
    '"2026-02-30"',
    "2026-12-24",
    "2026-12-24T09:00:00",
    "09:00:00",
    "[]",
    "[1, 2]",
    '["x", "x"]',
    "{}",
    "{ a = 1 }",
    '[{ if = "cp_plan", role = "x" }]',
    '[{ within = 1, unit = "hours" }, { if = "nope", within = 0, unit = "none" }]',
    '{ unit = "agreed", within = 1, from = "step:x", nudge_every = { within = 0, unit = "none" } }',
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(ASSIGNMENTS), st.sampled_from(VALUES)), min_size=1, max_size=4
    )
)
def test_any_value_anywhere_is_loaded_or_reported(edits: list[tuple[int, str]]) -> None:
    lines = list(LINES)
    for index, value in edits:
        key = lines[index].split("=", 1)[0]
        lines[index] = f"{key}= {value}"
    problems = []
    try:
        load_policy_text("\n".join(lines) + "\n", "fuzz.toml")
    except InvalidFile as invalid:
        problems = invalid.problems
        assert problems
    assert all(0 <= p.line <= len(lines) and p.message for p in problems)

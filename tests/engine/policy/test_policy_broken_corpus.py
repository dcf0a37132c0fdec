"""Every file in `broken/` is rejected with the problem its `# expect: LINE: fragment` header says.

Adding a file adds a case: write a policy with one mistake, and a header comment naming the line
the mistake must be reported on and a distinctive part of the message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord.engine.policy.loader import load_policy_file
from accord.engine.problems import InvalidFile

BROKEN = Path(__file__).parent / "broken"
EXPECT = re.compile(r"^# expect: (\d+): (.+)$", re.MULTILINE)


def expectations(path: Path) -> list[tuple[int, str]]:
    found = [
        (int(line), fragment)
        for line, fragment in EXPECT.findall(path.read_bytes().decode(errors="replace"))
    ]
    assert found, f"{path.name} has no '# expect: LINE: fragment' comment"
    return found


def test_the_corpus_is_large_enough() -> None:
    assert len(list(BROKEN.glob("*.toml"))) >= 30


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.toml")), ids=lambda p: p.stem)
def test_a_broken_file_reports_the_expected_problem(path: Path) -> None:
    with pytest.raises(InvalidFile) as raised:
        load_policy_file(str(path))
    problems = raised.value.problems
    shown = "\n".join(str(p) for p in problems)
    for line, fragment in expectations(path):
        assert any(p.line == line and fragment in p.message for p in problems), (
            f"expected {line}: ...{fragment}... among:\n{shown}"
        )
    assert {p.file for p in problems} == {str(path)}

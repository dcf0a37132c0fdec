"""docs/architecture.md names every module that exists, so a newcomer finds each one there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "architecture.md"


def _index() -> str:
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(r"<!-- module-index:start -->(.*?)<!-- module-index:end -->", text, re.S)
    assert found, "docs/architecture.md has lost its module index"
    return found.group(1)


def test_the_architecture_page_lists_every_module_in_its_folder() -> None:
    listed: set[str] = set()
    folder = ""
    for line in _index().splitlines():
        if heading := re.match(r"- \*\*`accord/(.*)`\*\*", line):
            folder = heading.group(1)
        elif module := re.match(r"  - `([^`]+\.py)`", line):
            listed.add(folder + module.group(1))
    modules = {
        str(path.relative_to(ROOT / "accord"))
        for path in (ROOT / "accord").rglob("*.py")
        if "migrations" not in path.parts and path.name not in {"__init__.py", "apps.py"}
    }
    assert sorted(modules - listed) == [], "run scripts/module-index and update the page"
    assert sorted(listed - modules) == [], "the page lists modules that no longer exist"

"""A gettext catalogue (.po) read into its entries: enough for the tests to ask whether every
message has its translation, none is fuzzy, and which messages there are."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    """One message: its context, its English (singular, plural) and its translations."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))


def read(path: Path) -> list[Entry]:
    """The entries of the catalogue at `path`, the header (msgid "") first."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#,"):
            if started:
                finish()
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if started and target is not None and target[0] == "msgstr":
                finish()
            continue
        if line.startswith('"'):
            assert target is not None, f"{path}: a string continues nothing: {raw}"
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in {"msgctxt", "msgid"} and started and target and target[0] == "msgstr":
            finish()
        started = True
        if keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword == "msgstr":
            current.msgstr[0] = _unquote(rest)
            target = ("msgstr", 0)
        elif keyword in {"msgctxt", "msgid", "msgid_plural"}:
            setattr(current, keyword, _unquote(rest))
            target = (keyword, 0)
        else:
            raise ValueError(f"{path}: cannot read {raw!r}")
    finish()
    return [entry for entry in entries if not entry.obsolete]


def messages(path: Path) -> list[Entry]:
    """The catalogue's messages, without its header."""
    return [entry for entry in read(path) if entry.msgid]

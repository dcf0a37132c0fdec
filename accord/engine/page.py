"""Plain text for `accord policy explain`, built line by line and wrapped to a width."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

WIDTH = 90  # characters a line of `Page` holds


@dataclass(frozen=True, slots=True)
class Block:
    """One part of a page as written, before wrapping, for a web page to lay out its own way."""

    kind: str  # title | heading | say | label | item
    text: str
    indent: int = 0
    label: str = ""


class Page:
    """Plain text built line by line: headings, paragraphs, labelled lines and bullet items
    (`lines`); the same parts unwrapped, in order, in `blocks`."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.blocks: list[Block] = []

    def title(self, text: str) -> None:
        self.blocks.append(Block("title", text))
        wrapped = self._wrap(text, "", "")
        self.lines += [*wrapped, "=" * max(len(line) for line in wrapped)]

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", text))
        self.lines += ["", text, "-" * len(text)]

    def say(self, text: str, indent: int = 0) -> None:
        self.blocks.append(Block("say", text, indent))
        self.lines += self._wrap(text, " " * indent, " " * indent)

    def label(self, label: str, text: str) -> None:
        self.blocks.append(Block("label", text, label=label))
        self.lines += self._wrap(f"{label}: {text}", "", "  ")

    def item(self, text: str, indent: int = 0) -> None:
        self.blocks.append(Block("item", text, indent))
        self.lines += self._wrap(text, " " * indent + "- ", " " * (indent + 2))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    @staticmethod
    def _wrap(text: str, first: str, rest: str) -> list[str]:
        return textwrap.wrap(
            text,
            WIDTH,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [first.rstrip()]

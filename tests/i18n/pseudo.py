"""Pseudo-Welsh: every translated text marked, so what a page says unmarked shows.

`pseudo_catalogue` writes a catalogue for `cy` in which every message Welsh pages can find
(Accord's, Django's, allauth's: the whole merged Welsh catalogue) is its Welsh wrapped in
`⟦` and `⟧`, each literal run of it separately, so the values put into a message's
placeholders (`%(stage)s`, `{name}`) stay outside the marks and are read like any other text.
Put first in `LOCALE_PATHS`, it is what a Welsh page is rendered with.

`visible_texts` reads a page as a person does: its text nodes (not `<script>`, `<style>`,
`<code>` or comments) and the attributes a screen reader speaks or a pointer shows.
`unmarked` is what is left of a text once the marked runs, the world's own data (names,
references, free texts, the policy's words), numbers and punctuation are taken out.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from django.utils.translation import trans_real

from .template_text import NAMES

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Placeholders, left outside the marks: printf style (with %% for a percent sign), and
# str.format's named fields.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{\w*\}")
WELSH_PLURALS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
)
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"\w+")
SPOKEN = {"aria-label", "title", "alt", "placeholder"}
HIDDEN = {"script", "style", "code", "template"}
# Symbols every language writes the same: a quarter's code (`2026-Q2`, the reports' own
# notation, beside the quarter's name in words) and statistics' suppressed count (`[c]`, the
# Government Statistical Service's symbol, explained on the page).
SYMBOLS = re.compile(r"\b\d{4}-Q[1-4]\b|\[c\]")


def _pseudo(text: str) -> str:
    """`text` with each literal run between placeholders wrapped in the marks."""
    pieces: list[str] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            pieces.append(OPEN + text[last : match.start()] + CLOSE)
        pieces.append(match.group())
        last = match.end()
    if last < len(text):
        pieces.append(OPEN + text[last:] + CLOSE)
    return "".join(pieces)


def _mo(entries: dict[str, str]) -> bytes:
    """A GNU .mo file of `entries` (key as gettext stores it: `context\\x04msgid`, plurals'
    `msgid\\x00msgid_plural` and their forms joined by `\\x00`)."""
    keys = sorted(entries)
    ids = [key.encode() for key in keys]
    strs = [entries[key].encode() for key in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets: list[int] = []
    data = b""
    for value in ids + strs:
        offsets += [len(value), start + len(data)]
        data += value + b"\x00"
    n = len(keys)
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    return header + struct.pack(f"{4 * n}i", *offsets) + data


def pseudo_catalogue(directory: Path) -> Path:
    """Writes the pseudo-Welsh catalogue under `directory` (a locale path) and returns it."""
    welsh = trans_real.DjangoTranslation("cy")
    singular: dict[str, str] = {}
    plural: dict[str, dict[int, str]] = {}
    for key, value in welsh._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            plural.setdefault(key[0], {})[key[1]] = value
        elif key:
            singular[key] = value
    entries = {key: _pseudo(value) for key, value in singular.items()}
    for msgid, forms in plural.items():
        other = forms[max(forms)]
        texts = [_pseudo(forms.get(index, other)) for index in range(6)]
        entries[f"{msgid}\x00{msgid}"] = "\x00".join(texts)
    entries[""] = f"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: {WELSH_PLURALS}\n"
    path = directory / "cy" / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True)
    path.write_bytes(_mo(entries))
    return directory


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Reader(HTMLParser):
    """A page's text in document order; an element that declares a language other than Welsh
    (`lang="en-GB"`: a policy's English read out as it is written) is not read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0
        self.open: list[tuple[str, bool]] = []  # each open element, and whether it hides

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        language = named.get("lang")
        hides = tag in HIDDEN or (language is not None and not language.startswith("cy"))
        if not self.hidden and not hides:
            self.texts += [value for name, value in attrs if name in SPOKEN and value]
            if tag == "input" and named.get("type") in {"submit", "button"}:
                self.texts.append(named.get("value") or "")
        if tag in VOID:
            return
        self.open.append((tag, hides))
        self.hidden += hides

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, hides = self.open.pop()
            self.hidden -= hides
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> str:
    """What a person reads or hears of page `html`, in order, a line for each piece (a message
    with markup in it spans several pieces: its marks enclose them all)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return "\n".join(" ".join(text.split()) for text in reader.texts)


class Data:
    """The world's own words (names, references, free texts, the policy's texts): allowed
    unmarked, as they are data, not Accord's words. A piece of data is taken out of a text only
    as whole words; a chart's label cut short (`…`) counts as its data."""

    def __init__(self, texts: Iterable[str]) -> None:
        # Words, not identifiers: a name or a text has a capital or a space (a policy's
        # `kind = "stage"` is not a text, and would hide the word "stage" anywhere). An
        # identifier a page shows as words (a role's key with no title) has its `_` as spaces.
        pieces = {" ".join(text.replace("_", " ").split()) for text in texts}
        pieces = {p for p in pieces if " " in p or p.lower() != p}
        # As a sentence's start shows it (`capfirst`), or within a sentence.
        pieces |= {p[:1].upper() + p[1:] for p in pieces} | {p[:1].lower() + p[1:] for p in pieces}
        pieces |= {p.lower() for p in pieces if " " in p}  # a role's title within a sentence
        self.whole = {piece for piece in pieces if LETTER.search(piece)}
        # Each piece of data by its first word, so a text is only compared with the data that
        # could be in it.
        self._by_word: dict[str, list[str]] = {}
        for piece in sorted(self.whole, key=len, reverse=True):
            self._by_word.setdefault(WORD.findall(piece)[0], []).append(piece)
        self._seen: dict[str, str] = {}

    def without(self, text: str) -> str:
        """`text` with the world's data taken out of it."""
        text = " ".join(text.split())
        if text in self.whole:
            return ""
        if text not in self._seen:
            candidates = sorted(
                {piece for word in WORD.findall(text) for piece in self._by_word.get(word, [])},
                key=len,
                reverse=True,
            )
            rest = text
            for piece in candidates:
                if piece in rest:
                    rest = re.sub(rf"(?<!\w){re.escape(piece)}(?!\w)", " ", rest)
                if rest.endswith("…"):
                    cut = rest.rstrip("…").strip()
                    if cut and piece.startswith(cut):
                        rest = ""
            self._seen[text] = rest
        return self._seen[text]


def unmarked(page_text: str, data: Data) -> list[str]:
    """The pieces of a page's text that are read and are neither marked nor data."""
    found = []
    for piece in MARKED.sub("\n", page_text).split("\n"):
        piece = SYMBOLS.sub(" ", NAMES.sub(" ", data.without(piece)))
        if LETTER.search(piece):
            found.append(" ".join(piece.split()))
    return found

"""Text people typed, kept from reordering what is shown after it: its bidi controls balanced,
and in HTML (the pages and the PDFs) isolated in a `<bdi>` element.

A right-to-left override (U+202E) or an isolate opened and never closed (U+2067) in a task
title would otherwise turn the rest of its line round: "Call the school – Ann Owner; due 1 June"
shown as "...enuJ 1 eud ;renwO nnA". `balanced` closes, at the end of each line of the text,
every embedding, override and isolate the text opened and left open (the writer's own text
keeps its direction; nothing after it is touched), for plain-text files (CSV, XLSX). `isolated`
is that text in `<bdi>`: browsers isolate it (its direction is its own, `dir=auto`), and
WeasyPrint lays an element's text out apart from what follows. Templates say
`{{ value|isolate }}` (`accord_documents` for the PDFs, `accord_labels` for the pages).
"""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString

EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE, RLE, LRO, RLO
POP_EMBEDDING = "\u202c"  # PDF
ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI
POP_ISOLATE = "\u2069"  # PDI
# The Unicode paragraph separators (bidi class B): every control ends at one of them anyway.
PARAGRAPH_ENDS = {"\n", "\r", "\x1c", "\x1d", "\x1e", "\x85", "\u2029"}


def _closers(open_controls: list[str]) -> str:
    return "".join(POP_ISOLATE if c in ISOLATES else POP_EMBEDDING for c in reversed(open_controls))


def balanced(text: str) -> str:
    """`text` with every bidi embedding, override and isolate it leaves open closed at the end
    of its line (a closer with nothing to close is left alone: it does nothing)."""
    if not any(c in EMBEDDINGS or c in ISOLATES for c in text):
        return text
    out: list[str] = []
    open_controls: list[str] = []
    for char in text:
        if char in PARAGRAPH_ENDS:
            out.append(_closers(open_controls))
            open_controls = []
        elif char in EMBEDDINGS or char in ISOLATES:
            open_controls.append(char)
        elif char == POP_EMBEDDING and open_controls and open_controls[-1] in EMBEDDINGS:
            open_controls.pop()
        elif char == POP_ISOLATE and any(c in ISOLATES for c in open_controls):
            while open_controls.pop() not in ISOLATES:
                pass  # a PDI closes the embeddings opened inside its isolate too
        out.append(char)
    out.append(_closers(open_controls))
    return "".join(out)


def isolated(value: Any) -> Any:
    """Text `value` (escaped, its controls balanced) in a `<bdi>` element; "" for nothing.
    Markup (text marked safe) is returned as it is: whatever made it isolates the text in it,
    and a `<bdi>` may not hold a paragraph. Anything else (a number, a date) is returned for
    the template to show as it would have."""
    if value is None or value == "":
        return SafeString("")
    if isinstance(value, SafeData):
        return value
    if not isinstance(value, str):
        return value
    return format_html("<bdi>{}</bdi>", balanced(value))


def each_isolated(values: Any) -> list[Any]:
    """Each of `values` isolated: `{{ names|isolate_each|join:", " }}` (one name's controls
    never reach the next)."""
    return [isolated(value) for value in values or ()]

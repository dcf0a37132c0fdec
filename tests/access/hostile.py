"""Hostile values for the fuzzing test (`test_hostile_input.py`), and the pages' forms as their
HTML gives them (the names, hidden values and choices a browser would send).

The kinds of payload are what an attacker or a careless paste sends. `KINDS` reach the forms'
and views' own checks: lone surrogates (invalid UTF-8 once encoded), the right-to-left override,
strings of 250 to 10,000 characters, e-mail addresses just over the 254-character limit,
integers up to 64 bits (negative and zero too), digits that are not ASCII, impossible and far
dates, and SQL, HTML, template and path-traversal payloads. `REFUSED_KINDS` (NUL and other
control characters, integers beyond 64 bits) are refused at the door by `accord.web.input_guard`
and are one draw in eight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from hypothesis import strategies as st

REFUSED_AT_THE_DOOR = [  # by accord.web.input_guard, with its 400 page
    "\x00",
    "ACC-2026-00001\x00",
    "a\x00b",
    "\x1b[31m",
    "\x07\x08\x0b\x0c",
    "-9223372036854775809",
    "9223372036854775808",
    "99999999999999999999999999999999999999",
]
FIXED = [
    "\u202eevil\u202c",
    "\ufeff",
    "' OR 1=1 --",
    "1; DROP TABLE accounts_person;--",
    '"><script>alert(1)</script>',
    "{{ 7*7 }}{% debug %}",
    "../../../../etc/passwd",
    "%00",
    "%%%",
    "\\",
    "",
    " ",
    "0",
    "-1",
    "9223372036854775807",
    "1e309",
    "NaN",
    "²",
    "١٢٣",
    "2026-02-30",
    "31/13/99999",
    "31/12/9999",
    "0001-01-01",
    "9999",
]

# The kinds that reach the forms' and views' own checks, and those refused at the door.
KINDS: dict[str, st.SearchStrategy[str]] = {
    "fixed payloads (SQL, HTML, templates, traversal, odd numbers and dates)": st.sampled_from(
        FIXED
    ),
    "lone surrogates": st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
    "any text": st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=40),
    "long text": st.builds(
        lambda char, size: char * size,
        st.sampled_from(["a", "é", "\u202e", "1", "😀", " "]),
        st.integers(250, 10_000),
    ),
    "over-long e-mail addresses": st.builds(
        lambda size: "a" * size + "@example.org", st.integers(243, 320)
    ),
    "integers, up to 64 bits": st.integers(-(2**63), 2**63 - 1).map(str),
}
REFUSED_KINDS: dict[str, st.SearchStrategy[str]] = {
    "NUL, escapes, 64-bit limits": st.sampled_from(REFUSED_AT_THE_DOOR),
    "control characters": st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=5),
    "long text with NUL": st.integers(250, 10_000).map(lambda size: "a\x00" * (size // 2)),
    "integers beyond 64 bits": st.integers(2**63, 10**40).map(str),
}
# About one draw in eight is refused at the door; the others go deeper.
_DEEP, _REFUSED = st.one_of(*KINDS.values()), st.one_of(*REFUSED_KINDS.values())
HOSTILE = st.sampled_from([_DEEP] * 7 + [_REFUSED]).flatmap(lambda kind: kind)


def encoded(text: str) -> str:
    """`text` percent-encoded as UTF-8, lone surrogates included (as the invalid bytes a
    careless client would send)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def form_body(pairs: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{encoded(k)}={encoded(v)}" for k, v in pairs).encode("ascii")


@dataclass
class Field:
    name: str
    value: str = ""
    choices: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)
    files: bool = False


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self.forms.append(Form(method, a.get("action", ""), files="multipart" in str(a)))
            return
        if not self.forms or tag not in {"input", "select", "textarea", "option", "button"}:
            return
        form = self.forms[-1]
        if tag == "option" and self._select is not None:
            self._select.choices.append(a.get("value", ""))
        name = a.get("name")
        if not name or tag == "option":
            return
        kind = a.get("type", "text")
        if tag == "select":
            self._select = Field(name)
            form.fields.append(self._select)
        elif tag == "input" and kind in {"radio", "checkbox"}:
            known = next((f for f in form.fields if f.name == name), None)
            if known is None:
                form.fields.append(Field(name, a.get("value", "on"), [a.get("value", "on")]))
            else:
                known.choices.append(a.get("value", "on"))
        elif kind != "file":
            form.fields.append(Field(name, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            if self._select is not None and self._select.choices:
                self._select.value = self._select.choices[-1]
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms

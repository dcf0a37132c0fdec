"""Where each key of a TOML text is: key paths mapped to line numbers, for messages.

`tomllib` gives values but no positions. `scan` walks the same text once and records, for every
table header, key, inline-table key and array element, the 1-based line where it begins, keyed by
the path `tomllib`'s result would use: `("stages", 2, "steps", 0, "due", "unit")`. Arrays of
tables count their entries like lists do. It reads no values (strings are skipped, not decoded,
except a quoted key with escapes, which `tomllib` decodes); it only finds where things are.

The scanner expects text `tomllib` accepted; on anything else it does its best and never raises.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_right
from collections.abc import Mapping

type Key = str | int
type KeyPath = tuple[Key, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\n")


class Positions:
    """The line (1-based) of each key path of one TOML text."""

    def __init__(self, lines: Mapping[KeyPath, int], repeated: Mapping[KeyPath, int]) -> None:
        self._lines = dict(lines)
        self._repeated = dict(repeated)

    def line(self, path: KeyPath) -> int:
        """The line of `path`, else of its nearest enclosing path that appears; 1 for the root.

        So a missing key is placed at its table's header (or its inline table's key).
        """
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is not None:
                return found
        return 1

    def get(self, path: KeyPath) -> int | None:
        """The line of exactly `path`, or None when the text does not spell it out."""
        return self._lines.get(path)

    @property
    def repeated(self) -> dict[KeyPath, int]:
        """Keys assigned twice in the same table (invalid TOML), mapped to the second line."""
        return dict(self._repeated)


def scan(text: str) -> Positions:
    """The positions of every key, table and array element in `text`."""
    scanner = _Scanner(text)
    scanner.run()
    return Positions(scanner.lines, scanner.repeated)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self.repeated: dict[KeyPath, int] = {}
        self._assigned: set[KeyPath] = set()
        self._line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self._array_lengths: dict[KeyPath, int] = {}  # arrays of tables seen so far
        self._table: KeyPath = ()

    def run(self) -> None:
        while True:
            self._skip_blank()
            if self._at_end():
                return
            start = self.pos
            if self.text[self.pos] == "[":
                self._header()
            else:
                self._key_value(self._table)
            if self.pos == start:  # not TOML the scanner understands: move on
                self.pos += 1

    # -- statements ----------------------------------------------------------------------------

    def _header(self) -> None:
        line = self._line()
        is_array = self.text.startswith("[[", self.pos)
        self.pos += 2 if is_array else 1
        keys = self._keys()
        self._skip_spaces()
        self.pos += 2 if is_array else 1  # the closing bracket(s)
        if not keys:
            return
        path: KeyPath = ()
        for key in keys[:-1]:
            path = (*path, key)
            self.lines.setdefault(path, line)
            if path in self._array_lengths:
                path = (*path, self._array_lengths[path] - 1)
        path = (*path, keys[-1])
        if is_array:
            self.lines.setdefault(path, line)
            index = self._array_lengths.get(path, 0)
            self._array_lengths[path] = index + 1
            path = (*path, index)
        self.lines[path] = line
        self._table = path

    def _key_value(self, table: KeyPath) -> None:
        line = self._line()
        keys = self._keys()
        if not keys:
            return
        path = table
        for key in keys[:-1]:
            path = (*path, key)
            self.lines.setdefault(path, line)
        path = (*path, keys[-1])
        if path in self._assigned:
            self.repeated.setdefault(path, line)
        else:
            self._assigned.add(path)
            self.lines[path] = line
        self._skip_spaces()
        if self._peek() == "=":
            self.pos += 1
            self._skip_spaces()
            self._value(path)

    def _keys(self) -> list[str]:
        """A dotted key: bare or quoted parts separated by dots, with spaces around them."""
        keys: list[str] = []
        while True:
            self._skip_spaces()
            char = self._peek()
            if char == '"':
                start = self.pos
                self._basic_string()
                keys.append(_decode_key(self.text[start : self.pos]))
            elif char == "'":
                start = self.pos
                self._literal_string()
                keys.append(self.text[start + 1 : self.pos - 1])
            elif char in _BARE and char:
                start = self.pos
                while self._peek() in _BARE and self._peek():
                    self.pos += 1
                keys.append(self.text[start : self.pos])
            else:
                return keys
            self._skip_spaces()
            if self._peek() != ".":
                return keys
            self.pos += 1

    # -- values --------------------------------------------------------------------------------

    def _value(self, path: KeyPath) -> None:
        char = self._peek()
        if char == '"':
            self._basic_string()
        elif char == "'":
            self._literal_string()
        elif char == "[":
            self._array(path)
        elif char == "{":
            self._inline_table(path)
        else:
            while not self._at_end() and self.text[self.pos] not in _SCALAR_END:
                self.pos += 1

    def _array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self._skip_blank()
            if self._at_end():
                return
            if self.text[self.pos] == "]":
                self.pos += 1
                return
            start = self.pos
            self.lines[(*path, index)] = self._line()
            self._value((*path, index))
            index += 1
            self._skip_blank()
            if self._peek() == "," or self.pos == start:
                self.pos += 1

    def _inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self._skip_blank()
            if self._at_end():
                return
            if self.text[self.pos] == "}":
                self.pos += 1
                return
            start = self.pos
            self._key_value(path)
            self._skip_blank()
            if self._peek() == "," or self.pos == start:
                self.pos += 1

    def _basic_string(self) -> None:
        if self.text.startswith('"""', self.pos):
            self._multiline_string('"', escapes=True)
            return
        self.pos += 1
        while not self._at_end():
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
            elif char == '"':
                self.pos += 1
                return
            elif char == "\n":
                return
            else:
                self.pos += 1

    def _literal_string(self) -> None:
        if self.text.startswith("'''", self.pos):
            self._multiline_string("'", escapes=False)
            return
        self.pos += 1
        while not self._at_end():
            char = self.text[self.pos]
            self.pos += 1
            if char == "'":
                return
            if char == "\n":
                self.pos -= 1
                return

    def _multiline_string(self, quote: str, *, escapes: bool) -> None:
        self.pos += 3
        while not self._at_end():
            if escapes and self.text[self.pos] == "\\":
                self.pos += 2
            elif self.text.startswith(quote * 3, self.pos):
                run = 3  # up to two quotes just before the closing three belong to the string
                while run < 5 and self.text.startswith(quote, self.pos + run):
                    run += 1
                self.pos += run
                return
            else:
                self.pos += 1

    # -- blanks and bookkeeping ----------------------------------------------------------------

    def _skip_spaces(self) -> None:
        while self._peek() in (" ", "\t") and self._peek():
            self.pos += 1

    def _skip_blank(self) -> None:
        """Spaces, newlines and comments."""
        while not self._at_end():
            char = self.text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _at_end(self) -> bool:
        return self.pos >= len(self.text)

    def _line(self) -> int:
        return bisect_right(self._line_starts, self.pos)


def _decode_key(quoted: str) -> str:
    """A basic-string key's text; `tomllib` decodes any escapes (no second parser here)."""
    if "\\" not in quoted:
        return quoted[1:-1]
    try:
        value = tomllib.loads(f"k = {quoted}")["k"]
    except tomllib.TOMLDecodeError:
        return quoted[1:-1]
    return value if isinstance(value, str) else quoted[1:-1]

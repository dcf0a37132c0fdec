"""The limits every value from outside (URL, query string, form, imported file) is held to before
it can reach the database: no control characters, record ids that fit a 64-bit integer, e-mail
addresses of at most 254 characters (decision 22).

PostgreSQL refuses a NUL in any text and a value longer than its column; SQLite an integer beyond
64 bits; both would be a server error. Each rule is here once: the middleware
(`accord.web.input_guard`) applies the first two to every request, the forms and the people
import the third.
"""

from __future__ import annotations

import re

# The C0 control characters but tab, line feed and carriage return (which a text area sends):
# what PostgreSQL (NUL) and the spreadsheets' XML (all of them) cannot hold.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LARGEST_ID = 2**63 - 1  # a 64-bit signed integer: PostgreSQL's bigint, SQLite's INTEGER
_WHOLE_NUMBER = re.compile(r"[-+]?[0-9]+")
EMAIL_LENGTH = 254  # RFC 5321's longest forward path, less its angle brackets


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def out_of_range(text: str) -> bool:
    """Whether `text` is a whole number (ASCII digits, perhaps signed) beyond a 64-bit integer:
    no record has such an id, and no field expects such a number."""
    stripped = text.strip()
    if not _WHOLE_NUMBER.fullmatch(stripped):
        return False
    digits = stripped.lstrip("+-").lstrip("0")
    return len(digits) > 19 or abs(int(stripped)) > LARGEST_ID


def record_id(text: str | None) -> int | None:
    """The record id `text` names (ASCII digits, 1 to the largest 64-bit integer), or None."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None

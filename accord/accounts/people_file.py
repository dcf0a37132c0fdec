"""Reading a CSV file of people: its columns, its rows by number, and what is wrong with the file
as a whole (`accord.accounts.people_import` checks each row)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext

COLUMNS = (
    "email",
    "full_name",
    "job_title",
    "agency",
    "level",
    "safeguarding_lead",
    "line_manager_email",
    "roles",
)
REQUIRED = ("email", "full_name", "agency", "level")
MAX_ROWS = 5000
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong: `row` (None for the file as a whole), the column, and what to do."""

    row: int | None
    column: str
    message: str


def key(text: str) -> str:
    """A name as the file may write it, compared without case, spaces, `_` or `-`."""
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def decode(data: bytes) -> str | None:
    """The file's text (UTF-8, with or without the byte order mark Excel writes), or None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def read_rows(text: str, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """The file's rows by number (the header is row 1), each as its cells by column; what is
    wrong with the file as a whole goes to `problems` (and no rows then)."""
    reader = csv.reader(io.StringIO(text))
    try:
        records = list(reader)
    except csv.Error as error:
        problems.append(
            Problem(None, "", gettext("The file is not valid CSV: %(error)s") % {"error": error})
        )
        return []
    if not records or not any(cell.strip() for cell in records[0]):
        problems.append(Problem(None, "", gettext("The file is empty: it needs a header row")))
        return []
    header = [key(cell).replace(" ", "_") for cell in records[0]]
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in header]
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    for name in unknown:
        problems.append(Problem(None, name, gettext("Unknown column “%(name)s”") % {"name": name}))
    for name in missing:
        problems.append(
            Problem(None, name, gettext("The column “%(name)s” is missing") % {"name": name})
        )
    for name in duplicated:
        problems.append(
            Problem(
                None, name, gettext("The column “%(name)s” appears more than once") % {"name": name}
            )
        )
    if unknown or missing or duplicated:
        return []
    rows = []
    for index, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                Problem(index, "", gettext("The row has more cells than the header has columns"))
            )
        padded = [*cells, *[""] * (len(header) - len(cells))]
        rows.append((index, {name: padded[i].strip() for i, name in enumerate(header) if name}))
    if len(rows) > MAX_ROWS:
        problems.append(
            Problem(
                None,
                "",
                gettext("The file has %(count)s people: import at most %(limit)s at once")
                % {"count": len(rows), "limit": MAX_ROWS},
            )
        )
        return []
    if not rows:
        problems.append(Problem(None, "", gettext("The file has a header but nobody in it")))
    return rows

"""Tables to CSV and XLSX, with spreadsheet-formula injection neutralised.

A spreadsheet runs a cell beginning `=`, `+`, `-` or `@` (and, in some programs, a tab or a
carriage return before one) as a formula. In CSV such a value gets a leading apostrophe (the
OWASP advice: it then reads as text). In XLSX every text cell is stored as text (never a
formula, whatever it begins with) and a risky one also carries Excel's "quote prefix", so editing
the cell does not turn it into a formula either; its words are kept as they were. Text has its
bidi controls balanced (`bidi.balanced`): an override in one cell never turns the rest of a CSV
line round in a text editor.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from accord.documents.bidi import balanced

type Cell = str | int | float | bool | date | datetime | None
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(text: str) -> bool:
    """Would a spreadsheet read `text` as a formula?"""
    return text.startswith(RISKY_STARTS)


def neutralised(value: Cell) -> Cell:
    """`value` for a CSV cell: text that could run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def _csv_text(value: Cell) -> str:
    value = neutralised(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return balanced(str(value))


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A CSV file (UTF-8 with a byte-order mark, so Excel reads the accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet: str) -> bytes:
    """An XLSX workbook of one sheet: a bold header row, then the rows; text always as text."""
    book = Workbook()
    table = book.active
    assert table is not None  # a new workbook has its sheet
    table.title = sheet[:31]
    table.append(list(headers))
    for cell in table[1]:
        cell.font = Font(bold=True)
    for row in rows:
        table.append([_xlsx_value(value) for value in row])
    make_inert(table)
    table.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_inert(sheet: Worksheet) -> None:
    """Every text cell of `sheet` stays text: never a formula, whatever it starts with."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl makes "=..." a formula otherwise
                if is_risky(cell.value):
                    cell.quotePrefix = True


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones: London time, as given
    return balanced(value) if isinstance(value, str) else value

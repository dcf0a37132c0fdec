"""A spreadsheet of past cases (CSV, or the first sheet of an XLSX workbook) read into the
records `accord.cases.loading` loads: one event a row, under a header row naming the columns.

`case` groups the rows of one case (any label the partnership uses, never shown back), `action`
is `raise` on a case's first row and an action of `loading_records.ACTIONS` on each later one,
`at` and `by` say when and who; the other columns are the fields of that row's action (blank:
not given). Rows are read in order; a case's rows need not be next to each other.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .loading_records import Refused

SHEET_SUFFIXES = {".csv", ".xlsx"}
REQUIRED = ("case", "action", "at", "by")
TRUE, FALSE = {"yes", "true", "y", "1"}, {"no", "false", "n", "0", ""}

Source = Iterator[tuple[int, dict[str, Any] | Refused, list[int]]]


def sheet_records(path: Path) -> Source:
    """The cases of a CSV or XLSX file, each with the line of its first row and of each event."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    try:
        header_line, header = next(rows)
    except StopIteration:
        return
    except Refused as refused:
        yield 1, refused, []
        return
    columns = [str(name or "").strip().lower() for name in header]
    if missing := [name for name in REQUIRED if name not in columns]:
        yield header_line, Refused(f"the header row has no column {', '.join(missing)}"), []
        return
    cases: dict[str, tuple[int, dict[str, Any] | Refused, list[int]]] = {}
    try:
        for line, values in rows:
            _add_row(cases, line, {c: _text(v) for c, v in zip(columns, values, strict=False)})
    except Refused as refused:  # the file stops being readable part of the way
        yield 1, refused, []
        return
    yield from cases.values()


def _add_row(
    cases: dict[str, tuple[int, dict[str, Any] | Refused, list[int]]],
    line: int,
    cells: dict[str, str],
) -> None:
    """Add one row to its case: a new case on a `raise` row, else the case's next event."""
    row = {column: value for column, value in cells.items() if column and value}
    if not row:
        return
    key, action = row.pop("case", ""), row.get("action", "")
    if not key:
        cases[f"row {line}"] = (line, Refused("the case column is blank"), [])
        return
    if key not in cases:
        raised = _raised(row) if action == "raise" else None
        refused = Refused("a case's first row must have the action raise")
        cases[key] = (line, raised if raised is not None else refused, [])
        return
    _, record, lines = cases[key]
    if isinstance(record, dict):
        record["events"].append(row)
        lines.append(line)


def _raised(row: dict[str, str]) -> dict[str, Any]:
    """A case's record from its `raise` row."""
    record: dict[str, Any] = {k: v for k, v in row.items() if k not in {"action", "at", "by"}}
    record.update(raised_at=row.get("at", ""), raised_by=row.get("by", ""), events=[])
    if "urgent" in record:
        flag = record["urgent"].lower()
        record["urgent"] = True if flag in TRUE else False if flag in FALSE else record["urgent"]
    if "stage" in record and record["stage"].isdigit():
        record["stage"] = int(record["stage"])
    return record


def _text(value: object) -> str:
    """A cell as text: dates and times in ISO 8601, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            for values in reader:
                yield reader.line_num, values
    except (UnicodeDecodeError, csv.Error):
        raise Refused("not a UTF-8 CSV file") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Iterable[Any]]]:
    from openpyxl import load_workbook  # here: `accord tick` and the pages never need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError):
        raise Refused("not an XLSX workbook") from None
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()

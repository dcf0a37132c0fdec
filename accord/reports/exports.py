"""The quarterly board report as a tagged PDF (WeasyPrint, PDF/UA-1) and as a spreadsheet."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accord.documents.spreadsheets import make_inert

from .quarterly import QuarterlyReport

SHEET_NAME_LIMIT = 31
SHEETS = {  # translated when a workbook is made
    "summary": gettext_lazy("Summary"),
    "months": gettext_lazy("By month"),
    "stages": gettext_lazy("Resolved by stage"),
    "resolution": gettext_lazy("Days to resolution"),
    "at_stage": gettext_lazy("Days at each stage"),
    "deadlines": gettext_lazy("Deadlines"),
    "themes": gettext_lazy("Themes"),
    "raising": gettext_lazy("Raising agencies"),
    "receiving": gettext_lazy("Receiving agencies"),
    "debriefs": gettext_lazy("Debriefs"),
    "learning": gettext_lazy("Learning"),
}


def report_pdf(report: QuarterlyReport) -> bytes:
    """The report as an accessible PDF: tagged, with its language, title and real tables."""
    from weasyprint import HTML  # imported here: 0.9 s that only a PDF needs

    html = render_to_string("reports/board_report_pdf.html", {"report": report})
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return bytes(pdf)


def report_xlsx(report: QuarterlyReport) -> bytes:
    """The report as a workbook: a sheet saying what it is, one per table, and the method.

    Numbers are numbers; suppressed figures are the text `<5` or `[c]`.
    """
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = gettext("About")
    for line in [
        [report.title],
        [gettext("Partnership"), report.partnership],
        [
            gettext("Period"),
            gettext("%(first)s to %(last)s")
            % {"first": report.period.start.isoformat(), "last": report.period.end.isoformat()},
        ],
        [gettext("Made on"), report.made_on.isoformat()],
        [],
        [gettext("Figures below 5 are suppressed: see the Method sheet.")],
    ]:
        about.append(line)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 40
    for table in report.tables:
        sheet = book.create_sheet(str(SHEETS.get(table.key) or _sheet_name(table.title)))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.columns)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([row[0], *[_value(cell) for cell in row[1:]]])
        sheet.column_dimensions["A"].width = 48
    method = book.create_sheet(gettext("Method"))
    method.append([gettext("Topic"), gettext("How it is counted")])
    for cell in method[1]:
        cell.font = Font(bold=True)
    for heading, text in report.method:
        method.append([heading, text])
    method.column_dimensions["A"].width = 32
    method.column_dimensions["B"].width = 120
    for row in method.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in book.worksheets:  # names and themes come from people: never formulas
        make_inert(sheet)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _value(cell: str) -> int | str:
    """Whole numbers as numbers, so the sheet can be summed; anything else as written."""
    return int(cell) if cell.isdigit() else cell


def _sheet_name(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return cleaned[:SHEET_NAME_LIMIT].rstrip(" ,")

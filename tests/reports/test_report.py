"""The quarterly board report: its figures equal the ledger, suppressed; the PDF and spreadsheet
carry exactly those figures and the method, and nothing about a child."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from accord.accounts.models import Agency
from accord.reports.exports import report_pdf, report_xlsx
from accord.reports.models import LearningPoint, Recognition
from accord.reports.periods import Period
from accord.reports.quarterly import quarterly_report
from accord.reports.trends import NO_THEME

from .world import NOW, TODAY, World

pytestmark = pytest.mark.django_db

Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


def shown(n: int) -> str:
    """How a count on its own appears outside the system (written out again for the test)."""
    return "<5" if 0 < n < 5 else str(n)


def _in(day: date | None) -> bool:
    return day is not None and Q2.start <= day <= Q2.end


def test_the_report_figures_equal_the_ledger_with_small_numbers_suppressed(world: World) -> None:
    made = world.of(world.home)
    report = quarterly_report(world.home, Q2, today=TODAY)

    summary = dict(report.table("summary").rows)  # type: ignore[arg-type]
    assert summary["Raised"] == shown(sum(1 for m in made if _in(m.raised_on)))
    assert summary["Resolved"] == shown(sum(1 for m in made if m.resolved and _in(m.resolved[1])))
    assert summary["Withdrawn before an outcome"] == shown(
        sum(1 for m in made if _in(m.withdrawn_on))
    )
    assert summary["Referred to the final process"] == shown(
        sum(1 for m in made if _in(m.referred_on))
    )
    themes = Counter(m.theme or NO_THEME for m in made if _in(m.raised_on))
    rows = {row[0]: row[1] for row in report.table("themes").rows}
    assert rows["Total"] == shown(sum(themes.values()))
    for theme, n in themes.items():
        assert rows[theme] in ({shown(n)} if 0 < n < 5 else {str(n), "[c]"})
    assert sum(1 for value in rows.values() if value == "<5") != 1 or "[c]" in rows.values()


def test_the_report_suppresses_small_numbers_of_a_small_partnership(world: World) -> None:
    report = quarterly_report(world.other, Q2, today=TODAY)
    raised = sum(1 for m in world.of(world.other) if _in(m.raised_on))
    assert raised >= 5
    summary = dict(report.table("summary").rows)  # type: ignore[arg-type]
    assert summary["Raised"] == str(raised)
    counts = ["summary", "months", "stages", "themes", "raising", "receiving", "debriefs"]
    cells = [cell for key in counts for row in report.table(key).rows for cell in row[1:]]
    assert "<5" in cells
    for number in (1, 2, 3, 4):
        assert str(number) not in cells


def test_learning_figures_in_the_report(world: World) -> None:
    resolved = [m for m in world.of(world.home) if m.resolved and _in(m.resolved[1])]
    LearningPoint.objects.create(
        partnership=world.home, group="learning", summary="Share the threshold guidance",
        recorded_by=world.staff["business_manager"], recorded_at=NOW.replace(month=5),
    )  # fmt: skip
    Recognition.objects.create(
        partnership=world.home, summary="Quick, clear response",
        recorded_by=world.staff["business_manager"], recorded_at=NOW.replace(month=6),
    )  # fmt: skip
    report = quarterly_report(world.home, Q2, today=TODAY)
    debriefs = dict(report.table("debriefs").rows)  # type: ignore[arg-type]
    assert debriefs["Offered"] == shown(len(resolved))  # the example policy offers one
    assert len(resolved) >= 5
    learning = dict(report.table("learning").rows)  # type: ignore[arg-type]
    assert learning["Learning points recorded"] == "<5"
    assert learning["Good practice recognised"] == "<5"


def test_the_pdf_is_tagged_and_carries_the_figures_and_the_method(world: World) -> None:
    report = quarterly_report(world.home, Q2, today=TODAY)
    pdf = report_pdf(report)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged: the tables are tables to a screen reader
    assert str(root["/Lang"]).startswith("en")
    assert "quarterly board report" in (reader.metadata.title or "")
    text = " ".join(page.extract_text() for page in reader.pages)
    summary = dict(report.table("summary").rows)  # type: ignore[arg-type]
    assert f"Raised {summary['Raised']}" in " ".join(text.split())
    assert "Small numbers" in text
    assert "nearest rank" in text
    assert "Generated Child" not in text


def test_the_spreadsheet_carries_the_same_figures(world: World) -> None:
    report = quarterly_report(world.home, Q2, today=TODAY)
    book = load_workbook(BytesIO(report_xlsx(report)))
    assert book.sheetnames[0] == "About"
    assert book.sheetnames[-1] == "Method"
    sheet = book["Summary"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    for label, value in report.table("summary").rows:
        assert str(figures[label]) == value
    assert isinstance(figures["Raised"], int)  # numbers are numbers, to be summed
    method = [row[0] for row in book["Method"].iter_rows(min_row=2, values_only=True)]
    assert "Small numbers" in method
    words = " ".join(
        str(cell) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
        for cell in row if cell is not None
    )  # fmt: skip
    assert "Generated Child" not in words


def test_names_that_look_like_formulas_stay_text_in_the_spreadsheet(world: World) -> None:
    agency = Agency.objects.filter(cases_raised__partnership=world.home).first()
    assert agency is not None
    Agency.objects.filter(pk=agency.pk).update(name='=HYPERLINK("http://x","Trust")')
    body = report_xlsx(quarterly_report(world.home, Q2, today=TODAY))
    with zipfile.ZipFile(BytesIO(body)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode() for name in sheets)
    assert not re.search(r"<f[ >]", xml), "no formula in any sheet"
    book = load_workbook(BytesIO(body))
    risky = [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert risky, "the agency's name is in the report"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky)

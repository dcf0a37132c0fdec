"""The quarterly report in Welsh: drawn in a Welsh request with the committed catalogue
(accord/locale/cy), the report page, its PDF and its spreadsheet say their headings, columns,
figures' labels, period and method in Welsh, with the same figures as in English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

import accord
from accord.reports.exports import report_pdf, report_xlsx
from accord.reports.periods import Period
from accord.reports.quarterly import quarterly_report

from .world import TODAY, World

pytestmark = pytest.mark.django_db

LOCALE = Path(accord.__file__).parent / "locale"
COOKIE = "accord_language"  # the language link's cookie (settings.LANGUAGE_COOKIE_NAME)
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))


@pytest.fixture(autouse=True)
def catalogue() -> Iterator[None]:
    with override_settings(LOCALE_PATHS=[LOCALE]):
        yield


def test_the_report_page_in_welsh(world: World) -> None:
    client = Client()
    client.force_login(world.staff["business_manager"])
    client.cookies[COOKIE] = "cy"
    with translation.override("cy"):
        page = client.get(reverse("web:partnership-report"), {"quarter": "2026-Q2"})
    assert page.status_code == 200
    html = page.content.decode()
    for words in [
        "Adroddiad chwarterol i’r bwrdd", "Ebrill 2026 i Mehefin 2026", "Lawrlwytho’r PDF",
        "Crynodeb", "Ffigur", "Achosion", "Yn ôl mis", "Diwrnodau gwaith o’r codi hyd at y datrys",
        "Sut y caiff y ffigurau eu cyfrif", "Niferoedd bach", "cyfrif o 1 i 4, wedi’i guddio",
    ]:  # fmt: skip
        assert words in html, words
    assert "Wedi’u codi" in html  # the summary's figures' labels
    for english in ["Quarterly board report", "How the figures are counted", "By month"]:
        assert english not in html, english


def test_the_report_pdf_and_spreadsheet_in_welsh(world: World) -> None:
    with translation.override("en"):
        english = quarterly_report(world.home, Q2, today=TODAY)
    with translation.override("cy"):
        report = quarterly_report(world.home, Q2, today=TODAY)
        pdf = report_pdf(report)
        book = load_workbook(BytesIO(report_xlsx(report)))
        title = report.title
    assert title == "Uwchgyfeiriadau: adroddiad chwarterol i’r bwrdd, Ebrill 2026 i Mehefin 2026"
    assert [t.key for t in report.tables] == [t.key for t in english.tables]
    assert [row[1:] for t in report.tables for row in t.rows] == [
        row[1:] for t in english.tables for row in t.rows
    ], "the same figures in either language"
    reader = PdfReader(BytesIO(pdf))
    assert str(reader.trailer["/Root"]["/Lang"]) == "cy"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for words in ["Crynodeb", "Dull", "Niferoedd bach", "safle agosaf", "Tudalen 1 o"]:
        assert words in text, words
    assert "Small numbers" not in text
    assert book.sheetnames[-1] == "Dull"
    assert "Crynodeb" in book.sheetnames
    assert "Summary" not in book.sheetnames
    about = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert "Cyfnod" in about
    method = [row[0] for row in book["Dull"].iter_rows(min_row=2, values_only=True)]
    assert "Niferoedd bach" in method


def test_the_board_in_welsh(world: World) -> None:
    client = Client()
    client.force_login(world.staff["business_manager"])
    client.cookies[COOKIE] = "cy"
    with translation.override("cy"):
        page = client.get(reverse("web:partnership-board"))
    assert page.status_code == 200
    html = page.content.decode()
    for words in ["Dangosfwrdd y bartneriaeth", "Yn fras", "Achosion gweithredol", "Cam 1"]:
        assert words in html, words
    for english in ["At a glance", "Open cases by stage", "Active cases"]:
        assert english not in html, english


def test_the_trends_page_in_welsh(world: World) -> None:
    client = Client()
    client.force_login(world.staff["business_manager"])
    client.cookies[COOKIE] = "cy"
    with translation.override("cy"):
        page = client.get(reverse("web:partnership-trends"))
    assert page.status_code == 200
    html = page.content.decode()
    for words in ["Tueddiadau", "Bob mis", "Diwrnodau gwaith a gymerwyd", "Themâu dros amser"]:
        assert words in html, words
    for english in ["Each month", "Working days taken", "Themes over time", "How the figures"]:
        assert english not in html, english


def test_the_learning_and_themes_pages_in_welsh(world: World) -> None:
    client = Client()
    client.force_login(world.staff["business_manager"])
    client.cookies[COOKIE] = "cy"
    with translation.override("cy"):
        learning = client.get(reverse("web:partnership-learning")).content.decode()
        client.force_login(world.staff["administrator"])
        themes = client.get(reverse("web:partnership-themes")).content.decode()
    for words in ["Cofnodi pwynt dysgu", "Cydnabod arfer da", "Pwyntiau dysgu"]:
        assert words in learning, words
    assert "Learning points" not in learning
    assert "Ychwanegu’r thema" in themes

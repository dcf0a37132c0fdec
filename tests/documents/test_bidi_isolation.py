"""People's text cannot turn round what follows it (issue 16, item 9): a right-to-left override
(U+202E) or an isolate never closed (U+2067) in a task title, a name or an outcome is balanced
and isolated in the PDFs and on the pages, and balanced in the CSV and XLSX exports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe
from openpyxl import load_workbook

from accord.cases import actions
from accord.documents.bidi import balanced, isolated
from accord.documents.spreadsheets import csv_bytes, xlsx_bytes
from tests.access.helpers import signed_in
from tests.factories import EscalatedCaseFactory, holder, later

from .helpers import download

RLO, RLI, PDF, PDI, LRE = "\u202e", "\u2067", "\u202c", "\u2069", "\u202a"


def test_controls_left_open_are_closed_at_the_end_of_each_line() -> None:
    assert balanced("Call the school") == "Call the school"
    assert balanced(f"Call {RLO}the school") == f"Call {RLO}the school{PDF}"
    assert balanced(f"{RLI}one{LRE}two") == f"{RLI}one{LRE}two{PDF}{PDI}"
    assert balanced(f"{RLO}one\ntwo") == f"{RLO}one{PDF}\ntwo"
    closed = f"{RLI}a{PDI} {RLO}b{PDF} {PDF}{PDI}"  # closers with nothing open stay: inert
    assert balanced(closed) == closed
    assert balanced(f"{RLI}a{LRE}b{PDI}c") == f"{RLI}a{LRE}b{PDI}c", "a PDI closes inside"
    assert isolated(f"<b>{RLO}x") == f"<bdi>&lt;b&gt;{RLO}x{PDF}</bdi>"
    assert isolated(mark_safe("<p>Made by a template</p>")) == "<p>Made by a template</p>"
    assert isolated("") == ""
    assert isolated(None) == ""


def test_a_spreadsheet_cell_keeps_its_controls_to_itself() -> None:
    rows = [["ACC-2026-00001", f"Call {RLO}the school", "Agency 1"]]
    line = csv_bytes(["Reference", "Task", "Agency"], rows).decode("utf-8-sig").splitlines()[1]
    assert line == f"ACC-2026-00001,Call {RLO}the school{PDF},Agency 1"
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["Task"], [[f"{RLI}x"]], sheet="S"))).active
    assert sheet is not None
    assert sheet["A2"].value == f"{RLI}x{PDI}"


@pytest.mark.django_db
def test_an_override_in_a_title_does_not_turn_the_summary_pdf_round() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    raising = holder(case, "raising")
    raising.full_name = f"Ann {RLI}Owner"  # an isolate opened in a name, never closed
    raising.save(update_fields=["full_name"])
    actions.add_task(
        case=case, actor=raising, title=f"Call {RLO}the school", owner=raising,
        due_on=date(2026, 6, 10), now=later(case, 1),
    )  # fmt: skip
    case.refresh_from_db()
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome=f"A joint {RLO}visit", now=later(case, 2),
        outstanding_issues=f"Housing {RLI}and school", pursuit="The housing officer reviews it",
    )  # fmt: skip
    client = signed_in(case.raised_by)
    summary, _ = download(client, reverse("web:case-summary-pdf", args=[case.reference]))
    text = summary.text
    # The title's own letters keep the direction their writer gave them; what follows reads on.
    assert "– Ann Owner; due 10 June 2026; not done" in text, text
    assert "loohcs eht" in text, "the override still applies to the title itself"
    assert "Task added (Ann Owner)" in text, "a name's open isolate never reaches the bracket"
    outcome, _ = download(client, reverse("web:case-outcome-pdf", args=[case.reference]))
    assert "How they will be pursued The housing officer reviews it" in outcome.text, outcome.text
    assert "Outstanding issues and how they will be pursued" in outcome.text


@pytest.mark.django_db
def test_the_pages_isolate_a_title_and_a_name() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    raising = holder(case, "raising")
    raising.full_name = f"Ann {RLI}Owner"
    raising.save(update_fields=["full_name"])
    actions.add_task(
        case=case, actor=raising, title=f"Call {RLO}the school", owner=raising,
        due_on=date(2026, 6, 10), now=later(case, 1),
    )  # fmt: skip
    case.decision_summary = f"Closed {RLO}the referral"
    case.save(update_fields=["decision_summary"])
    client = signed_in(case.raised_by)
    overview = client.get(reverse("web:case-detail", args=[case.reference])).content.decode()
    assert f"<bdi>Closed {RLO}the referral{PDF}</bdi>" in overview
    for name in ["web:case-work", "web:case-timeline", "web:case-detail"]:
        page = client.get(reverse(name, args=[case.reference])).content.decode()
        page = page.replace(f"<bdi>Closed {RLO}the referral{PDF}</bdi>", "")
        assert RLO not in page.replace(f"<bdi>Call {RLO}the school{PDF}</bdi>", ""), name
        assert RLI not in page.replace(f"<bdi>Ann {RLI}Owner{PDI}</bdi>", ""), name

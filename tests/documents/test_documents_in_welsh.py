"""A case's PDFs in Welsh: drawn in a Welsh request with the committed catalogue (accord/locale/cy),
the case summary and the written confirmation of the outcome say their own words in Welsh
(headings, table headings, the provenance and the hash to check a printed copy, deadline and side
words) and keep the case reference; in English they are as they were. What people wrote and the
policy's names are not the documents' words and stay as written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

import accord
from accord.cases import actions
from tests.access.helpers import signed_in
from tests.factories import EscalatedCaseFactory, holder, later

from .helpers import Pdf, download

pytestmark = pytest.mark.django_db

LOCALE = Path(accord.__file__).parent / "locale"
COOKIE = "accord_language"  # the language link's cookie (settings.LANGUAGE_COOKIE_NAME)


@pytest.fixture(autouse=True)
def catalogue() -> Iterator[None]:
    with override_settings(LOCALE_PATHS=[LOCALE]):
        yield


def _pdf(client: Client, url: str, language: str) -> Pdf:
    client.cookies[COOKIE] = language
    with translation.override(language):
        pdf, _ = download(client, url)
    return pdf


def test_the_case_summary_and_the_outcome_confirmation_in_welsh() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    raising = holder(case, "raising")
    actions.add_task(
        case=case, actor=raising, title="Send the attendance record", owner=raising,
        due_on=date(2026, 6, 10), now=later(case, 1),
    )  # fmt: skip
    actions.resolve_case(
        case=case, actor=holder(case), agreed_outcome="A joint visit this week", now=later(case, 2),
        outstanding_issues="Housing", pursuit="The housing officer will review it",
    )  # fmt: skip
    actions.sign_off(case=case, actor=raising, side="raising", now=later(case, 3))
    client = signed_in(case.raised_by)
    summary_url = reverse("web:case-summary-pdf", args=[case.reference])
    outcome_url = reverse("web:case-outcome-pdf", args=[case.reference])

    welsh = _pdf(client, summary_url, "cy")
    assert welsh.catalog.get("/Lang") == "cy", "the PDF says its language"
    assert welsh.title == f"Crynodeb o’r achos – {case.reference}"
    text = welsh.text
    for words in [
        f"Achos {case.reference}", "Crynodeb o’r achos",
        f"Cynhyrchwyd gan {case.raised_by.full_name}",
        "Yr achos", "Cyfeirnod", "Codwyd ar", "Terfynau amser", "Wedi’i fodloni neu ei fethu",
        "Llinell amser", "Ynghylch y ddogfen hon", "Log digwyddiadau’r achos",
        "I wirio copi papur, cymharwch y stwnsh hwn", "i’w gwblhau erbyn",
        "Send the attendance record", "A joint visit this week",
    ]:  # fmt: skip
        assert words in text, words
    for english in ["Case summary", "Produced by", "About this document", "Deadlines", "Raised on"]:
        assert english not in text, english

    welsh = _pdf(client, outcome_url, "cy")
    assert welsh.title == f"Cadarnhad ysgrifenedig o’r canlyniad y cytunwyd arno – {case.reference}"
    for words in [
        "Cytunwyd arno ar gam 2", "Materion sy’n weddill", "Cadarnhad gan y partïon",
        "Yr ochr sy’n codi’r achos", "Sut y cafodd ei ddatrys",
        "Y penderfyniad yr anghytunir ag ef",
    ]:  # fmt: skip
        assert words in welsh.text, words
    assert "Agreed at stage" not in welsh.text

    english = _pdf(client, summary_url, "en")
    assert english.title == f"Case summary – {case.reference}"
    assert "About this document" in english.text
    assert "Crynodeb" not in english.text


def test_the_forms_and_documents_page_in_welsh() -> None:
    case = EscalatedCaseFactory(to_stage=2)
    client = signed_in(case.raised_by)
    client.cookies[COOKIE] = "cy"
    with translation.override("cy"):
        page = client.get(reverse("web:case-forms", args=[case.reference]))
    html = page.content.decode()
    for words in [
        "Dogfennau", "Lawrlwytho crynodeb yr achos (PDF)</a>: y llinell amser",
        "Mae pob PDF yn dangos pwy a’i cynhyrchodd a phryd",
    ]:  # fmt: skip
        assert words in html, words
    assert "Download the case summary" not in html

"""The engine's own words (a refusal's reason, an outcome's title, what happens next, a case's
state and status) in the reader's language: Django's translations are lent to the engine for the
whole process (`accounts.apps`, `engine.speech.lend_by_default`), so a Welsh page says them in
Welsh and an English one as they were; what is stored as a record of the time (an event's
summary) stays English whatever the language of the request that wrote it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

import accord
from accord.cases import actions
from accord.cases.models import CaseEvent
from accord.engine.events import Referred, Resolved
from accord.engine.lifecycle import describe
from accord.engine.next_steps import next_steps
from accord.engine.outcome_words import outcome_title, status_words
from accord.engine.policy.loader import load_policy_file
from accord.engine.refusals import CaseRecords, why_not
from accord.engine.stage_clocks import clock_label
from tests.access.helpers import signed_in
from tests.engine.builders import at
from tests.engine.test_refusals import to_top, walk
from tests.factories import RAISED_AT, OpenCaseFactory, holder, later

pytestmark = pytest.mark.django_db

LOCALE = Path(accord.__file__).parent / "locale"
COOKIE = "accord_language"


@pytest.fixture(autouse=True)
def catalogue() -> Iterator[None]:
    with override_settings(LOCALE_PATHS=[LOCALE]):
        yield


@pytest.fixture
def tuesday() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(hours=23, minutes=30), tick=False):
        yield


def page_text(client: Client, name: str, reference: str, language: str) -> tuple[int, str]:
    client.cookies[COOKIE] = language
    with translation.override(language):
        response = client.get(reverse(name, args=[reference]))
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"</?bdi>", "", main)
    text = " ".join(re.sub(r"<[^>]+>", " ", main).split()).replace("&#x27;", "'")
    return response.status_code, text


@pytest.mark.usefixtures("tuesday")
def test_what_happens_next_is_in_the_pages_language() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    status, welsh = page_text(client, "web:case-detail", case.reference, "cy")
    assert status == 200
    assert "Mae’r ochr sy’n derbyn yr achos yn ymateb erbyn " in welsh
    assert "Pan fydd y deiliaid yn cytuno, byddant yn cofnodi’r canlyniad" in welsh
    assert "gall y naill ochr neu’r llall ei uwchgyfeirio i gam 2 (" in welsh
    assert "The receiving side responds by" not in welsh
    assert "either side may escalate it" not in welsh
    status, english = page_text(client, "web:case-detail", case.reference, "en-gb")
    assert status == 200
    assert "The receiving side responds by " in english
    assert "When the holders agree, they record the outcome" in english
    assert "either side may escalate it to stage 2 (" in english


@pytest.mark.usefixtures("tuesday")
def test_a_refusal_reason_is_in_the_pages_language() -> None:
    case = OpenCaseFactory()
    receiving = holder(case, "receiving")
    actions.record_response(case=case, actor=receiving, position="agree", now=later(case, 1))
    client = signed_in(receiving)
    status, welsh = page_text(client, "web:case-respond", case.reference, "cy")
    assert status == 409
    assert "Mae’r ochr sy’n derbyn yr achos eisoes wedi ymateb ar gam 1." in welsh
    assert "already responded" not in welsh
    status, english = page_text(client, "web:case-respond", case.reference, "en-gb")
    assert status == 409
    assert "The receiving side has already responded at stage 1." in english


def test_outcome_titles_statuses_and_states_in_welsh_and_english() -> None:
    bath = "bath-north-east-somerset"  # a resolution panel; both sides sign off
    policy, referred = walk(bath, *to_top(bath), Referred(at=at("2026-06-05")))
    resolved = walk(bath, Resolved(at=at("2026-06-02")))[1]
    with translation.override("cy"):
        assert outcome_title(policy, decided=True) == "Penderfyniad y panel datrys"
        assert outcome_title(policy, decided=False) == "Canlyniad y cytunwyd arno"
        assert status_words(policy, "resolved") == "Datryswyd – yn aros am gymeradwyaeth"
        assert describe(policy, resolved) == "mae’r achos wedi’i ddatrys ar gam 1"
        assert next_steps(policy, referred)[0] == (
            "Mae’r achos gyda’r bartneriaeth, ar gyfer panel datrys o aelodau o sawl asiantaeth."
        )
        assert why_not(policy, resolved, "convene_panel", CaseRecords()) == (
            "caiff panel datrys ei gynnull unwaith y bydd yr achos wedi’i atgyfeirio i’r "
            "bartneriaeth"
        )
    with translation.override("en-gb"):
        assert outcome_title(policy, decided=True) == "Decision of the resolution panel"
        assert status_words(policy, "resolved") == "Resolved – awaiting sign-off"
        assert describe(policy, resolved) == "the case is resolved at stage 1"
        assert next_steps(policy, referred)[0] == (
            "The case is with the partnership, for a resolution panel of members from several "
            "agencies."
        )


def test_a_refusal_built_from_the_lifecycle_table_is_in_welsh() -> None:
    """`lifecycle.refusal`: the case's state and the table's reason, each translated."""
    policy, state = walk("generic-lscb", Resolved(at=at("2026-06-02")))
    with translation.override("cy"):
        reason = why_not(policy, state, "escalate", CaseRecords())
    assert reason == (
        "mae’r achos wedi’i ddatrys ar gam 1; caiff achos sydd wedi’i ddatrys ei gymeradwyo a’i "
        "gau, nid ei uwchgyfeirio"
    )
    with translation.override("en-gb"):
        assert why_not(policy, state, "escalate", CaseRecords()) == (
            "the case is resolved at stage 1; a resolved case is signed off and closed, not "
            "escalated"
        )


def test_the_outcomes_event_summary_stays_english_when_written_from_a_welsh_page() -> None:
    """An event's summary is the case's record, written in English like its other events."""
    case = OpenCaseFactory()
    with translation.override("cy"):
        actions.resolve_case(
            case=case, actor=case.raised_by, agreed_outcome="Cytunwyd", now=later(case, 24)
        )
    summary = (
        CaseEvent.objects.filter(case=case).order_by("-sequence").values_list("summary", flat=True)
    )
    assert "Resolved at stage 1" in list(summary)


def test_a_clocks_label_is_said_with_the_policys_own_welsh() -> None:
    wales = load_policy_file(str(Path(accord.__file__).parent / "policies" / "wales.toml"))
    with translation.override("cy"):
        assert clock_label(wales, "stage:1") == "Cam 1: O fewn asiantaeth yr ymarferydd ei hun"
        assert clock_label(wales, "raise") == "Codi’r achos"
    with translation.override("en-gb"):
        assert clock_label(wales, "stage:1") == "Stage 1: Within the practitioner’s own agency"


@pytest.mark.usefixtures("tuesday")
def test_the_deadlines_page_names_each_clock_in_the_pages_language() -> None:
    case = OpenCaseFactory()
    client = signed_in(case.raised_by)
    status, welsh = page_text(client, "web:case-deadlines", case.reference, "cy")
    assert status == 200
    assert "Cam 1: " in welsh
    assert "Stage 1: " not in welsh
    status, english = page_text(client, "web:case-deadlines", case.reference, "en-gb")
    assert status == 200
    assert "Stage 1: " in english

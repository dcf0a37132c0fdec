"""A bilingual policy's texts on the pages: with Welsh the active language (the person's choice,
through `translation.override` here), the case page shows the policy's Welsh; otherwise its
English (decision 34)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

import accord
from accord.cases.models import Case
from accord.documents.standard_forms import definition_json
from accord.engine.policy.loader import load_policy_file, load_policy_text
from accord.partnerships.models import PolicyVersion
from accord.partnerships.policies import load_policy_version
from accord.partnerships.policy_texts import explained, stored_text
from tests.access.helpers import signed_in
from tests.engine.policy.test_policy_languages import WELSH
from tests.factories import RAISED_AT, OpenCaseFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

STAGE_EN = "Within the practitioner’s own agency"
STAGE_CY = "O fewn asiantaeth yr ymarferydd ei hun"
CHECKLIST_CY = "Rhowch wybod i’ch rheolwr llinell eich hun"
GUIDANCE_CY = "Rydych wedi gwneud adroddiad i’r gwasanaethau cymdeithasol"
TITLE_CY = "Gweithdrefnau Diogelu Cymru"


def _wales() -> PolicyVersion:
    partnership = PartnershipFactory(jurisdiction="WLS")
    text = (Path(accord.__file__).parent / "policies" / "wales.toml").read_text(encoding="utf-8")
    return load_policy_version(
        partnership=partnership,
        text=text,
        file_name="wales.toml",
        now=RAISED_AT - timedelta(days=30),
    )


def _page(client: Client, name: str, case: Case, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language link's choice
    with translation.override(language):
        response = client.get(reverse(name, args=[case.reference]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"</?bdi>", "", main)))


def test_the_case_page_shows_the_stage_in_welsh_when_welsh_is_active() -> None:
    version = _wales()
    case = OpenCaseFactory(partnership=version.partnership, policy_version=version)
    client = signed_in(case.raised_by)
    welsh = _page(client, "web:case-detail", case, "cy")
    assert STAGE_CY in welsh
    assert GUIDANCE_CY in welsh
    assert CHECKLIST_CY in welsh
    assert TITLE_CY in welsh
    assert STAGE_EN not in welsh
    stages = _page(client, "web:case-stages", case, "cy")
    assert STAGE_CY in stages
    assert STAGE_EN not in stages


def test_the_same_page_is_english_when_english_is_active() -> None:
    version = _wales()
    case = OpenCaseFactory(partnership=version.partnership, policy_version=version)
    english = _page(signed_in(case.raised_by), "web:case-detail", case, "en-gb")
    assert STAGE_EN in english
    assert STAGE_CY not in english
    assert "Wales Safeguarding Procedures" in english


def test_a_form_record_keeps_its_fields_welsh_and_shows_it_when_welsh_is_active() -> None:
    policy = load_policy_text(WELSH, "cwm.toml")
    agreement = policy.form("agreement")
    assert agreement is not None
    [spec] = definition_json(agreement)
    assert (spec["label"], spec["label_cy"]) == ("Agreed?", "Cytunwyd?")
    assert (spec["choices"], spec["choices_cy"]) == (["Yes", "No"], ["Do", "Naddo"])
    with translation.override("cy"):
        assert (stored_text(spec, "label"), stored_text(spec, "choices")) == (
            "Cytunwyd?",
            ["Do", "Naddo"],
        )
    with translation.override("en-gb"):
        assert stored_text(spec, "label") == "Agreed?"


def test_the_policy_page_reads_a_welsh_policy_in_welsh_when_welsh_is_active() -> None:
    root = Path(accord.__file__).parent / "policies"
    wales = load_policy_file(str(root / "wales.toml"))
    sefton = load_policy_file(str(root / "sefton.toml"))
    with translation.override("cy"):
        welsh = [block.text for block in explained(wales).blocks]
        english_only = [block.text for block in explained(sefton).blocks]
    assert "Cam 1: O fewn asiantaeth yr ymarferydd ei hun" in welsh
    assert "Stage 1: Within the practitioner’s own agency" not in welsh
    assert any(text.startswith("Stage 1: ") for text in english_only)  # no Welsh: English
    with translation.override("en-gb"):
        assert "Stage 1: Within the practitioner’s own agency" in [
            block.text for block in explained(wales).blocks
        ]

"""The case pages and the raise journey in Welsh: drawn with the committed Welsh catalogue
(accord/locale/cy), they say their own words in Welsh, and none of the English sentences they
mark for translation is left on them. The words from the policy file (stage names, guidance)
and what people typed are not these pages' words: they are not checked here."""

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
from django.utils.html import escape

import accord
from accord.accounts.models import AgencyKind, Level
from accord.cases.models import Case
from accord.engine.policy.texts import Text
from accord.partnerships.policies import policy_of
from tests.access.helpers import signed_in
from tests.factories import RAISED_AT, OpenCaseFactory, holder
from tests.web.raising import NOW, Walk, errors_of, person, raiser_of, shipped, usual_answers

pytestmark = pytest.mark.django_db

LOCALE = Path(accord.__file__).parent / "locale"
CATALOGUE = LOCALE / "cy" / "LC_MESSAGES" / "django.po"
COOKIE = "accord_language"  # the language link's cookie (settings.LANGUAGE_COOKIE_NAME)


@pytest.fixture(autouse=True)
def welsh() -> Iterator[None]:
    """Every request of the test in Welsh: the active language (and the language link's cookie,
    which the language middleware reads) with the committed catalogue."""
    with override_settings(LOCALE_PATHS=[LOCALE]), translation.override("cy"):
        yield


@pytest.fixture
def tuesday() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(hours=23, minutes=30), tick=False):
        yield


def in_welsh(client: Client) -> Client:
    client.cookies[COOKIE] = "cy"
    return client


def main_text(html: str) -> str:
    """The page's main content as words (tags and the isolating `<bdi>`s gone), without the
    character count's message: GOV.UK's component says that (govuk/components), not the page."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(
        r'<div id="[^"]*" class="govuk-hint govuk-character-count__message">[^<]*</div>', "", main
    )
    main = re.sub(r"</?bdi>", "", main)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split()).replace("&#x27;", "'")


def english_sentences(catalogue: Path) -> list[str]:
    """The English of every message of `catalogue`, as the runs of four words or more between
    its placeholders and markup (what a page would show of it untranslated)."""
    messages = re.findall(r'^msgid(?:_plural)? "(.+)"$', catalogue.read_text("utf-8"), re.M)
    runs = set()
    for message in messages:
        text = message.replace('\\"', '"')
        for run in re.split(r"%\(\w+\)[sd]|\{\w+\}|<[^>]*>", text):
            run = run.strip(" ,.:;()“”")
            if len(run.split()) >= 4:
                runs.add(run)
    return sorted(runs)


def english_left(text: str) -> list[str]:
    """The English sentences of this catalogue (four words or more) still on the page."""
    return [sentence for sentence in english_sentences(CATALOGUE) if sentence in text]


@pytest.mark.usefixtures("tuesday")
@pytest.mark.parametrize(
    ("name", "welsh_words"),
    [
        ("web:case-detail", ["Trosolwg", "Yr ochr sy’n codi’r achos", "Ynghylch yr achos"]),
        ("web:case-deadlines", ["Terfynau amser", "Terfyn amser", "Statws"]),
        ("web:case-stages", ["Camau", "Yr ochr sy’n derbyn yr achos", "Dechreuwyd"]),
        ("web:case-timeline", ["Llinell amser", "Popeth sydd wedi digwydd ar yr achos"]),
        ("web:case-work", ["Tasgau a chyfarfodydd", "Nid oes unrhyw dasgau ar yr achos hwn."]),
    ],
)
def test_a_case_section_is_in_welsh(name: str, welsh_words: list[str]) -> None:
    case = OpenCaseFactory()
    response = in_welsh(signed_in(case.raised_by)).get(reverse(name, args=[case.reference]))
    assert response.status_code == 200
    text = main_text(response.content.decode())
    for words in welsh_words:
        assert words in text
    assert english_left(text) == []


@pytest.mark.usefixtures("tuesday")
def test_an_action_page_and_its_errors_are_in_welsh() -> None:
    case = OpenCaseFactory()
    client = in_welsh(signed_in(holder(case, "receiving")))
    url = reverse("web:case-respond", args=[case.reference])
    shown = client.get(url).content.decode()
    assert "<title>Ymateb i’r anghytundeb – " in shown
    assert "Beth yw eich ymateb?" in shown
    assert "Cynnig ffordd arall ymlaen" in shown
    seen = re.search(r'name="seen" value="(\d+)"', shown)
    assert seen is not None
    refused = client.post(url, {"seen": seen.group(1), "position": "disagree", "note": ""})
    assert refused.status_code == 200
    text = main_text(refused.content.decode())
    assert "Dywedwch pam rydych yn anghytuno" in text
    assert english_left(text) == []


@time_machine.travel(NOW, tick=False)
def test_the_raise_journey_is_in_welsh_from_start_to_check() -> None:
    demo = shipped("blackburn-with-darwen.toml")
    client = in_welsh(signed_in(raiser_of(demo)))
    start = main_text(client.get(reverse("web:raise-start")).content.decode())
    assert "Codi anghytundeb" in start
    assert "Cyn i chi ddechrau" in start
    assert english_left(start) == []

    walk = Walk(client).begin()
    walk.until("decision", usual_answers(demo))
    empty = walk.post({})
    assert empty.status_code == 200, errors_of(empty)
    text = main_text(empty.content.decode())
    assert "Rhowch y penderfyniad rydych yn anghytuno ag ef" in text
    assert "Pwy wnaeth y penderfyniad?" in text
    assert english_left(text) == []

    # the raiser does not know who (it goes to the agency's safeguarding lead); stage 1 is held by
    # first line managers on both sides
    raising_manager = person(demo, AgencyKind.EDUCATION, Level.FIRST_LINE_MANAGER)
    answers = usual_answers(
        demo,
        counterpart={"counterpart": "unknown"},
        **{"raising-holder": {"raising_holder": str(raising_manager.pk)}},
    )
    walk.until("check", answers)
    check = main_text(client.get(walk.location).content.decode())
    assert "Gwiriwch eich atebion cyn codi’r anghytundeb" in check
    assert "Y penderfyniad rydych yn anghytuno ag ef" in check
    assert "Nid wyf yn gwybod pwy – mae’n mynd at arweinydd diogelu’r asiantaeth" in check
    assert english_left(check) == []
    assert not Case.objects.exists()


@pytest.mark.usefixtures("tuesday")
def test_a_policy_text_without_welsh_is_marked_english_on_a_welsh_page() -> None:
    case = OpenCaseFactory()  # under a policy written in English only
    stage = policy_of(case.policy_version).stage(case.stage)
    assert stage.name
    assert not isinstance(stage.name, Text)  # no Welsh
    url = reverse("web:case-detail", args=[case.reference])
    marked = f'<span lang="en-GB">{escape(stage.name)}</span>'
    welsh_page = in_welsh(signed_in(case.raised_by)).get(url).content.decode()
    assert '<html lang="cy"' in welsh_page
    assert marked in welsh_page
    english_page = signed_in(case.raised_by).get(url).content.decode()
    assert '<html lang="en-GB"' in english_page
    assert escape(stage.name) in english_page
    assert marked not in english_page  # the English page is as it was

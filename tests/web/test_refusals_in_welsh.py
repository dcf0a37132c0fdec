"""A case action's refusal, shown only after a POST (so not walked by
tests/i18n/test_python_words_marked.py), in the reader's language: the actions' refusals
(`CaseActionRejected`, accord/cases/actions) and the form record pages' own (`documents.
Refusal`) are marked, so a Welsh page says them in Welsh, with the committed catalogue, and an
English page says them as they always were."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

import accord
from accord.cases import actions
from accord.cases.actions import CaseActionRejected
from accord.cases.models import FormRecord, LegalHold
from tests.access.helpers import signed_in
from tests.documents.helpers import form_on, form_url
from tests.factories import (
    RAISED_AT,
    EscalatedCaseFactory,
    OpenCaseFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db

LOCALE = Path(accord.__file__).parent / "locale"
COOKIE = "accord_language"  # the language link's cookie (settings.LANGUAGE_COOKIE_NAME)
HOLD = reverse("web:manage-legal-hold-add")


@pytest.fixture(autouse=True)
def catalogue() -> Iterator[None]:
    with override_settings(LOCALE_PATHS=[LOCALE]):
        yield


def post_in(client: Client, language: str, url: str, data: dict[str, str]) -> HttpResponse:
    """`data` sent to `url` by someone reading `language` (the language link's cookie)."""
    client.cookies[COOKIE] = language
    with translation.override(language):
        response = client.post(url, data)
    assert isinstance(response, HttpResponse)
    return response


def main_text(response: HttpResponse) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"</?bdi>", "", main)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split()).replace("&#x27;", "'")


def test_a_legal_hold_placed_twice_is_refused_in_the_readers_language() -> None:
    """accord/cases/actions/retention.py: the form shown again with the action's refusal."""
    partnership = PartnershipFactory()
    admin = PartnershipRoleFactory(partnership=partnership, role="administrator").person
    case = OpenCaseFactory(partnership=partnership)
    client = signed_in(admin)
    placed = post_in(client, "en-gb", HOLD, {"reference": case.reference, "reason": "A claim"})
    assert placed.status_code == 302
    welsh = post_in(client, "cy", HOLD, {"reference": case.reference, "reason": "Eto"})
    assert welsh.status_code == 200
    assert f"Mae {case.reference} eisoes o dan ataliad cyfreithiol" in main_text(welsh)
    assert "already under a legal hold" not in main_text(welsh)
    english = post_in(client, "en-gb", HOLD, {"reference": case.reference, "reason": "Again"})
    assert english.status_code == 200
    assert f"{case.reference} is already under a legal hold" in main_text(english)
    assert LegalHold.objects.filter(case=case).count() == 1  # refused both times


@pytest.fixture
def later_on() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(days=3), tick=False):
        yield


def _record() -> FormRecord:
    """The standard notification record escalating to stage 2 of the example policy makes."""
    return FormRecord.objects.get(case=EscalatedCaseFactory(to_stage=2))


@pytest.mark.usefixtures("later_on")
@pytest.mark.parametrize("language", ["cy", "en-gb"])
def test_a_form_saved_by_someone_else_is_refused_in_the_readers_language(language: str) -> None:
    """accord/cases/actions/forms.py: a page drawn before someone else saved the record is
    shown again with the refusal, naming the form by its title in the reader's language."""
    record = _record()
    raising, receiving = holder(record.case, "raising"), holder(record.case, "receiving")
    client = signed_in(receiving)
    client.cookies[COOKIE] = language
    with translation.override(language):
        drawn = form_on(client.get(form_url(record)).content.decode())
    actions.save_form_draft(
        record=record, actor=raising, values={"notes": "Mine"}, revision=0, now=timezone.now()
    )
    refused = post_in(client, language, form_url(record), drawn | {"action": "save"})
    assert refused.status_code == 200
    text = main_text(refused)
    with translation.override(language):
        title = record.shown_title
    if language == "cy":
        assert title != record.title  # the standard form's own title, in Welsh
        assert (
            f"Cafodd {title} ei chadw gan rywun arall ar ôl i chi ei hagor. Ni chadwyd dim: "
            "agorwch hi eto i weld eu newidiadau"
        ) in text
        assert "saved by someone else" not in text
    else:
        assert (
            f"{record.title} was saved by someone else after you opened it. Nothing was saved: "
            "open it again to see their changes"
        ) in text
    record.refresh_from_db()
    assert record.values["notes"] == "Mine"


@pytest.mark.usefixtures("later_on")
def test_changing_a_submitted_form_is_refused_in_the_readers_language() -> None:
    """accord/web/views/documents.py: `change_refusal`'s 409 page, "You cannot …" and why."""
    record = _record()
    actor = holder(record.case)
    record = actions.submit_form(
        record=record, actor=actor, values={"notes": "As sent"}, now=later(record.case, 1)
    )
    client = signed_in(actor)
    sent = {"revision": "1", "answer_notes": "Changed", "action": "save"}
    welsh = post_in(client, "cy", form_url(record), sent)
    assert welsh.status_code == 409
    text = main_text(welsh)
    assert "Ni allwch newid y ffurflen hon ar yr achos hwn nawr" in text
    assert (
        "Mae wedi’i chyflwyno ac nid yw byth yn newid: cywirwch ei fersiwn ddiweddaraf yn lle "
        "hynny."
    ) in text
    assert "never changes" not in text
    english = post_in(client, "en-gb", form_url(record), sent)
    assert english.status_code == 409
    text = main_text(english)
    assert "You cannot change this form on this case now" in text
    assert "It has been submitted and never changes: correct its latest version instead." in text
    record.refresh_from_db()
    assert record.values["notes"] == "As sent"


@pytest.mark.usefixtures("later_on")
def test_an_actions_refusal_raised_in_welsh_is_welsh_and_in_english_english() -> None:
    """accord/cases/actions/meetings.py (a refusal with a count, `ngettext`) and _who.py: the
    words are those of the language active when the action refuses."""
    case = OpenCaseFactory()
    actor = holder(case, "raising")
    for language, said in (
        ("cy", "Rhaid i’r lle neu’r ddolen fod yn 1000 nod neu lai"),
        ("en-gb", "The place or link must be 1000 characters or fewer"),
    ):
        with translation.override(language), pytest.raises(CaseActionRejected) as refused:
            actions.plan_meeting(
                case=case,
                actor=actor,
                starts_at=later(case, 48),
                place="x" * 1001,
                now=later(case, 1),
            )
        assert refused.value.message == said

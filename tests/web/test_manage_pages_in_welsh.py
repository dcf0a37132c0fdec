"""The administration pages in Welsh: drawn with the committed Welsh catalogue (accord/locale/cy),
they say their own words in Welsh, a form's errors included, and none of the English sentences
the catalogue holds is left on them. What the partnership typed (names) and the set-up gaps'
words (accord.accounts) are not these pages' words: they are not checked here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accord.accounts.models import Person
from accord.engine.policy.loader import load_policy_text
from accord.partnerships.models import Partnership
from accord.partnerships.policy_texts import compared
from tests.access.helpers import signed_in
from tests.factories import (
    EXAMPLE_POLICY,
    AgencyFactory,
    PartnershipFactory,
    PartnershipRoleFactory,
)
from tests.web.test_case_pages_in_welsh import LOCALE, english_left, in_welsh, main_text

pytestmark = pytest.mark.django_db
WALES = LOCALE.parent / "policies" / "wales.toml"


@pytest.fixture(autouse=True)
def welsh() -> Iterator[None]:
    with override_settings(LOCALE_PATHS=[LOCALE]), translation.override("cy"):
        yield


@pytest.fixture
def partnership() -> Partnership:
    return PartnershipFactory(live=False, name="Partneriaeth Glan yr Afon")


@pytest.fixture
def admin(partnership: Partnership) -> Person:
    AgencyFactory(home_partnership=partnership, name="Ysgol y Dref")
    return PartnershipRoleFactory(partnership=partnership, role="administrator").person


@pytest.mark.parametrize(
    ("name", "welsh_words"),
    [
        (
            "web:manage",
            ["Gweinyddu", "Rydych yn gweinyddu Partneriaeth Glan yr Afon: 1 asiantaeth a"],
        ),
        ("web:manage-agencies", ["Asiantaethau", "Ychwanegu asiantaeth", "Yn gweithio yn"]),
        ("web:manage-people", ["Enw neu gyfeiriad e-bost", "Pob asiantaeth", "Chwilio"]),
        ("web:manage-retention", ["Ataliadau cyfreithiol", "Cofnod dileu", "I’w dileu cyn bo"]),
        ("web:manage-webhooks", ["Bachau gwe", "Ychwanegu pwynt terfyn", "Dim pwyntiau terfyn"]),
    ],
)
def test_an_administration_page_is_in_welsh(
    name: str, welsh_words: list[str], admin: Person
) -> None:
    response = in_welsh(signed_in(admin)).get(reverse(name))
    assert response.status_code == 200
    text = main_text(response.content.decode())
    for words in welsh_words:
        assert words in text
    assert "Staff y bartneriaeth" in text  # the sub-navigation
    assert english_left(text) == []


def test_the_set_up_checklist_is_in_welsh(partnership: Partnership, admin: Person) -> None:
    response = in_welsh(signed_in(admin)).get(reverse("web:manage-setup", args=[partnership.pk]))
    text = main_text(response.content.decode())
    assert "Rhestr wirio sefydlu" in text
    assert "Wrthi’n cael ei sefydlu" in text
    assert "Ni all neb godi anghytundeb yn Partneriaeth Glan yr Afon nes ei bod yn fyw." in text
    assert "Ychwanegu asiantaeth" not in text or "Ar goll o hyd" in text
    assert "Gwneud y bartneriaeth yn fyw" in text
    assert english_left(text) == []


def test_a_form_and_its_errors_are_in_welsh(admin: Person) -> None:
    client = in_welsh(signed_in(admin))
    url = reverse("web:manage-person-add")
    shown = client.get(url).content.decode()
    assert "<title>Ychwanegu person – " in shown
    assert "Cyfeiriad e-bost y rheolwr llinell" in shown
    refused = client.post(url, {"email": "not an address"})
    assert refused.status_code == 200
    text = main_text(refused.content.decode())
    assert "Rhowch enw llawn y person" in text
    assert "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com" in text
    assert "Dewiswch asiantaeth y person" in text
    assert english_left(text) == []


def test_a_policy_files_problems_are_in_welsh(admin: Person) -> None:
    broken = EXAMPLE_POLICY.read_text(encoding="utf-8").replace(
        'name = "First line managers"', "name = 5", 1
    )
    file = SimpleUploadedFile("borough.toml", broken.encode("utf-8"))
    response = in_welsh(signed_in(admin)).post(reverse("web:manage-policy-upload"), {"file": file})
    assert response.status_code == 200
    text = main_text(response.content.decode())
    assert "rhaid i name fod yn llinyn, ond cafwyd rhif cyfan (5)" in text
    assert "must be a string" not in text


def test_two_versions_of_a_welsh_policy_are_compared_in_welsh() -> None:
    text = WALES.read_text(encoding="utf-8")
    english = next(line for line in text.splitlines() if line.startswith('name = "'))
    renamed = english.replace('name = "', 'name = "Renamed: ', 1)
    old = load_policy_text(text, "wales.toml")
    welsh_only = load_policy_text(
        text.replace("O fewn asiantaeth yr ymarferydd ei hun", "Yn yr asiantaeth", 1), "wales.toml"
    )
    english_only = load_policy_text(text.replace(english, renamed, 1), "wales.toml")
    [(topic, changes)] = compared(old, welsh_only)
    assert topic == "Camau"
    assert [(c.what, c.before, c.after) for c in changes] == [
        ("Cam 1", "O fewn asiantaeth yr ymarferydd ei hun", "Yn yr asiantaeth")
    ]
    [(topic, changes)] = compared(old, english_only)
    assert [(c.what, c.after) for c in changes] == [("Cam 1, yn Saesneg", renamed[8:-1])]
    with translation.override("en-gb"):
        [(topic, changes)] = compared(old, welsh_only)
    assert topic == "Stages"
    assert [c.what for c in changes] == ["Stage 1, in Welsh"]

"""The words many pages share are in the reader's language: status and flag tags, the refusals'
"You cannot ..." words, the choices people see, the told sentence, the concern date's problem, a
partnership not yet live and the calendar invitation (Welsh under `translation.override("cy")`,
English otherwise, byte for byte as before)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

import accord
from accord.accounts.models import AgencyKind
from accord.cases.models import CaseStatus, Side, SubjectKind
from accord.cases.offers import PERMISSIONS
from accord.cases.plausible import concern_problem
from accord.notifications.queries import Told, told_sentence
from accord.partnerships.readiness import not_live
from accord.web import labels
from accord.web.ics import meeting_invitation

LOCALE = Path(accord.__file__).parent / "locale"


@pytest.fixture(autouse=True)
def catalogue() -> Iterator[None]:
    """The committed Welsh catalogue."""
    with override_settings(LOCALE_PATHS=[LOCALE]):
        yield


def _both(read: Any) -> tuple[str, str]:
    """What `read()` says in English and in Welsh."""
    with translation.override("en"):
        english = str(read())
    with translation.override("cy"):
        welsh = str(read())
    return english, welsh


def test_tags_are_welsh_under_cy_and_english_otherwise() -> None:
    assert _both(lambda: labels.deadline_status("due_soon").text) == (
        "Due soon",
        "I’w gwblhau cyn bo hir",
    )
    assert _both(lambda: labels.flag("urgent").text) == ("Urgent", "Brys")
    assert _both(lambda: labels.deadline_status("overdue").text) == ("Overdue", "Yn hwyr")
    assert _both(lambda: labels.no_due_text()) == ("No date set", "Dim dyddiad wedi’i bennu")
    assert _both(lambda: labels.no_due_text("none")) == ("Without delay", "Heb oedi")
    assert _both(lambda: labels.case_status("closed").text) == ("Closed", "Ar gau")
    english, welsh = _both(lambda: labels.case_status("referred").text)
    assert english == "Referred to the partnership"
    assert welsh == "Wedi’i atgyfeirio i’r bartneriaeth"


def _not_welsh(words: list[Any]) -> list[str]:
    """The words that read the same in Welsh as in English (not translated)."""
    return [english for english, welsh in (_both(lambda w=w: w) for w in words) if english == welsh]


def test_every_tag_and_choice_people_see_has_its_welsh() -> None:
    words: list[Any] = [tag.text for tag in labels.DEADLINE_STATUSES.values()]
    words += [tag.text for tag in labels.FLAGS.values()]
    for choices in (Side, CaseStatus, SubjectKind, AgencyKind):
        words += [label for _, label in choices.choices]
    assert len(words) > 25
    assert _not_welsh(words) == []


def test_refusals_are_whole_sentences_in_welsh() -> None:
    close = PERMISSIONS["close"]
    with translation.override("en"):
        assert str(close.doing) == "close this case"
        assert close.refusal.startswith("Only the case's holders, its raiser, or the partnership")
    with translation.override("cy"):
        assert str(close.doing) == "gau’r achos hwn"
        assert close.refusal.startswith("Dim ond deiliaid yr achos")
    words = [p.doing for p in PERMISSIONS.values()] + [p.only for p in PERMISSIONS.values()]
    assert _not_welsh(words) == []


def test_the_told_sentence_in_welsh() -> None:
    told = [Told(name="Sam Jones", agency="Police", by_email=True, digest=False)]
    assert _both(lambda: told_sentence(told)) == (
        " Told: Sam Jones (Police).",
        " Rhoddwyd gwybod i: Sam Jones (Police).",
    )
    assert _both(lambda: told_sentence([])) == (
        " Nobody was told by Accord.",
        " Ni roddodd Accord wybod i neb.",
    )


def test_the_concern_dates_problem_has_welsh_months_and_plurals() -> None:
    def problem(years: int) -> str | None:
        return concern_problem(date(2020, 1, 1), raised_on=date(2026, 3, 4), born=None, years=years)

    english, welsh = _both(lambda: problem(1))
    assert english == (
        "The date the concern was identified must be within the last year, on or after"
        " 4 March 2025: for an older concern, speak to your safeguarding lead"
    )
    assert "o fewn y flwyddyn ddiwethaf, ar neu ar ôl 4 Mawrth 2025" in welsh
    english, welsh = _both(lambda: problem(2))
    assert "within the last 2 years, on or after 4 March 2024" in english
    assert "o fewn y 2 o flynyddoedd diwethaf, ar neu ar ôl 4 Mawrth 2024" in welsh
    english, welsh = _both(
        lambda: concern_problem(
            date(2020, 1, 1), raised_on=date(2026, 3, 4), born=date(2021, 6, 1), years=1
        )
    )
    assert english.endswith("on or after the date of birth (1 June 2021)")
    assert welsh.endswith("ar neu ar ôl y dyddiad geni (1 Mehefin 2021)")


def test_a_partnership_not_live_in_welsh() -> None:
    partnership: Any = SimpleNamespace(name="Gwent")
    english, welsh = _both(lambda: not_live(partnership))
    assert english.startswith("Gwent is not live yet: its administrators")
    assert welsh.startswith("Nid yw Gwent yn fyw eto:")


def test_the_calendar_invitation_in_welsh() -> None:
    def invitation(cancelled: bool) -> str:
        return meeting_invitation(
            uid="ACC-2026-00001-meeting-1@example",
            reference="ACC-2026-00001",
            starts=datetime(2026, 6, 1, 9, tzinfo=UTC),
            link="https://accord.example/cases/ACC-2026-00001/",
            stamp=datetime(2026, 5, 1, 9, tzinfo=UTC),
            cancelled=cancelled,
        )

    english, welsh = (text.replace("\r\n ", "") for text in _both(lambda: invitation(False)))
    assert "SUMMARY:Meeting about case ACC-2026-00001\r\n" in english
    assert (
        "DESCRIPTION:Case ACC-2026-00001: https://accord.example/cases/ACC-2026-00001/" in english
    )
    assert "SUMMARY:Cyfarfod am achos ACC-2026-00001\r\n" in welsh
    assert "DESCRIPTION:Achos ACC-2026-00001: https://accord.example/cases/ACC-2026-00001/" in welsh
    english, welsh = _both(lambda: invitation(True))
    assert "SUMMARY:Cancelled: meeting about case ACC-2026-00001\r\n" in english
    assert "SUMMARY:Wedi’i ganslo: cyfarfod am achos ACC-2026-00001\r\n" in welsh

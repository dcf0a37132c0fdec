"""`accord.engine.speech`: whose words the engine says. A translator lent for a block
(`speaking`) is used over the process's default (`lend_by_default`), and `in_english` over both;
with none, the words are the English they are written in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accord.engine import speech


class Shouting:
    """A translator that says every message in capitals, in language `xx`."""

    def gettext(self, message: str) -> str:
        return message.upper()

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return (singular if number == 1 else plural).upper()

    def get_language(self) -> str | None:
        return "xx"


class Whispering(Shouting):
    def gettext(self, message: str) -> str:
        return message.lower()

    def get_language(self) -> str | None:
        return "yy"


@pytest.fixture
def nobody_lends() -> Iterator[None]:
    """No process-wide translator for the test (the application lends Django's when it is set
    up, as under pytest-django), then the one there was."""
    before = speech.lend_by_default(None)
    try:
        yield
    finally:
        speech.lend_by_default(before)


@pytest.mark.usefixtures("nobody_lends")
def test_without_a_translator_the_words_are_english() -> None:
    assert speech.gettext("The case is closed.") == "The case is closed."
    assert speech.ngettext("%(n)s day", "%(n)s days", 2) == "%(n)s days"
    assert speech.language() is None


@pytest.mark.usefixtures("nobody_lends")
def test_the_default_is_used_where_no_block_lends_another() -> None:
    speech.lend_by_default(Shouting())
    assert speech.gettext("The case is closed.") == "THE CASE IS CLOSED."
    assert speech.ngettext("%(n)s day", "%(n)s days", 1) == "%(N)S DAY"
    assert speech.language() == "xx"
    with speech.speaking(Whispering()):
        assert speech.gettext("The Case") == "the case"
        assert speech.language() == "yy"
    assert speech.gettext("The Case") == "THE CASE"


@pytest.mark.usefixtures("nobody_lends")
def test_in_english_overrides_the_default_and_a_lent_translator() -> None:
    speech.lend_by_default(Shouting())
    with speech.in_english():
        assert speech.gettext("Resolved at stage 1") == "Resolved at stage 1"
        assert speech.language() is None
        with speech.speaking(Whispering()):
            assert speech.gettext("The Case") == "the case"
    with speech.speaking(Whispering()), speech.in_english():
        assert speech.gettext("The Case") == "The Case"
    assert speech.gettext("The Case") == "THE CASE"


def test_lending_gives_back_the_translator_lent_before() -> None:
    shouting = Shouting()
    before = speech.lend_by_default(shouting)
    try:
        assert speech.lend_by_default(before) is shouting
    finally:
        speech.lend_by_default(before)


def test_gettext_noop_only_marks() -> None:
    assert speech.gettext_noop("Open") == "Open"

"""The engine's own words in the reader's language, without Django.

What the engine writes for people (a refusal's reason, an outcome's title, what happens next on a
case, `accord policy explain` and the words it is built from) is marked as gettext marks it
(`gettext`, `ngettext`, and `gettext_noop` for a table of words read later), so `makemessages`
finds it and its Welsh lives in a catalogue with the rest (`accord/locale/cy/`). The engine
translates nothing itself; a translator is lent to it, in practice Django's
`django.utils.translation`, whose words follow the active language (a page's, or the one an
e-mail or a document is written in under `translation.override`):

- `lend_by_default(translator)`: for the whole process (the application does so once it is set up,
  `accord.accounts.apps`), so every page, e-mail, document and API answer says the engine's words
  in its reader's language without asking each call;
- `speaking(translator)`: for the length of a block, over the default;
- `in_english()`: the words as written, over both, for what is stored as a record of the time
  (an event's summary) or what the reader must read in English (a policy with no Welsh).

With no translator at all (the engine on its own, its tests, the CLI's `simulate`), the words are
the English they are written in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class Translator(Protocol):
    """What `speaking` needs: Django's `django.utils.translation` module is one."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, number: int) -> str: ...

    def get_language(self) -> str | None: ...


class _English:
    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return singular if number == 1 else plural

    def get_language(self) -> str | None:
        return None


_ENGLISH = _English()
_translator: ContextVar[Translator | None] = ContextVar("translator", default=None)
_default: list[Translator] = []  # the process's translator, once lent (`lend_by_default`)


def lend_by_default(translator: Translator | None) -> Translator | None:
    """`translator` says the engine's words wherever no `speaking` block lends another (None:
    nobody does, the words are English); the one lent before, to lend back."""
    before = _default[0] if _default else None
    _default[:] = [translator] if translator is not None else []
    return before


@contextmanager
def speaking(translator: Translator) -> Iterator[None]:
    """The engine's words are `translator`'s until the block ends."""
    token = _translator.set(translator)
    try:
        yield
    finally:
        _translator.reset(token)


@contextmanager
def in_english() -> Iterator[None]:
    """The engine's words are the English they are written in until the block ends."""
    with speaking(_ENGLISH):
        yield


def _speaker() -> Translator:
    return _translator.get() or (_default[0] if _default else _ENGLISH)


def gettext(message: str) -> str:
    return _speaker().gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    return _speaker().ngettext(singular, plural, number)


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogue where it is written; `gettext` translates it when read."""
    return message


def language() -> str | None:
    """The language the engine's words are said in now (`cy`), for a policy's own texts in the
    same sentence (`policy.texts.policy_text`); None: English."""
    return _speaker().get_language()

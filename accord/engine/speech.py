"""The engine's own words in the reader's language, without Django.

What the engine writes for people (`accord policy explain` and the words it is built from) is
marked as gettext marks it (`gettext`, `ngettext`, and `gettext_noop` for a table of words read
later), so `makemessages` finds it and its Welsh lives in a catalogue with the rest
(`accord/locale/cy/`). The engine translates nothing itself: the caller that knows the
reader's language lends it a translator for the length of a call (`speaking`), in practice
Django's `django.utils.translation` under `translation.override(language)`. Without one, the words
are the English they are written in.
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


class _English:
    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return singular if number == 1 else plural


_ENGLISH = _English()
_translator: ContextVar[Translator | None] = ContextVar("translator", default=None)


@contextmanager
def speaking(translator: Translator) -> Iterator[None]:
    """The engine's words are `translator`'s until the block ends."""
    token = _translator.set(translator)
    try:
        yield
    finally:
        _translator.reset(token)


def gettext(message: str) -> str:
    return (_translator.get() or _ENGLISH).gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    return (_translator.get() or _ENGLISH).ngettext(singular, plural, number)


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogue where it is written; `gettext` translates it when read."""
    return message

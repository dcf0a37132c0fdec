"""The languages Accord speaks (English and Cymraeg, decision 35) and the one rule for which a
person reads: their own saved choice, else their partnership's default, else English.

A visitor's choice (the language link's cookie) comes between the two on the pages
(`accord.web.languages`); e-mails and documents, made away from any browser, use this rule
(`language_of`), and `speaking` renders them in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import translation

from accord.partnerships.models import Partnership

from .models import Language, Person

ENGLISH = Language.ENGLISH.value
WELSH = Language.WELSH.value
# Each language in its own name: the language link shows the one not being read.
NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}
# The value of `<html lang>` and of a link's `lang`/`hreflang` for each (BCP 47).
TAGS = {ENGLISH: "en-GB", WELSH: "cy"}


def known(code: str | None) -> str | None:
    """`code` when it is one of Accord's languages, else None."""
    return code if code in NAMES else None


def partnership_defaults(partnership_ids: Iterable[int | None]) -> dict[int, str]:
    """Each partnership's default language, in one query (for a batch of e-mails)."""
    ids = {pk for pk in partnership_ids if pk is not None}
    if not ids:
        return {}
    return dict(Partnership.objects.filter(pk__in=ids).values_list("pk", "default_language"))


def language_in(person: Person, partnership_id: int | None, defaults: dict[int, str]) -> str:
    """`language_of(person)` for an e-mail about partnership `partnership_id`, whose default is
    looked up in `defaults` (`partnership_defaults`, one query for a batch)."""
    about = None if partnership_id is None else defaults.get(partnership_id, "")
    return language_of(person, about)


def without_language(pairs: Iterable[tuple[Person | None, int | None]]) -> set[int | None]:
    """The partnerships whose default a batch of e-mails needs: those of people who have not
    chosen a language."""
    return {pid for person, pid in pairs if person is not None and not known(person.language)}


def home_partnership_default(person: Person) -> str:
    """The default language of the person's partnership: their agency's home partnership, else
    the first partnership they are staff of; "" when neither says."""
    if person.agency_id is not None:
        found = (
            Partnership.objects.filter(home_agencies__pk=person.agency_id)
            .values_list("default_language", flat=True)
            .first()
        )
    else:
        found = (
            Partnership.objects.filter(staff_roles__person=person)
            .order_by("pk")
            .values_list("default_language", flat=True)
            .first()
        )
    return found or ""


def language_of(person: Person, partnership_default: str | None = None) -> str:
    """The language `person` reads: their own choice, else `partnership_default` (the
    partnership an e-mail is about; looked up from their own partnership when None), else
    English."""
    own = known(person.language)
    if own:
        return own
    if partnership_default is None:
        partnership_default = home_partnership_default(person)
    return known(partnership_default) or settings.LANGUAGE_CODE


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Everything rendered inside is in language `code` (an e-mail, a PDF)."""
    with translation.override(known(code) or settings.LANGUAGE_CODE):
        yield


@transaction.atomic
def choose_language(*, person: Person, code: str) -> bool:
    """Save `person`'s choice of language (the pages, their e-mails and their PDFs); False when
    it was already theirs. Like the choice of notification e-mails, a preference of the
    person's own, it is no administrator's change and is not logged."""
    if known(code) is None:
        raise ValueError(f"a language is one of {sorted(NAMES)}")
    if person.language == code:
        return False
    person.language = code
    person.save(update_fields=["language"])
    return True

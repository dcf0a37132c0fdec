"""Every e-mail: the case reference, what is needed and a sign-in link; no more. The words are in
the templates `notifications/email/*.txt`.

Nothing here may name a child, an adult, an address or a decision: messages can be read on any
device and are kept by mail servers Accord does not control.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.template import Context, Engine
from django.utils.translation import gettext

from accord.accounts.languages import ENGLISH, speaking
from accord.site_paths import PATHS, path_to


@dataclass(frozen=True, slots=True)
class ByWhen:
    """When what a notification asks for is due: the date (an instant for hours) and how many
    working days from the day it was told, counted with the case's calendar."""

    due: date | datetime
    working_days: int
    passed: bool = False

    @property
    def hours(self) -> bool:
        return isinstance(self.due, datetime)


@dataclass(frozen=True, slots=True)
class Line:
    """One notification as an e-mail mentions it."""

    reference: str
    what: str
    link: str  # the path of the case page (or of the form record the notice is about)
    form: str = ""
    by: ByWhen | None = None


def by_when_text(by: ByWhen | None, language: str = ENGLISH) -> str:
    """ "by Tuesday 12 January 2027, in 5 working days", in the words of `notifications/by.txt`
    (empty when no date applies), in `language` whoever's request writes it: it is stored with
    an in-app notification, in English and in Welsh (decision 35)."""
    if by is None:
        return ""
    with speaking(language):
        return _render("notifications/by.txt", {"by": by}).strip()


@cache
def _sign_in_page(base: str, login_url: str) -> str:
    # `path_to` where it knows the page: no URL configuration loaded for it (a sweep's e-mails)
    return f"{base}{path_to(login_url) if login_url in PATHS else resolve_url(login_url)}"


def sign_in_url(link: str) -> str:
    """The sign-in page, returning to `link` (a path on this site) once signed in."""
    return (
        f"{_sign_in_page(settings.ACCORD_BASE_URL, settings.LOGIN_URL)}?{urlencode({'next': link})}"
    )


def notification_email(line: Line, *, language: str) -> tuple[str, str]:
    """The subject and body of one notification, in `language` (the recipient's,
    accord.accounts.languages.language_of)."""
    return _rendered("notification", language, line=line, sign_in=sign_in_url(line.link))


def gathered_email(lines: Sequence[Line], *, language: str) -> tuple[str, str]:
    """The subject and body of the one e-mail a sweep sends a person about several cases."""
    cases = len({line.reference for line in lines})
    listing = _listing(lines, language=language)
    return _rendered(
        "gathered", language, lines=lines, listing=listing, cases=cases, sign_in=sign_in_url("/")
    )


def digest_email(lines: Sequence[Line], *, day: str, language: str) -> tuple[str, str]:
    """The subject and body of a person's daily digest."""
    listing = _listing(lines, language=language)
    return _rendered(
        "digest", language, lines=lines, listing=listing, day=day, sign_in=sign_in_url("/")
    )


def _listing(lines: Sequence[Line], *, language: str) -> str:
    """The list of a gathered e-mail or a digest, a line each: "- Case ACC-2026-00042: what.",
    then " Form: its title." where a form applies, in `language`. Each sentence is translated
    once for all the lines, not by a template tag a line (which was most of the time a sweep of
    10,000 overdue cases spent on its e-mails, issue 17)."""
    with speaking(language):
        case, form = gettext("Case %(reference)s: %(what)s."), gettext("Form: %(form)s.")
    return "".join(
        "- "
        + case % {"reference": line.reference, "what": line.what}
        + (" " + form % {"form": line.form} if line.form else "")
        + "\n"
        for line in lines
    )


def _rendered(name: str, language: str, **context: object) -> tuple[str, str]:
    """The subject and body of the e-mail templates `notifications/email/<name>*.txt`, in
    `language`."""
    with speaking(language):
        subject = _render(f"notifications/email/{name}_subject.txt", context).strip()
        return subject, _render(f"notifications/email/{name}.txt", context)


@cache
def _engine() -> Engine:
    """The e-mails' own template engine: this app's templates, with the one tag library they
    load (`i18n`). The site's engine imports every installed app's template tags (the admin's,
    the API's) the first time it renders anything, a tenth of a second that a one-shot
    `accord tick` would pay for its first e-mail (issue 17)."""
    return Engine(
        dirs=[str(Path(__file__).resolve().parent / "templates")],
        libraries={"i18n": "django.templatetags.i18n"},
    )


def _render(name: str, context: dict[str, object]) -> str:
    return _engine().get_template(name).render(Context(context))


def message_id_for(key: str) -> str:
    """A Message-ID that depends only on the outbox key: a resend is recognisably the same."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    host = urlsplit(settings.ACCORD_BASE_URL).hostname or "accord.invalid"
    return f"<{digest}@{host}>"

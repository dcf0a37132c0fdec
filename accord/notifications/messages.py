"""Every e-mail: the case reference, what is needed and a sign-in link; no more. The words are
written here, each sentence translated (`gettext`), not by templates: an action writes an e-mail
for each person it tells at once and the words of each "by when" of its in-app notifications,
a sweep an e-mail for each person it tells, and Django's template engine cost more than the rest
of writing them (issue 17).

Nothing here may name a child, an adult, an address or a decision: messages can be read on any
device and are kept by mail servers Accord does not control.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import dateformat
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext, ngettext

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


class Line(NamedTuple):
    """One notification as an e-mail mentions it (a named tuple: a sweep's gathered e-mail
    lists thousands)."""

    reference: str
    what: str
    link: str  # the path of the case page (or of the form record the notice is about)
    form: str = ""
    by: ByWhen | None = None


def by_when_text(by: ByWhen | None, language: str = ENGLISH) -> str:
    """ "Needed by Tuesday 12 January 2027, in 5 working days." (empty when no date applies), in
    `language` whoever's request writes it: it is stored with an in-app notification, in English
    and in Welsh (decision 35)."""
    if by is None:
        return ""
    with speaking(language):
        return _by_words(by)


def _by_words(by: ByWhen) -> str:
    """`by_when_text` in the language spoken: the date as the templates' `date` filter writes it
    (an instant in the site's time zone), the sentence translated once."""
    due = by.due
    if isinstance(due, datetime) and settings.USE_TZ and is_aware(due):
        due = localtime(due)  # in the site's time zone, as the templates' `date` filter said it
    day = dateformat.format(due, "l j F Y")
    count = by.working_days
    if by.hours:
        time = dateformat.format(due, "H:i")
        if by.passed:
            said = gettext("Needed by %(time)s on %(day)s, which has passed.")
        elif count:
            said = ngettext(
                "Needed by %(time)s on %(day)s, in %(days)s working day.",
                "Needed by %(time)s on %(day)s, in %(days)s working days.",
                count,
            )
        else:
            said = gettext("Needed by %(time)s on %(day)s, today.")
        return said % {"time": time, "day": day, "days": count}
    if by.passed:
        said = gettext("Needed by %(day)s, which has passed.")
    elif count:
        said = ngettext(
            "Needed by %(day)s, in %(days)s working day.",
            "Needed by %(day)s, in %(days)s working days.",
            count,
        )
    else:
        said = gettext("Needed by %(day)s, today.")
    return said % {"day": day, "days": count}


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
    accord.accounts.languages.language_of). Written here, each sentence translated, rather than
    by the template engine: an action writes one for each person it tells at once (issue 17)."""
    sign_in = sign_in_url(line.link)
    with speaking(language):
        if line.reference:
            subject = gettext("Accord: case %(reference)s needs your attention") % {
                "reference": line.reference
            }
            opening = (
                gettext("A case needs your attention: sign in to see it.")
                + "\n\n"
                + gettext("Case: %(reference)s") % {"reference": line.reference}
            )
        else:
            subject = gettext("Accord: e-mail delivery needs your attention")
            opening = gettext("Accord needs your attention: sign in to see it.")
        body = [opening, gettext("What is needed: %(what)s") % {"what": line.what}]
        if line.by:
            body.append(_by_words(line.by))
        if line.form:
            body.append(gettext("Form: %(form)s") % {"form": line.form})
        body += ["", gettext("Sign in: %(sign_in)s") % {"sign_in": sign_in}, "", _footer()]
    return subject, "\n".join(body) + "\n"


def _footer() -> str:
    return gettext(
        "This message was sent by Accord. It contains no details of the case: sign in to see "
        "them. You can choose a daily digest instead on your notifications page."
    )


def gathered_email(lines: Sequence[Line], *, language: str) -> tuple[str, str]:
    """The subject and body of the one e-mail a sweep sends a person about several cases."""
    cases = len({line.reference for line in lines})
    sign_in = sign_in_url("/")
    with speaking(language):
        subject = ngettext(
            "Accord: %(count)s case needs your attention",
            "Accord: %(count)s cases need your attention",
            cases,
        ) % {"count": cases}
        heading = gettext("What needs you now (%(count)s):") % {"count": len(lines)}
        return subject.strip(), _body(heading, _listing(lines, language=language), sign_in) + "\n"


def digest_email(lines: Sequence[Line], *, day: str, language: str) -> tuple[str, str]:
    """The subject and body of a person's daily digest."""
    count = len(lines)
    sign_in = sign_in_url("/")
    with speaking(language):
        subject = ngettext(
            "Accord: %(count)s case notification (%(day)s)",
            "Accord: %(count)s case notifications (%(day)s)",
            count,
        ) % {"count": count, "day": day}
        heading = gettext("Your notifications since the last digest (%(count)s):") % {
            "count": count
        }
        return subject.strip(), _body(heading, _listing(lines, language=language), sign_in)


def _body(heading: str, listing: str, sign_in: str) -> str:
    """A gathered e-mail's or a digest's body, in the language spoken: the opening, `heading`,
    the list, the sign-in link and the footer."""
    return (
        f"{gettext('A case needs your attention: sign in to see it.')}\n\n{heading}\n\n"
        f"{listing}\n{gettext('Sign in: %(sign_in)s') % {'sign_in': sign_in}}\n\n{_footer()}\n"
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


def message_id_for(key: str) -> str:
    """A Message-ID that depends only on the outbox key: a resend is recognisably the same."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    host = urlsplit(settings.ACCORD_BASE_URL).hostname or "accord.invalid"
    return f"<{digest}@{host}>"

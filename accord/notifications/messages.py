"""The words of every e-mail: the case reference, what is needed and a sign-in link; no more.

Nothing here may name a child, an adult, an address or a decision: messages can be read on any
device and are kept by mail servers Accord does not control.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url

OPENING = "A case needs your attention: sign in to see it."


@dataclass(frozen=True, slots=True)
class Line:
    """One notification as an e-mail mentions it."""

    reference: str
    what: str
    link: str  # the case page's path
    form: str = ""


@cache
def _sign_in_page(base: str, login_url: str) -> str:
    return f"{base}{resolve_url(login_url)}"


def sign_in_url(link: str) -> str:
    """The sign-in page, returning to `link` (a path on this site) once signed in."""
    return (
        f"{_sign_in_page(settings.ACCORD_BASE_URL, settings.LOGIN_URL)}?{urlencode({'next': link})}"
    )


def notification_email(line: Line) -> tuple[str, str]:
    """The subject and body of one notification."""
    subject = f"Accord: case {line.reference} needs your attention"
    parts = [OPENING, "", f"Case: {line.reference}", f"What is needed: {line.what}"]
    if line.form:
        parts.append(f"Form: {line.form}")
    parts += ["", f"Sign in: {sign_in_url(line.link)}", "", _FOOTER]
    return subject, "\n".join(parts) + "\n"


def digest_email(lines: Sequence[Line], *, day: str) -> tuple[str, str]:
    """The subject and body of a person's daily digest."""
    subject = f"Accord: {len(lines)} case notification{'s' if len(lines) != 1 else ''} ({day})"
    parts = [OPENING, "", f"Your notifications since the last digest ({len(lines)}):", ""]
    for line in lines:
        extra = f" Form: {line.form}." if line.form else ""
        parts.append(f"- Case {line.reference}: {line.what}.{extra}")
    parts += ["", f"Sign in: {sign_in_url('/')}", "", _FOOTER]
    return subject, "\n".join(parts) + "\n"


def message_id_for(key: str) -> str:
    """A Message-ID that depends only on the outbox key: a resend is recognisably the same."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    host = urlsplit(settings.ACCORD_BASE_URL).hostname or "accord.invalid"
    return f"<{digest}@{host}>"


_FOOTER = (
    "This message was sent by Accord. It contains no details of the case: "
    "sign in to see them. You can choose a daily digest instead on your notifications page."
)

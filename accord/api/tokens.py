"""Making, finding and revoking personal access tokens: the token shown once, only its SHA-256
kept (a token is 256 random bits, so a fast hash is enough), each change logged with its event
in one transaction."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from accord.accounts.models import Person
from accord.cases.visibility import is_active

from .models import ApiToken, Scope, TokenEvent

PREFIX = "accord_"
EXPIRY_DAYS = (7, 30, 90, 180, 365)  # what the page offers; a year at most
NAME_LENGTH = 100


class TokenRefused(Exception):
    """A token cannot be made or revoked; `message` says why, `field` names the form field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class MadeToken:
    """A new token and its secret text (shown once, never stored)."""

    token: ApiToken
    text: str


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parts_of(text: str) -> tuple[str, str] | None:
    """`accord_<prefix>_<secret>` -> (prefix, secret); None for anything else."""
    if not text.startswith(PREFIX) or len(text) > 200:
        return None
    prefix, _, secret = text[len(PREFIX) :].partition("_")
    if len(prefix) != 8 or not secret:
        return None
    return prefix, secret


@transaction.atomic
def make_token(*, person: Person, name: str, scope: str, days: int, now: datetime) -> MadeToken:
    """A new token for `person`, usable for `days` from `now`."""
    name = name.strip()
    if not is_active(person):
        raise TokenRefused("Only an active person can have a token")
    if not name:
        raise TokenRefused("Enter a name for the token", field="name")
    if len(name) > NAME_LENGTH:
        raise TokenRefused(f"The name must be {NAME_LENGTH} characters or fewer", field="name")
    if scope not in Scope.values:
        raise TokenRefused("Choose what the token may do", field="scope")
    if days not in EXPIRY_DAYS:
        raise TokenRefused("Choose when the token expires", field="days")
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion
        prefix = secrets.token_hex(4)
    text = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        person=person,
        name=name,
        scope=scope,
        prefix=prefix,
        digest=digest_of(text),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    TokenEvent.objects.create(token=token, actor=person, kind="created", at=now)
    return MadeToken(token, text)


@transaction.atomic
def revoke_token(*, person: Person, token_id: int, now: datetime) -> ApiToken:
    """Revoke one of `person`'s own tokens (revoking one already revoked changes nothing)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, person_id=person.pk).first()
    if token is None:
        raise TokenRefused("No such token of yours")
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        TokenEvent.objects.create(token=token, actor=person, kind="revoked", at=now)
    return token


def find_token(text: str, *, now: datetime) -> ApiToken | None:
    """The usable token `text` is (with its person), or None: unknown, wrong, revoked, expired,
    or its person no longer active all look the same."""
    parts = parts_of(text)
    if parts is None:
        return None
    token = ApiToken.objects.select_related("person").filter(prefix=parts[0]).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(text)):
        return None
    return token if token.usable(now) else None


LAST_USED_RESOLUTION = timedelta(minutes=1)


def note_use(token: ApiToken, now: datetime) -> None:
    """Record when the token was last used (at most a write a minute)."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

"""Helpers for tests that sign in: an authenticator app for a person, its current code, and what
a full sign-in leaves in the session.

`Client.force_login` is patched in tests/conftest.py to leave a full sign-in (password and
authenticator code, just now), so pages open as they would for someone who signed in properly;
tests of the sign-in rules themselves use `force_login_password_only` or sign in through the
pages.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client

from accord.accounts.models import Person
from accord.web.signin.middleware import LAST_SEEN_SESSION_KEY, STARTED_SESSION_KEY

ORIGINAL_FORCE_LOGIN = Client.force_login


def give_authenticator(person: Person, secret: str | None = None, *, recovery: bool = True) -> str:
    """Set up an authenticator app for `person` (and recovery codes); return its secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(person, secret)
    if recovery:
        RecoveryCodes.activate(person)
    return secret


def secret_of(person: Person) -> str:
    """The person's authenticator secret, as stored (allauth's default adapter stores it as is)."""
    authenticator = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
    return str(authenticator.data["secret"])


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows at `at` (now by default), by allauth's own HOTP."""
    counter = int(at if at is not None else time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def recovery_codes_of(person: Person) -> list[str]:
    authenticator = Authenticator.objects.get(user=person, type=Authenticator.Type.RECOVERY_CODES)
    return list(authenticator.wrap().get_unused_codes())


def record_full_sign_in(session: SessionBase, person: Person, at: float | None = None) -> None:
    """What allauth leaves in the session after a password and an authenticator code."""
    now = time.time() if at is None else at
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": person.email},
        {"method": "mfa", "at": now, "type": "totp", "id": 0},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(person.pk)
    # what the session's first page writes (SessionTimeoutMiddleware): last seen, and started
    session[LAST_SEEN_SESSION_KEY] = session[STARTED_SESSION_KEY] = now


def force_login_fully(self: Client, user: Any, backend: str | None = None) -> None:
    """`Client.force_login`, then the session of a full sign-in (tests/conftest.py)."""
    ORIGINAL_FORCE_LOGIN(self, user, backend)
    session = self.session
    record_full_sign_in(session, user)
    session.save()


def force_login_password_only(client: Client, person: Person) -> None:
    """Signed in, but without the second factor (as just after the password)."""
    ORIGINAL_FORCE_LOGIN(client, person)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = session[STARTED_SESSION_KEY] = time.time()
    session.save()

"""The demo's authenticator app: every demo person has one, with the same known secret.

DEMO ONLY. Two-factor authentication is required of everyone, so the demo people need an
authenticator to sign in. They share DEMO_TOTP_SECRET: add it to any authenticator app, or run
`accord manage demo_totp` for the current code.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.db.models import QuerySet

from accord.accounts.models import Person

# DEMO ONLY: a published secret, for the fictional demo accounts on a local machine.
DEMO_TOTP_SECRET = "ACCORDDEMOSECRETACCORDDEMOSECRET"  # noqa: S105


def give_demo_authenticators(people: QuerySet[Person]) -> int:
    """An authenticator app with the demo secret for each of `people` that has none."""
    have = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    missing = people.exclude(pk__in=have)
    created = Authenticator.objects.bulk_create(
        Authenticator(
            user=person, type=Authenticator.Type.TOTP, data={"secret": encrypt(DEMO_TOTP_SECRET)}
        )
        for person in missing
    )
    return len(created)


def has_demo_authenticator(person: Person) -> bool:
    authenticator = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
    return authenticator is not None and decrypt(authenticator.data["secret"]) == DEMO_TOTP_SECRET


def current_code(now: float | None = None) -> tuple[str, int]:
    """The demo authenticator's code now, and the seconds it stays valid."""
    at = int(time.time() if now is None else now)
    period = mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, at // period)), period - at % period

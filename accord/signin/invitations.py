"""The e-mail that gives a new partnership's first administrator a way in: a link to choose a
password (allauth's password-reset link, so it works once and for `PASSWORD_RESET_TIMEOUT`),
after which signing in asks them to set up their authenticator app (decision 5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accord.accounts.actions import Created, create_partnership
from accord.accounts.models import Person
from accord.notifications.messages import message_id_for
from accord.notifications.models import OutboxMessage
from accord.notifications.outbox import enqueue
from accord.partnerships.models import Partnership


def set_password_link(person: Person) -> str:
    """The absolute address where `person` chooses a password."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(person),
            "key": default_token_generator.make_token(person),
        },
    )
    return f"{settings.ACCORD_BASE_URL}{path}"


def invite_administrator(person: Person, *, partnership: Partnership, now: datetime) -> None:
    """Queue (in the caller's transaction) the e-mail inviting `person` to administer
    `partnership`: what to do, in order, and the link to choose a password."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    sign_in = f"{settings.ACCORD_BASE_URL}{reverse('web:sign-in')}"
    body = (
        f"Hello {person.full_name},\n\n"
        f"You are the administrator of {partnership.name} in Accord.\n\n"
        f"1. Choose your password (this link works once, for {hours} hour"
        f"{'s' if hours != 1 else ''}):\n{set_password_link(person)}\n\n"
        f"2. Sign in at {sign_in} and set up an authenticator app on your phone when asked.\n\n"
        "3. Follow the set-up checklist under Administration: the policy, agencies, people, "
        "roles and closures, then make the partnership live.\n\n"
        "If the link has expired, use \u201cForgot your password?\u201d on the sign-in page.\n"
    )
    key = f"invite/{partnership.pk}/{person.pk}/{now.isoformat()}"
    message = OutboxMessage.objects.create(
        key=key,
        partnership=partnership,
        person=person,
        to_address=person.email,
        subject=f"Accord ({partnership.short_name or partnership.name}): set up your account",
        body=body,
        message_id=message_id_for(key),
        next_attempt_at=now,
        created_at=now,
    )
    enqueue([message.pk])


@transaction.atomic
def create_partnership_inviting(
    *, actor: Person | None, slug: str, name: str, jurisdiction: str, short_name: str,
    admin_email: str, admin_name: str, now: datetime,
) -> Created:  # fmt: skip
    """`create_partnership`, and the set-password e-mail to its first administrator when they
    are new to Accord (`invited`), in one transaction: what the set-up page and the
    `accord partnership create` command both do."""
    result = create_partnership(
        actor=actor, slug=slug, name=name, jurisdiction=jurisdiction, short_name=short_name,
        admin_email=admin_email, admin_name=admin_name, now=now,
    )  # fmt: skip
    if not (result.changed and not result.administrator.has_usable_password()):
        return result
    invite_administrator(result.administrator, partnership=result.partnership, now=now)
    return replace(result, invited=True)

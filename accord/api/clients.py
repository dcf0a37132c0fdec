"""Agency systems as API clients (decision 30): a partnership administrator registers one for an
agency (its secret shown once, only a hash kept) and revokes it; the system trades its id and
secret for an access token of an hour (OAuth 2.0 client credentials, RFC 6749 4.4) and names,
in each request, the person of its agency it acts for (`Accord-On-Behalf-Of`), who must be
active. It then sees and does exactly what that person may: the web's rules."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from accord.accounts.actions import log_api_client
from accord.accounts.models import Agency, Person
from accord.accounts.scope import administered
from accord.cases.visibility import is_active

from .models import ApiClient, ClientToken, Scope
from .tokens import NAME_LENGTH, TokenRefused, digest_of

CLIENT_PREFIX = "accord_client_"
TOKEN_PREFIX = "accord_system_"  # noqa: S105 - the tokens' visible start, no secret
TOKEN_LIFETIME = timedelta(hours=1)
ON_BEHALF_OF = "Accord-On-Behalf-Of"


@dataclass(frozen=True)
class Registered:
    """A new client and its secret (shown once, never stored)."""

    client: ApiClient
    secret: str


@transaction.atomic
def register_client(
    *, actor: Person, agency: Agency, name: str, scope: str, now: datetime
) -> Registered:
    """A new client for `agency`'s system, registered by an administrator of its partnership."""
    name = name.strip()
    if agency.home_partnership_id not in administered(actor):
        raise TokenRefused("Only the agency's partnership administrators can register its system")
    if not name:
        raise TokenRefused("Enter the system's name", field="name")
    if len(name) > NAME_LENGTH:
        raise TokenRefused(f"The name must be {NAME_LENGTH} characters or fewer", field="name")
    if scope not in Scope.values:
        raise TokenRefused("Choose what the system may do", field="scope")
    client_id = f"{CLIENT_PREFIX}{secrets.token_hex(8)}"
    secret = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        agency=agency,
        name=name,
        scope=scope,
        client_id=client_id,
        secret_digest=digest_of(secret),
        created_by=actor,
        created_at=now,
    )
    log_api_client(
        actor=actor,
        agency=agency,
        kind="api_client_registered",
        summary=f"API client {client_id} registered for {agency.name}: {name}",
        now=now,
    )
    return Registered(client, secret)


@transaction.atomic
def revoke_client(*, actor: Person, client_id: int, now: datetime) -> ApiClient:
    """Revoke a client: its tokens stop working at once (revoking it again changes nothing)."""
    client = ApiClient.objects.select_for_update().select_related("agency").filter(pk=client_id)
    found = client.first()
    if found is None or found.agency.home_partnership_id not in administered(actor):
        raise TokenRefused("No such API client of your partnerships")
    if found.revoked_at is None:
        found.revoked_at, found.revoked_by = now, actor
        found.save(update_fields=["revoked_at", "revoked_by"])
        log_api_client(
            actor=actor,
            agency=found.agency,
            kind="api_client_revoked",
            summary=f"API client {found.client_id} revoked",
            now=now,
        )
    return found


@dataclass(frozen=True)
class Issued:
    token: ClientToken
    text: str


def issue_token(client_id: str, secret: str, *, now: datetime) -> Issued | None:
    """An access token for the client whose id and secret these are, or None (unknown, wrong
    secret or revoked all look the same)."""
    client = ApiClient.objects.filter(client_id=client_id, revoked_at__isnull=True).first()
    expected = client.secret_digest if client is not None else digest_of("")
    if not hmac.compare_digest(expected, digest_of(secret)) or client is None:
        return None
    prefix = secrets.token_hex(4)
    while ClientToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    text = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ClientToken.objects.create(
        client=client,
        prefix=prefix,
        digest=digest_of(text),
        issued_at=now,
        expires_at=now + TOKEN_LIFETIME,
    )
    return Issued(token, text)


def find_client_token(text: str, *, now: datetime) -> ClientToken | None:
    """The usable client token `text` is (with its client and agency), or None."""
    prefix, _, rest = text.removeprefix(TOKEN_PREFIX).partition("_")
    if not text.startswith(TOKEN_PREFIX) or len(text) > 200 or len(prefix) != 8 or not rest:
        return None
    token = ClientToken.objects.select_related("client__agency").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(text)):
        return None
    return token if token.usable(now) else None


def acting_for(token: ClientToken, email: str) -> Person | None:
    """The active person of the client's agency `email` names (None: no such person)."""
    person = (
        Person.objects.select_related("agency")
        .filter(email__iexact=email.strip(), agency_id=token.client.agency_id)
        .first()
    )
    return person if is_active(person) else None

"""Who is calling: `Authorization: Bearer accord_...`, a person's personal access token, or
`Bearer accord_system_...`, an agency system's access token with the person it acts for named in
`Accord-On-Behalf-Of`. A token unknown, revoked or expired is a 401 (problem details,
`WWW-Authenticate: Bearer`); a system naming nobody, or nobody of its agency, a 403."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .clients import ON_BEHALF_OF, TOKEN_PREFIX, acting_for, find_client_token
from .models import ApiToken, ClientToken
from .tokens import find_token, note_use

REALM = 'Bearer realm="accord"'


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`request.user` is the token's person, `request.auth` the token."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        text = bearer(header)
        if text.startswith(TOKEN_PREFIX):
            return None  # an agency system's: SystemTokenAuthentication
        now = timezone.now()
        token = find_token(text.strip(), now=now)
        if token is None:
            raise exceptions.AuthenticationFailed(
                "The token is not valid: it is unknown, revoked or expired"
            )
        note_use(token, now)
        return token.person, token

    def authenticate_header(self, request: Request) -> str:
        return REALM


def bearer(header: str) -> str:
    kind, _, text = header.partition(" ")
    if kind.lower() != "bearer" or not text.strip():
        raise exceptions.AuthenticationFailed(
            "Send the token as `Authorization: Bearer accord_...`"
        )
    return text.strip()


class SystemTokenAuthentication(authentication.BaseAuthentication):
    """`request.user` is the person the system names in `Accord-On-Behalf-Of`, `request.auth`
    the system's token."""

    def authenticate(self, request: Request) -> tuple[Any, ClientToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        text = bearer(header)
        if not text.startswith(TOKEN_PREFIX):
            return None
        token = find_client_token(text, now=timezone.now())
        if token is None:
            raise exceptions.AuthenticationFailed(
                "The token is not valid: it is unknown, expired, or its system was revoked"
            )
        email = request.META.get("HTTP_ACCORD_ON_BEHALF_OF", "")
        if not email.strip():
            raise exceptions.PermissionDenied(
                f"Name the person the system acts for: `{ON_BEHALF_OF}: their e-mail address`"
            )
        person = acting_for(token, email)
        if person is None:
            raise exceptions.PermissionDenied(
                f"{ON_BEHALF_OF} must name an active person of {token.client.agency.name}"
            )
        return person, token

    def authenticate_header(self, request: Request) -> str:
        return REALM

"""Who is calling: `Authorization: Bearer accord_...`, a person's personal access token. A token
unknown, revoked or expired is a 401 (problem details, `WWW-Authenticate: Bearer`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiToken
from .tokens import find_token, note_use

REALM = 'Bearer realm="accord"'


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`request.user` is the token's person, `request.auth` the token."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        kind, _, text = header.partition(" ")
        if kind.lower() != "bearer" or not text.strip():
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Bearer accord_...`"
            )
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

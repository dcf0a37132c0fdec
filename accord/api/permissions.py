"""What a token may do: every operation needs a token; writes need a read-write one."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from .models import ApiToken, ClientToken

READ_ONLY_REFUSAL = "This token may only read: a read-write token (or system) acts on cases"


class TokenScope(permissions.BasePermission):
    """A token is required; one scoped `read` may only GET (or HEAD, OPTIONS)."""

    message = READ_ONLY_REFUSAL

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken | ClientToken):
            return False  # turned into a 401 by DRF: no credentials were given
        return request.method in permissions.SAFE_METHODS or token.writes

"""What django-axes needs from Accord: who is signing in, and a log line without it.

Axes locks sign-in for an e-mail address from one IP address after AXES_FAILURE_LIMIT failures
(settings). allauth's form posts the address as `login` and authenticates with `email=`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest


def username_for(request: HttpRequest | None, credentials: Mapping[str, Any] | None) -> str:
    """The e-mail address being tried, in lower case (as people are stored)."""
    value: Any = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login")
    return str(value or "").strip().lower()


def client_str(
    username: str, ip_address: str, user_agent: str, path_info: str, request: HttpRequest
) -> str:
    """How axes names the client in its log lines: where from, never the address tried (axes's
    own table, shown in the admin, has that)."""
    return f"{{ip_address: {ip_address!r}, path_info: {path_info!r}}}"

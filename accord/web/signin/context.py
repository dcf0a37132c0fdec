"""The session timeout's figures for the page's warning (only for signed-in people)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """`session_timeout`: seconds until the session ends and when to warn (see base.html)."""
    expires_in = getattr(request, "accord_session_expires_in", None)
    if expires_in is None:
        return {}
    return {
        "session_timeout": {
            "expires_in": expires_in,
            "warn_before": int(settings.ACCORD_SESSION_WARNING_SECONDS),
            "idle_minutes": int(settings.ACCORD_SESSION_IDLE_SECONDS) // 60,
        }
    }

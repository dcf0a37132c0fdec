"""A rate per token (`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]`): over it, a 429 with
`Retry-After`; a request without a token is limited by its address."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class PerToken(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        ident = f"t{token.pk}" if isinstance(token, ApiToken) else f"a{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

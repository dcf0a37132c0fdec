"""A rate per token (`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]`): over it, a 429 with
`Retry-After`; a request without a token is limited by its address."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken, ClientToken


class PerToken(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        if isinstance(token, ApiToken):
            ident = f"t{token.pk}"
        elif isinstance(token, ClientToken):
            ident = f"c{token.client_id}"  # a system's tokens share its rate
        else:
            ident = f"a{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

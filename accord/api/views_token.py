"""`GET /api/v1/token/`: the token calling, and whose it is or whom the system acts for (to
check a set-up)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from . import serializers
from .base import ApiView
from .models import ApiToken, ClientToken
from .reading import person_of
from .views_cases import PROBLEMS
from .views_cases import person_of as acting_person


class TokenInfo(ApiView):
    @extend_schema(
        operation_id="read_token",
        summary="The token you are calling with",
        responses={(200, "application/json"): serializers.TokenOut, **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        token = request.auth
        assert isinstance(token, ApiToken | ClientToken)  # TokenScope has let it through
        body = {
            "prefix": token.prefix,
            "name": token.name if isinstance(token, ApiToken) else token.client.name,
            "scope": token.scope if isinstance(token, ApiToken) else token.client.scope,
            "expires_at": token.expires_at,
            "person": person_of(acting_person(request)),
        }
        return Response(serializers.TokenOut(body).data)

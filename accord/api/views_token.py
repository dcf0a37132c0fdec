"""`GET /api/v1/token/`: the token calling, and whose it is (to check a set-up)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from . import serializers
from .base import ApiView
from .models import ApiToken
from .reading import person_of
from .views_cases import PROBLEMS


class TokenInfo(ApiView):
    @extend_schema(
        operation_id="read_token",
        summary="The token you are calling with",
        responses={(200, "application/json"): serializers.TokenOut, **PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        token = request.auth
        assert isinstance(token, ApiToken)  # TokenScope has let it through
        body = {
            "prefix": token.prefix,
            "name": token.name,
            "scope": token.scope,
            "expires_at": token.expires_at,
            "person": person_of(token.person),
        }
        return Response(serializers.TokenOut(body).data)

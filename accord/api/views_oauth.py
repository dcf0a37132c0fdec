"""`POST /api/v1/oauth/token`: an agency system trades its client id and secret for an access
token of an hour (OAuth 2.0 client credentials, RFC 6749 4.4), authenticated by HTTP Basic or
by `client_id` and `client_secret` in the form body. Errors are problem details that carry
OAuth's own `error` code too, so an OAuth client library reads them."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, permissions
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import serializers
from .clients import TOKEN_LIFETIME, issue_token
from .problems import problem_response
from .throttling import PerToken

CLIENT_REALM = 'Basic realm="accord"'


class ClientCredentialsIn(drf.Serializer):  # type: ignore[type-arg]
    grant_type = drf.ChoiceField(choices=["client_credentials"])
    client_id = drf.CharField(required=False, help_text="Or send it with HTTP Basic")
    client_secret = drf.CharField(required=False, help_text="Or send it with HTTP Basic")


class ClientTokenOut(drf.Serializer):  # type: ignore[type-arg]
    access_token = drf.CharField()
    token_type = drf.ChoiceField(choices=["Bearer"])
    expires_in = drf.IntegerField(help_text="Seconds")
    scope = drf.CharField()


def _basic(header: str) -> tuple[str, str] | None:
    """The client id and secret of an HTTP Basic header (RFC 6749 2.3.1: each form-encoded)."""
    kind, _, encoded = header.partition(" ")
    if kind.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if colon else None


class TokenEndpoint(APIView):
    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [parsers.FormParser]
    throttle_classes = [PerToken]  # by address: the caller has no token yet

    @extend_schema(
        operation_id="issue_system_token",
        summary="An agency system's access token (OAuth 2.0 client credentials)",
        description="Send `grant_type=client_credentials` as a form, with the system's client "
        "id and secret by HTTP Basic (or as `client_id` and `client_secret`). The token lasts "
        "an hour; every request made with it names the person it acts for in "
        "`Accord-On-Behalf-Of`.",
        auth=[],
        request={"application/x-www-form-urlencoded": ClientCredentialsIn},
        responses={
            (200, "application/json"): ClientTokenOut,
            **serializers.problems((400, 401, 415, 429)),
        },
    )
    def post(self, request: Request) -> Response:
        data = request.data
        assert not isinstance(data, list)  # a form
        if data.get("grant_type") != "client_credentials":
            return problem_response(
                request._request,
                400,
                "unsupported-grant-type",
                "Send grant_type=client_credentials",
                extra={"error": "unsupported_grant_type"},
            )
        credentials = _basic(request.META.get("HTTP_AUTHORIZATION", ""))
        if credentials is None:
            credentials = (str(data.get("client_id", "")), str(data.get("client_secret", "")))
        issued = issue_token(*credentials, now=timezone.now()) if all(credentials) else None
        if issued is None:
            return problem_response(
                request._request,
                401,
                "invalid-client",
                "The client id or secret is wrong, or the system was revoked",
                headers={"WWW-Authenticate": CLIENT_REALM},
                extra={"error": "invalid_client"},
            )
        body = {
            "access_token": issued.text,
            "token_type": "Bearer",
            "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "scope": issued.token.client.scope,
        }
        return Response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

"""The token schemes in the OpenAPI schema: a person's `Authorization: Bearer accord_...`, and an
agency system's OAuth 2.0 client credentials (`Bearer accord_system_...` with
`Accord-On-Behalf-Of`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "accord.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token, made on the Accord page `API tokens` "
            "(under your account): `accord_` and 52 more characters.",
        }


class SystemTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "accord.api.authentication.SystemTokenAuthentication"
    name = "agencySystem"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "description": "An agency system registered by its partnership's administrators: "
            "an access token from the token endpoint, and in every request the header "
            "`Accord-On-Behalf-Of` naming (by e-mail address) the active person of the agency "
            "the system acts for. The system sees and does what that person may.",
            "flows": {"clientCredentials": {"tokenUrl": "/api/v1/oauth/token", "scopes": {}}},
        }

"""Every API error as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
`status`, `detail`, and for bad input `errors`, one per field (`field`, `detail`), in words a
developer can act on. 401 carries `WWW-Authenticate`, 429 `Retry-After`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

MEDIA_TYPE = "application/problem+json"
REFERENCE = "/api/v1/reference/"

# The problem types this API names (each explained on the reference page, `#problem-<slug>`).
TYPES = {
    "invalid-input": "Your request's values are not valid; `errors` says which and why",
    "malformed": "The request's body is not JSON, or not the shape the operation takes",
    "unauthenticated": "No token, or one that is unknown, revoked or expired",
    "forbidden": "The token or its person may not do this",
    "not-found": "No such case or address, or not one the token's person may see",
    "not-allowed-now": "The case's procedure does not allow this now; `detail` says why",
    "stale": "The case changed since the `seen` you sent (or a form record since its "
    "`revision`); read it again",
    "authenticator-code-needed": "Signing needs the person's current authenticator code in the "
    "`Accord-Authenticator-Code` header",
    "authenticator-code-wrong": "The authenticator code is not the person's current one (or was "
    "used already): nothing was signed",
    "idempotency-key-reused": "The Idempotency-Key was used before with a different request",
    "rate-limited": "Too many requests with this token: wait `Retry-After` seconds",
    "method-not-allowed": "The address does not take that method",
    "unsupported-media-type": "Send the body as application/json",
    "not-acceptable": "The API answers in JSON only",
    "invalid-client": "The system's client id or secret is wrong, or the system was revoked "
    "(OAuth `error`: `invalid_client`)",
    "unsupported-grant-type": "The token endpoint takes `grant_type=client_credentials` only "
    "(OAuth `error`: `unsupported_grant_type`)",
}


class ProblemRenderer(JSONRenderer):
    media_type = MEDIA_TYPE


class Problem(exceptions.APIException):
    """An error with its own problem type and, for bad input, field errors (`wait`: the
    seconds of its `Retry-After`)."""

    wait: float | None = None

    def __init__(
        self,
        status_code: int,
        slug: str,
        detail: str,
        *,
        errors: Sequence[Mapping[str, str]] = (),
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.slug = slug
        self.errors = list(errors)
        self.extra = dict(extra or {})


def problem_type(request: HttpRequest | None, slug: str) -> str:
    path = f"{REFERENCE}#problem-{slug}"
    return request.build_absolute_uri(path) if request is not None else path


def problem_body(
    request: HttpRequest | None,
    status_code: int,
    slug: str,
    detail: str,
    *,
    errors: Sequence[Mapping[str, str]] = (),
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(request, slug),
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = list(errors)
    body.update(extra or {})
    return body


def problem_response(
    request: HttpRequest | None,
    status_code: int,
    slug: str,
    detail: str,
    *,
    errors: Sequence[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Response:
    body = problem_body(request, status_code, slug, detail, errors=errors, extra=extra)
    response = Response(body, status=status_code, headers=dict(headers or {}))
    response.content_type = MEDIA_TYPE
    return response


def field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested validation errors as a flat list: `{"field": "facts.x", "detail": ...}`."""
    found: list[dict[str, str]] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            found += field_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name)
    elif isinstance(detail, list | tuple):
        for item in detail:
            found += field_errors(item, prefix)
    else:
        found.append({"field": prefix, "detail": str(detail)})
    return found


_SLUGS: list[tuple[type[Exception], int, str]] = [
    (exceptions.ParseError, 400, "malformed"),
    (exceptions.NotAuthenticated, 401, "unauthenticated"),
    (exceptions.AuthenticationFailed, 401, "unauthenticated"),
    (exceptions.PermissionDenied, 403, "forbidden"),
    (exceptions.NotFound, 404, "not-found"),
    (exceptions.MethodNotAllowed, 405, "method-not-allowed"),
    (exceptions.NotAcceptable, 406, "not-acceptable"),
    (exceptions.UnsupportedMediaType, 415, "unsupported-media-type"),
    (exceptions.Throttled, 429, "rate-limited"),
]


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: DRF's own response (for its headers), as problem details."""
    request = context.get("request")
    if isinstance(exc, Http404):  # DRF would answer it, but as no problem type of ours
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a fault of ours: Django's 500 (and its log)
    headers = {
        k: v
        for k, v in response.headers.items()
        if k in {"WWW-Authenticate", "Retry-After", "Allow"}
    }
    if isinstance(exc, Problem):
        return problem_response(
            request,
            exc.status_code,
            exc.slug,
            str(exc.detail),
            errors=exc.errors,
            headers=headers,
            extra=exc.extra,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        return problem_response(
            request,
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            "invalid-input",
            "The request has values that are not valid: see `errors`",
            errors=errors,
        )
    code, slug = response.status_code, "invalid-input"
    for kind, known, name in _SLUGS:
        if isinstance(exc, kind):
            code, slug = known, name
            break
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    wait = getattr(exc, "wait", None)  # Throttled's seconds to wait
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(max(1, int(wait + 0.999)))
    return problem_response(request, code, slug, str(detail), headers=headers)

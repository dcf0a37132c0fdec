"""Problem details for addresses under `/api/` that are not operations (Django's own 404 page
would be HTML)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from .problems import MEDIA_TYPE, problem_body


def no_such_operation(request: HttpRequest, rest: str = "") -> JsonResponse:
    body = problem_body(
        request, 404, "not-found", "No such operation: the reference page lists them all"
    )
    return JsonResponse(body, status=404, content_type=MEDIA_TYPE)

"""Problem details for addresses under `/api/` that are not operations (Django's own 404 page
would be HTML). Exempt from CSRF checks: it writes nothing, and a POST to no operation (an id
that is no number in a path, say) is a 404 problem, not Django's HTML 403."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .problems import MEDIA_TYPE, problem_body


@csrf_exempt  # it writes nothing; a POST without a cookie is a 404 too, not CSRF's HTML 403
def no_such_operation(request: HttpRequest, rest: str = "") -> JsonResponse:
    body = problem_body(
        request, 404, "not-found", "No such operation: the reference page lists them all"
    )
    return JsonResponse(body, status=404, content_type=MEDIA_TYPE)

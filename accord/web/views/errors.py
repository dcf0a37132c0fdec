"""Error pages that say what happened in plain words, never with a stack trace."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("404.html", request=request), status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponse(render_to_string("403.html", request=request), status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failure may be in whatever a context processor touches.
    return HttpResponse(render_to_string("500.html"), status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # No request context either: the request itself is what is wrong (accord.web.input_guard).
    return HttpResponse(render_to_string("400.html"), status=400)

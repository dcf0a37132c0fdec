"""Refusing, with a 400 page (problem details under `/api/`), any request that carries a control
character or an out-of-range whole number in its path, query string, posted form fields or
cookies, or a control character in a header (`accord.input_limits`).

It runs before the session is read, so a hostile cookie never reaches a query; the page is
rendered without the request (like the 500 page), for the request is what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from accord.input_limits import has_control_characters, out_of_range
from accord.web.views.errors import bad_request

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
API = "/api/"
PROBLEM_JSON = "application/problem+json"
# What the API (accord.api.problems) answers for a request it could not read: RFC 9457.
API_PROBLEM = {
    "type": "/api/v1/reference/#problem-malformed",
    "title": "Bad Request",
    "status": 400,
    "detail": "The request has a control character or an out-of-range whole number in its "
    "address, query, headers or cookies",
}


def _bad(values: Iterable[str]) -> bool:
    return any(has_control_characters(value) or out_of_range(value) for value in values)


def _bad_form(request: HttpRequest) -> bool:
    """Whether the posted form (url-encoded or multipart) has a bad name or value, or cannot
    be read. A password is never stored or looked up: twenty digits are a password like any
    other, so only its control characters count."""
    if request.method != "POST" or not (request.content_type or "").startswith(_FORMS):
        return False
    try:
        fields = list(request.POST.lists())
    except (MultiPartParserError, RequestDataTooBig):
        return True
    for name, texts in fields:
        if _bad([name]):
            return True
        for text in texts:
            if has_control_characters(text) or ("password" not in name and out_of_range(text)):
                return True
    return False


def input_guard(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        query = [text for key, items in request.GET.lists() for text in (key, *items)]
        if (
            has_control_characters(request.path_info)
            or any(out_of_range(part) for part in request.path_info.split("/"))
            or _bad(query)
            or _bad([*request.COOKIES, *request.COOKIES.values()])
            or any(  # the User-Agent is kept in the access log
                has_control_characters(str(value))
                for key, value in request.META.items()
                if key.startswith("HTTP_")
            )
            or _bad_form(request)
        ):
            if request.path_info.startswith(API):  # the API's callers read problem details
                return JsonResponse(API_PROBLEM, status=400, content_type=PROBLEM_JSON)
            return bad_request(request)  # Django logs "Bad Request: <path>", escaped
        return get_response(request)

    return middleware

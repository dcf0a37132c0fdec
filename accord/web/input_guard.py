"""Refusing, with a 400 page, any request that carries a control character or an out-of-range
whole number in its path, query string, posted form fields or cookies (`accord.input_limits`).

It runs before the session is read, so a hostile cookie never reaches a query; the page is
rendered without the request (like the 500 page), for the request is what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from accord.input_limits import has_control_characters, out_of_range
from accord.web.views.errors import bad_request

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _bad(values: Iterable[str]) -> bool:
    return any(has_control_characters(value) or out_of_range(value) for value in values)


def _form_values(request: HttpRequest) -> list[str] | None:
    """The posted form's names and values; None when the body cannot be read as a form."""
    if request.method != "POST" or not (request.content_type or "").startswith(_FORMS):
        return []
    try:
        return [text for key, items in request.POST.lists() for text in (key, *items)]
    except (MultiPartParserError, RequestDataTooBig):
        return None


def input_guard(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        query = [text for key, items in request.GET.lists() for text in (key, *items)]
        if (
            has_control_characters(request.path_info)
            or any(out_of_range(part) for part in request.path_info.split("/"))
            or _bad(query)
            or _bad([*request.COOKIES, *request.COOKIES.values()])
            or (form := _form_values(request)) is None
            or _bad(form)
        ):
            return bad_request(request)  # Django logs "Bad Request: <path>", escaped
        return get_response(request)

    return middleware

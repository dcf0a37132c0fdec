"""A request id on every log line written while a request is served, and on its response.

The proxy's `X-Request-ID` is kept when it looks like one (so a request can be followed from the
proxy's log to ours); otherwise a new one is made. Log lines outside a request (the worker, the
sweep) carry "-". The id says nothing about who or what the request was about.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_GIVEN = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current: ContextVar[str] = ContextVar("accord_request_id", default="-")


def request_id(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """Middleware: the request's id, for the logs and the response's `X-Request-ID`."""

    def middleware(request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        current = given if _GIVEN.fullmatch(given) else uuid.uuid4().hex
        token = _current.set(current)
        try:
            response = get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = current
        return response

    return middleware


class WithRequestId(logging.Filter):
    """Puts the current request's id on each log record (`request_id`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True

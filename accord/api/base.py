"""What every API operation shares: a write's body must be JSON (a form's fields are read by the
middleware before DRF could, so a form body would look empty: it is a 415 instead)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

WRITES = {"POST", "PUT", "PATCH"}


class ApiView(APIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # who is calling, may they, how often
        media_type = (request.content_type or "").split(";")[0].strip().lower()
        if request.method in WRITES and media_type != "application/json":
            raise exceptions.UnsupportedMediaType(media_type or "none")

"""Calling the API as its users do: a token made through `make_token`, sent as a bearer token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.utils import timezone

from accord.accounts.models import Person
from accord.api.tokens import make_token


def token_for(person: Person, scope: str = "read_write", days: int = 30) -> str:
    return make_token(
        person=person, name="Case system", scope=scope, days=days, now=timezone.now()
    ).text


class Api:
    """A client that sends `token` with every request, and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(path, query, headers=self.headers)

    def post(self, path: str, body: Any, **headers: str) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body, default=str)
        return self.client.post(
            path, data, content_type="application/json", headers={**self.headers, **headers}
        )


def api_as(person: Person, scope: str = "read_write") -> Api:
    return Api(token_for(person, scope))


def problem_of(response: Any, status: int) -> dict[str, Any]:
    """The problem details of `response`, which must have `status`."""
    assert response.status_code == status, response.content[:500]
    assert response.headers["Content-Type"] == "application/problem+json", response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["type"]
    return body

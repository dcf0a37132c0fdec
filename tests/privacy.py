"""A guard over the whole suite: no log line, URL, redirect or page title names a child.

`no_child_data_in_logs_urls_or_titles` (autouse, from tests/conftest.py) runs around every test:
Accord's loggers log at DEBUG (so even debug lines are produced and read), every log record the
test produced is read, and every response the test client returned is checked: the path and
query asked for, the redirect, and the page's <title>. Any demo or factory child's name, date of
birth or address found fails the test.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client

from accord.demo.cases import CHILDREN

FACTORY_CHILDREN = ["Test Child", "Matrix Child", "Zebedee Quartermaine", "Zebedee Quill"]
ADDRESSES = ["Example Row", "Demo Town"]


def _dates(born: date) -> list[str]:
    return [born.strftime("%d/%m/%Y"), born.isoformat(), f"{born.day} {born:%B %Y}"]


FORBIDDEN = [
    *(name for name, _ in CHILDREN),
    *(part for name, _ in CHILDREN for part in name.split()[1:]),  # surnames alone
    *(text for _, born in CHILDREN for text in _dates(born)),
    *FACTORY_CHILDREN,
    *ADDRESSES,
]
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def leaks(text: str) -> list[str]:
    """The forbidden words found in `text`, ignoring case."""
    lowered = text.lower()
    return [word for word in FORBIDDEN if word.lower() in lowered]


def title_of(response: Any) -> str:
    if "html" not in response.headers.get("Content-Type", "") or getattr(
        response, "streaming", False
    ):
        return ""
    found = _TITLE.search(response.content.decode("utf-8", "replace"))
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture(autouse=True)
def no_child_data_in_logs_urls_or_titles(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    seen: list[str] = []
    caplog.set_level(logging.DEBUG, logger="accord")
    original = Client.request

    def request(self: Client, **environ: Any) -> Any:
        response = original(self, **environ)
        asked = f"{environ.get('PATH_INFO', '')}?{environ.get('QUERY_STRING', '')}"
        location = response.headers.get("Location", "")
        seen.extend([f"URL {asked}", f"redirect {location}", f"title {title_of(response)}"])
        return response

    monkeypatch.setattr(Client, "request", request)
    yield seen
    lines = [f"log {record.name}: {record.getMessage()}" for record in caplog.records]
    found = sorted(
        {f"{word!r} in {text[:200]}" for text in [*lines, *seen] for word in leaks(text)}
    )
    assert not found, "a child's details in a URL, title or log line:\n" + "\n".join(found)

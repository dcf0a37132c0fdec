"""The filters of the partnership's list of cases, read from a query string, and its orders.

Every bad value gets a message for its field and is left out; nothing raises
(`accord.cases.worklists.partnership_cases` applies them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import F

from .models import CaseStatus
from .references import REFERENCE_PATTERN

ACTIVE = "active"  # the status filter for "not closed or withdrawn"
DEFAULT_SORT = "-raised_at"
_LAST = ("-raised_at", "-pk")  # the tie-breakers that keep pages stable
ORDERINGS: dict[str, tuple[Any, ...]] = {
    "raised_at": ("raised_at", "pk"),
    "-raised_at": _LAST,
    "reference": ("reference",),
    "-reference": ("-reference",),
    "stage": ("stage", *_LAST),
    "-stage": ("-stage", *_LAST),
    "next_due": (F("next_due_on").asc(nulls_last=True), *_LAST),
    "-next_due": (F("next_due_on").desc(nulls_last=True), *_LAST),
}

_NUMBER = re.compile(r"^\d{1,9}$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YES, _NO = {"1", "on", "true", "yes"}, {"", "0", "off", "false", "no"}
_INTEGERS = {
    "partnership": "Choose a partnership from the list",
    "stage": "Choose a stage from the list",
    "agency": "Choose an agency from the list",
    "raising_agency": "Choose a raising agency from the list",
    "receiving_agency": "Choose a receiving agency from the list",
}
_DATES = {"raised_from": "Raised from", "raised_to": "Raised to"}
THEME_LENGTH = 200


@dataclass(frozen=True)
class CaseFilters:
    """What the partnership's list is narrowed to, and its order (query parameters of the same
    names: `?stage=2&agency=5&status=open&overdue=1&sort=-raised_at`)."""

    partnership: int | None = None
    stage: int | None = None
    agency: int | None = None  # on either side
    raising_agency: int | None = None
    receiving_agency: int | None = None
    status: str | None = None  # a CaseStatus, or "active" (not closed or withdrawn)
    overdue: bool = False
    urgent: bool = False
    theme: str | None = None
    reference: str | None = None  # upper case, trimmed: found exactly
    raised_from: date | None = None
    raised_to: date | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> tuple[CaseFilters, dict[str, str]]:
        """The filters in a query (a QueryDict or any mapping of str), and an error message for
        each bad value, by field. A bad value is left out of the filters; nothing raises."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}

        def text(name: str) -> str:
            value = query.get(name)
            return value.strip() if isinstance(value, str) else ""

        for name, message in _INTEGERS.items():
            if raw := text(name):
                if _NUMBER.match(raw) and int(raw) > 0:
                    values[name] = int(raw)
                else:
                    errors[name] = message
        if raw := text("status"):
            if raw in CaseStatus.values or raw == ACTIVE:
                values["status"] = raw
            else:
                errors["status"] = "Choose a status from the list"
        for name in ("overdue", "urgent"):
            raw = text(name).lower()
            if raw in _YES:
                values[name] = True
            elif raw not in _NO:
                errors[name] = f"Choose whether to show only {name} cases"
        if raw := text("theme"):
            if len(raw) <= THEME_LENGTH:
                values["theme"] = raw
            else:
                errors["theme"] = f"Theme must be {THEME_LENGTH} characters or fewer"
        if raw := text("reference").upper():
            if len(raw) <= 30 and REFERENCE_PATTERN.match(raw):
                values["reference"] = raw
            else:
                errors["reference"] = "Enter a case reference like ACC-2026-00042"
        for name, label in _DATES.items():
            if raw := text(name):
                if (day := parse_day(raw)) is not None:
                    values[name] = day
                else:
                    errors[name] = f"{label} must be a real date, like 27/3/2026"
        start, end = values.get("raised_from"), values.get("raised_to")
        if start is not None and end is not None and end < start:
            errors["raised_to"] = "Raised to must be the same as or after raised from"
            del values["raised_to"]
        if raw := text("sort"):
            if raw in ORDERINGS:
                values["sort"] = raw
            else:
                errors["sort"] = "Sort the cases by one of the columns"
        return cls(**values), errors

    def to_query(self) -> str:
        """The filters that are set, url-encoded (dates as YYYY-MM-DD, flags as 1)."""
        pairs: list[tuple[str, str]] = []
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is None or value is False or (name == "sort" and value == DEFAULT_SORT):
                continue
            shown = (
                "1" if value is True else value.isoformat() if isinstance(value, date) else value
            )
            pairs.append((name, str(shown)))
        return urlencode(pairs)

    @property
    def narrowed(self) -> bool:
        """Is any filter set (beyond the partnership and the order)?"""
        return any(
            getattr(self, name) not in (None, False)
            for name in self.__dataclass_fields__
            if name not in {"partnership", "sort"}
        )


def parse_day(text: str) -> date | None:
    """27/3/2026 (or 27-3-2026, 27.3.2026) or 2026-03-27; None when it is not a real date."""
    if found := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in found.groups())
    elif found := _ISO.match(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None

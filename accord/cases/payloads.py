"""Engine events to and from JSON payloads (the shape of `accord policy simulate`'s events)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import Any

from accord.engine import events as ev

ENGINE_TYPES: dict[str, type[ev.Event]] = {
    "raised": ev.Raised,
    "step_done": ev.StepDone,
    "responded": ev.Responded,
    "escalated": ev.Escalated,
    "resolved": ev.Resolved,
    "signed_off": ev.SignedOff,
    "referred": ev.Referred,
    "closed": ev.Closed,
    "withdrawn": ev.Withdrawn,
    "fact_set": ev.FactSet,
    "deadline_set": ev.DeadlineSet,
    "taken_over": ev.TakenOver,
    "advised": ev.Advised,
}
_TYPE_OF = {cls: name for name, cls in ENGINE_TYPES.items()}
_DATE_FIELDS = {"concern_on"}


def is_engine_kind(kind: str) -> bool:
    return kind in ENGINE_TYPES


def to_payload(event: ev.Event) -> dict[str, Any]:
    """The JSON payload of an engine event: `type`, `at` (ISO 8601 with offset) and its fields."""
    payload: dict[str, Any] = {"type": _TYPE_OF[type(event)]}
    for field in fields(event):
        value = getattr(event, field.name)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, dict):
            value = dict(value)
        payload[field.name] = value
    return payload


def from_payload(payload: dict[str, Any]) -> ev.Event:
    """The engine event a stored payload describes (the inverse of `to_payload`)."""
    cls = ENGINE_TYPES[payload["type"]]
    known = {field.name for field in fields(cls)}
    values: dict[str, Any] = {}
    for name, value in payload.items():
        if name == "type" or name not in known:
            continue
        if name == "at":
            value = datetime.fromisoformat(value)
        elif name in _DATE_FIELDS and value is not None:
            value = date.fromisoformat(value)
        elif name == "due" and isinstance(value, str):
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        values[name] = value
    return cls(**values)


# The payload keys that hold people's own words, in an event or in the `details` an action adds:
# what retention removes (`without_free_text`). An action that stores a new kind of free text
# names its key here; tests/cases/test_retention.py fails until it does.
FREE_TEXT = frozenset({"reason", "note", "advice", "without_consensus", "holder_reason"})


def without_free_text(payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` with every non-empty text under a `FREE_TEXT` key emptied, in it and in its
    `details`; everything else (what the engine replays, what the reports count) kept."""

    def emptied(values: dict[str, Any]) -> dict[str, Any]:
        return {
            key: "" if key in FREE_TEXT and isinstance(value, str) else value
            for key, value in values.items()
        }

    kept = emptied(payload)
    if isinstance(kept.get("details"), dict):
        kept["details"] = emptied(kept["details"])
    return kept

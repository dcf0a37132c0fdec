"""EVENTS.json for `accord policy simulate`: a list of events in time order, read and checked.

Each problem is reported at the line where its event's object starts. What the lifecycle decides
(which stage, which step, in which state) is left to it; this module checks the shape: fields,
types, dates, names the policy declares, and time order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from accord.engine.events import Event
from accord.engine.lifecycle import EVENT_TYPES
from accord.engine.london import LONDON, morning_of
from accord.engine.policy.model import AGENCY_KINDS, Policy
from accord.engine.problems import InvalidFile, Problem
from accord.engine.rules import PARTIES, POSITIONS

_CLASSES = {name: cls for cls, name in EVENT_TYPES.items()}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHITESPACE = " \t\n\r"


@dataclass(frozen=True, slots=True)
class EventsFile:
    events: list[Event]
    lines: list[int]  # the line where each event's object starts


class _Bad(ValueError):
    """A field's value is wrong; the message says how."""


type Parser = Callable[[Any, Policy], Any]


def read_events(path: str, policy: Policy) -> EventsFile:
    """The events of the JSON file at `path`, or InvalidFile with every problem found."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidFile(
            [Problem(path, 0, f"cannot read the events file: {error.strerror}")]
        ) from None
    except UnicodeDecodeError:
        raise InvalidFile([Problem(path, 0, "the events file is not UTF-8 text")]) from None
    return parse_events(text, path, policy)


def parse_events(text: str, file: str, policy: Policy) -> EventsFile:
    """The events of JSON `text` (named `file` in problems)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"not valid JSON: {error.msg} (column {error.colno})"
        raise InvalidFile([Problem(file, error.lineno, problem)]) from None
    if not isinstance(data, list):
        raise InvalidFile([Problem(file, 1, "the events file must be a JSON list of events")])
    if not data:
        raise InvalidFile(
            [Problem(file, 1, "the list is empty; a case starts with a `raised` event")]
        )
    lines = _element_lines(text)
    events: list[Event] = []
    problems: list[Problem] = []
    previous = 0  # the number of the last event read
    for index, (item, line) in enumerate(zip(data, lines, strict=True)):
        try:
            event = _event(item, policy)
        except _Bad as bad:
            name = item.get("type") if isinstance(item, dict) else None
            label = f"event {index + 1} ({name})" if name in _CLASSES else f"event {index + 1}"
            problems.append(Problem(file, line, f"{label}: {bad}"))
            continue
        if events and event.at < events[-1].at:
            problems.append(
                Problem(
                    file,
                    line,
                    f"event {index + 1}: {event.at.isoformat()} is earlier than event {previous} "
                    f"({events[-1].at.isoformat()}); list events in time order",
                )
            )
        events.append(event)
        previous = index + 1
    if problems:
        raise InvalidFile(problems)
    return EventsFile(events, lines)


def _event(item: Any, policy: Policy) -> Event:
    if not isinstance(item, dict):
        raise _Bad("an event must be a JSON object")
    name = item.get("type")
    if name not in _CLASSES:
        raise _Bad(f"`type` must be one of {', '.join(_CLASSES)}, not {name!r}")
    fields = _FIELDS[name]
    unknown = sorted(set(item) - set(fields) - {"at", "type"})
    if unknown:
        raise _Bad(f"unknown field {unknown[0]!r}; {name} takes {_names(fields)}")
    missing = [key for key in ("at", *_REQUIRED.get(name, ())) if key not in item]
    if missing:
        raise _Bad(f"missing field {missing[0]!r}")
    values = {key: parse(item[key], policy) for key, parse in fields.items() if key in item}
    event: Event = _CLASSES[name](at=_instant(item["at"], "at"), **values)
    return event


def _names(fields: dict[str, Parser]) -> str:
    return ", ".join(f"`{key}`" for key in ("at", *fields)) if fields else "only `at`"


def _element_lines(text: str) -> list[int]:
    """The line on which each element of the top-level JSON list starts (the text is valid)."""
    decoder, lines = json.JSONDecoder(), []
    position, line, counted = _skip(text, 0) + 1, 1, 0
    while (position := _skip(text, position)) < len(text) and text[position] != "]":
        line += text.count("\n", counted, position)
        counted = position
        lines.append(line)
        _, position = decoder.raw_decode(text, position)
        position = _skip(text, position)
        if text[position] == ",":
            position += 1
    return lines


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def _instant(value: Any, field: str) -> datetime:
    """A date (09:00 Europe/London) or an ISO 8601 date-time (Europe/London without offset)."""
    if isinstance(value, str):
        try:
            if _DATE.fullmatch(value):
                return morning_of(date.fromisoformat(value))
            if len(value) > 10 and value[10] in "T ":
                instant = datetime.fromisoformat(value)
                return instant if instant.tzinfo else instant.replace(tzinfo=LONDON)
        except ValueError:
            pass
    raise _Bad(f"`{field}` must be a date (YYYY-MM-DD) or an ISO 8601 date-time, not {value!r}")


def _date(field: str) -> Parser:
    def parse(value: Any, policy: Policy) -> date:
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise _Bad(f"`{field}` must be a date (YYYY-MM-DD), not {value!r}")

    return parse


def _due(value: Any, policy: Policy) -> date | datetime:
    """`deadline_set`'s due: a date, or a date-time for an hours deadline."""
    if isinstance(value, str) and _DATE.fullmatch(value):
        day: date = _date("due")(value, policy)
        return day
    return _instant(value, "due")


def _kind(expected: type, words: str) -> Callable[[str], Parser]:
    def named(field: str) -> Parser:
        def parse(value: Any, policy: Policy) -> Any:
            if isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
                return value
            raise _Bad(f"`{field}` must be {words}, not {json.dumps(value)}")

        return parse

    return named


_text, _flag = _kind(str, "text"), _kind(bool, "true or false")


def _stage(field: str) -> Parser:
    def parse(value: Any, policy: Policy) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        raise _Bad(f"`{field}` must be a stage number (1 or more), not {json.dumps(value)}")

    return parse


def _one_of(field: str, choices: tuple[str, ...] | Callable[[Policy], tuple[str, ...]]) -> Parser:
    def parse(value: Any, policy: Policy) -> str:
        allowed = choices(policy) if callable(choices) else choices
        if isinstance(value, str) and value in allowed:
            return value
        raise _Bad(f"`{field}` must be one of {', '.join(allowed)}, not {json.dumps(value)}")

    return parse


def _facts(value: Any, policy: Policy) -> dict[str, bool]:
    if not isinstance(value, dict):
        raise _Bad("`facts` must be an object of fact: true or false")
    for fact, answer in value.items():
        _fact(fact, policy)
        _flag(f"facts.{fact}")(answer, policy)
    return dict(value)


def _fact(value: Any, policy: Policy) -> str:
    if isinstance(value, str) and value in policy.facts:
        return value
    declared = ", ".join(policy.facts) or "none"
    raise _Bad(
        f"fact {json.dumps(value)} is not declared in the policy's [facts] (declared: {declared})"
    )


_FIELDS: dict[str, dict[str, Parser]] = {
    "raised": {
        "stage": _stage("stage"),
        "urgent": _flag("urgent"),
        "reason": _text("reason"),
        "facts": _facts,
        "concern_on": _date("concern_on"),
        "subject": _one_of("subject", lambda policy: policy.subjects),
        "raising_agency": _one_of("raising_agency", AGENCY_KINDS),
        "receiving_agency": _one_of("receiving_agency", AGENCY_KINDS),
    },
    "step_done": {"step": _text("step")},
    "responded": {"position": _one_of("position", POSITIONS)},
    "escalated": {"to_stage": _stage("to_stage"), "reason": _text("reason")},
    "resolved": {},
    "signed_off": {"party": _one_of("party", PARTIES)},
    "referred": {"reason": _text("reason")},
    "closed": {},
    "withdrawn": {"reason": _text("reason")},
    "fact_set": {"fact": _fact, "value": _flag("value")},
    "deadline_set": {"deadline": _text("deadline"), "due": _due, "reason": _text("reason")},
    "taken_over": {"side": _one_of("side", PARTIES), "reason": _text("reason")},
    "advised": {},
}
_REQUIRED = {
    "step_done": ("step",),
    "signed_off": ("party",),
    "fact_set": ("fact", "value"),
    "deadline_set": ("deadline", "due", "reason"),
    "taken_over": ("side",),
}

"""A raise journey's answers in the session (database sessions: server-side), keyed by its id.

The id travels in the query string (`?journey=...`) so two journeys in two tabs do not mix; it is
random and says nothing about the case. The answers (the child's name among them) never leave the
session. Once the case is raised the answers are removed and only the reference is kept, so a
second submission finds "already raised" rather than raising again.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

JOURNEYS = "accord_raise_journeys"
RAISED = "accord_raise_raised"
KEEP_JOURNEYS = 5  # the newest few; starting more drops the oldest
KEEP_RAISED = 10


class Journey:
    """One journey's state: its partnership, policy version and answers (JSON-serialisable)."""

    def __init__(self, session: SessionBase, journey_id: str, data: dict[str, Any]) -> None:
        self.session = session
        self.id = journey_id
        self.data = data

    @property
    def partnership_id(self) -> int | None:
        value = self.data.get("partnership")
        return int(value) if value is not None else None

    @property
    def version_id(self) -> int | None:
        value = self.data.get("policy_version")
        return int(value) if value is not None else None

    @property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = self.data.setdefault("answers", {})
        return answers

    def choose_policy(self, partnership_id: int, version_id: int, *, via: str = "") -> None:
        """Set the partnership and policy version; every other answer starts again."""
        self.data["partnership"] = partnership_id
        self.data["policy_version"] = version_id
        self.data["via_exception"] = via
        self.data["answers"] = {}
        self.save()

    def update(self, values: dict[str, Any], *, clears: tuple[str, ...] = ()) -> None:
        """Store answers; when they differ from the stored ones, drop the answers in `clears`
        (those that depended on them)."""
        answers = self.answers
        changed = any(answers.get(key) != value for key, value in values.items())
        if changed:
            for key in clears:
                answers.pop(key, None)
        answers.update(values)
        self.save()

    def save(self) -> None:
        journeys = dict(self.session.get(JOURNEYS, {}))
        journeys[self.id] = self.data
        self.session[JOURNEYS] = journeys

    def finish(self, reference: str) -> None:
        """The case is raised: forget the answers, remember the reference."""
        journeys = dict(self.session.get(JOURNEYS, {}))
        journeys.pop(self.id, None)
        self.session[JOURNEYS] = journeys
        raised = dict(self.session.get(RAISED, {}))
        raised[self.id] = reference
        self.session[RAISED] = dict(list(raised.items())[-KEEP_RAISED:])


def start_journey(
    session: SessionBase, *, partnership_id: int | None, version_id: int | None
) -> Journey:
    journeys = dict(session.get(JOURNEYS, {}))
    while len(journeys) >= KEEP_JOURNEYS:
        journeys.pop(next(iter(journeys)))
    session[JOURNEYS] = journeys
    journey = Journey(session, secrets.token_urlsafe(12), {"answers": {}})
    if partnership_id is not None and version_id is not None:
        journey.choose_policy(partnership_id, version_id)
    else:
        journey.save()
    return journey


def find_journey(session: SessionBase, journey_id: str) -> Journey | None:
    data = session.get(JOURNEYS, {}).get(journey_id)
    if not isinstance(data, dict):
        return None
    return Journey(session, journey_id, data)


def raised_reference(session: SessionBase, journey_id: str) -> str | None:
    """The reference of the case a finished journey raised, if it is one."""
    value = session.get(RAISED, {}).get(journey_id)
    return str(value) if value else None

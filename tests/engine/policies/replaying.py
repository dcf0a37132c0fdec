"""Replay a case through a shipped policy file and turn the result into tables a test compares.

A case path is written as the JSON-like events of `accord policy simulate`; the expected values are
worked out by hand in each test module (never by running the engine) and compared whole, so a
missing, extra or moved deadline or notification fails the test.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from accord.engine.events_json import parse_events
from accord.engine.policy.loader import load_policy_file
from accord.engine.policy.model import Policy
from accord.engine.simulate import simulate

POLICIES = Path(__file__).resolve().parents[3] / "accord" / "policies"

# Who a reminder (`.../nudge`) goes to: the holders on both sides.
HOLDERS = ("raising_holder", "receiving_holder")
# Who hears at once of an urgent case besides the policy's `immediate_risk.inform`.
URGENT_SENIOR = "receiving_senior_manager"

type Row = tuple[str | None, str | None, str | None, str]  # from, due, done, status
type Notice = tuple[str, str, tuple[str, ...], str | None]  # at, trigger, to, form


def load(policy_id: str) -> Policy:
    """The shipped policy `accord/policies/<policy_id>.toml`, through the real loader."""
    return load_policy_file(str(POLICIES / f"{policy_id}.toml"))


def run(policy_id: str, events: list[dict[str, Any]], as_of: str | None = None) -> dict[str, Any]:
    """`accord policy simulate` on the shipped policy, through the engine's Python API."""
    policy = load(policy_id)
    parsed = parse_events(json.dumps(events), "events.json", policy)
    day = None if as_of is None else date.fromisoformat(as_of)
    return simulate(policy, parsed.events, as_of=day)


def deadlines(result: dict[str, Any]) -> dict[str, Row]:
    """Every deadline of a simulate result, by id: (from, due, done, status)."""
    return {d["id"]: (d["from"], d["due"], d["done"], d["status"]) for d in result["deadlines"]}


# Accord's alerts the tables below list beside the `notify` firings: reminders, non-response,
# urgency and referral. Due soon, passed, the outcome and the closing are tested elsewhere
# (tests/engine/test_who_is_told.py, tests/notifications).
LISTED_ALERTS = ("nudge", "non_response", "raised/urgent", "referred")


def notices(result: dict[str, Any]) -> list[Notice]:
    """The `notifications` of a simulate result (the policy's `notify` firings) and its `alerts`
    of the LISTED_ALERTS kinds, in a stable order."""
    for notice in result["notifications"]:
        assert notice["trigger"].startswith("stage:")  # a `notify` firing, nothing else
    listed = [a for a in result["alerts"] if a["trigger"].endswith(LISTED_ALERTS)]
    return ordered(
        [
            (n["at"], n["trigger"], tuple(n["to"]), n["form"])
            for n in [*result["notifications"], *listed]
        ]
    )


def ordered(notices: list[Notice]) -> list[Notice]:
    """Notifications sorted by date, trigger, recipients and form (the engine promises no order
    between notifications of the same instant)."""
    return sorted(notices, key=lambda n: (n[0], n[1], n[2], n[3] or ""))


def state(result: dict[str, Any]) -> tuple[str, int | None]:
    return result["state"]["status"], result["state"]["stage"]

"""Who is told what: the firings of a stage's `notify` rules, and who hears each of Accord's own
alerts.

`who_is_told` is the one place that decides the recipients of an alert. The replay (and so
`simulate`), `explain` and the live service (the sweep's alerts, `cases/notices.py`) all ask it;
`roles_for` turns its answer into the role keys and side recipients of one case, which the
application resolves to people (`cases/recipients.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from accord.engine.case_state import AlertKind, Notification, Response
from accord.engine.policy.model import Policy, Stage, counterpart_role

RAISING, RECEIVING = "raising", "receiving"
HOLDERS = ("raising_holder", "receiving_holder")  # who a reminder goes to
MANAGERS = ("raising_managers", "receiving_managers")  # who hears that the reminders stopped


@dataclass(frozen=True, slots=True)
class StageHolders:
    """The roles that hold stage `stage` on both sides (chosen by the kinds of the case's
    agencies): the contract's "next stage's roles" of `[non_response] action`."""

    stage: int


@dataclass(frozen=True, slots=True)
class WaitingHolder:
    """The holder on the side that must act (`waiting_side`)."""


# A role key, a side recipient (`raiser`, `raising_holder`, ...), or one of the two above.
type Recipient = str | StageHolders | WaitingHolder


@dataclass(frozen=True, slots=True)
class Parties:
    """What a recipient depends on in one case: its agencies' kinds and whose turn it is."""

    raising_agency: str | None
    receiving_agency: str | None
    waiting: str = RECEIVING


def who_is_told(policy: Policy, kind: AlertKind, *, stage: int) -> tuple[Recipient, ...]:
    """Who hears alert `kind` about something at `stage` (an empty tuple: nobody, no alert).

    Due soon and passed: the holder on the side that must act. Reminders: both holders; once
    they stop (`nudge_limit`), both holders' line managers.
    Non-response: the next stage's roles (`alert_next_level`), or `resolution.report_to` at the
    top stage. Urgent: `immediate_risk.inform`. Referred: `resolution.report_to`. The outcome and
    the closing: the raiser.
    """
    if kind in (AlertKind.DUE_SOON, AlertKind.PASSED):
        return (WaitingHolder(),)
    if kind is AlertKind.NUDGE:
        return HOLDERS
    if kind is AlertKind.NUDGES_STOPPED:
        return MANAGERS
    if kind is AlertKind.NON_RESPONSE:
        if stage >= policy.top_stage:
            return unique(policy.resolution.report_to)
        return (StageHolders(stage + 1),)
    if kind is AlertKind.RAISED_URGENT:
        return unique(policy.immediate_risk.inform)
    if kind is AlertKind.REFERRED:
        return unique(policy.resolution.report_to)
    return ("raiser",)  # OUTCOME, CLOSED


def roles_for(policy: Policy, recipients: Iterable[Recipient], parties: Parties) -> tuple[str, ...]:
    """`recipients` in one case, as role keys and side recipients (each once, in order)."""
    found: list[str] = []
    for recipient in recipients:
        if isinstance(recipient, StageHolders):
            found += holders(policy.stage(recipient.stage), parties)
        elif isinstance(recipient, WaitingHolder):
            found.append(f"{parties.waiting}_holder")
        else:
            found.append(recipient)
    return unique(found)


def told(policy: Policy, kind: AlertKind, *, stage: int, parties: Parties) -> tuple[str, ...]:
    """Who hears alert `kind` in the case of `parties`: `who_is_told`, for that case."""
    return roles_for(policy, who_is_told(policy, kind, stage=stage), parties)


def waiting_side(stage: int | None, responses: Sequence[Response]) -> str:
    """The side that must act: the receiving side until it responds at the stage, then the
    raising side."""
    return RAISING if any(r.stage == stage for r in responses) else RECEIVING


def holders(stage: Stage, parties: Parties) -> tuple[str, ...]:
    """The roles that hold `stage` on the raising and receiving sides (once each)."""
    return unique(
        [counterpart_role(stage.raising, parties.raising_agency)],
        [counterpart_role(stage.receiving, parties.receiving_agency)],
    )


def unique(*groups: Iterable[str]) -> tuple[str, ...]:
    """The recipients of all `groups`, each once, in the order first named."""
    return tuple(dict.fromkeys(name for group in groups for name in group))


def stage_notices(
    stage: Stage, on: str, at: datetime, facts: Mapping[str, bool]
) -> list[Notification]:
    """The notifications a stage's `notify` rules give for trigger `on`, `if` read now.

    On `entered` the stage's advisers join the first notification (or have one of their own when
    no rule applies), so every stage with advisers reports `stage:<n>/entered`.
    """
    trigger = f"stage:{stage.number}/{on}"
    notices = []
    advisers = stage.advisers if on == "entered" else ()
    for rule in stage.notify:
        if rule.on != on or (rule.if_fact is not None and not facts.get(rule.if_fact, False)):
            continue
        notices.append(Notification(at, trigger, unique(rule.to, advisers), rule.form))
        advisers = ()
    if advisers:
        notices.append(Notification(at, trigger, unique(advisers)))
    return notices

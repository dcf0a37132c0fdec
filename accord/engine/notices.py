"""Who is told what: the firings of a stage's `notify` rules, and who hears each of Accord's own
alerts.

`who_is_told` is the one place that decides the recipients of an alert. The replay (and so
`simulate`), `explain` and the live service (the sweep's alerts, `cases/notices.py`) all ask it;
`who_is_told_of_record` decides the same for the actions the engine does not read (a form record
submitted, a panel convened, a task assigned), which the actions record themselves.
`roles_for` turns its answer into the role keys and side recipients of one case, which the
application resolves to people (`cases/recipients.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from accord.engine.case_state import AlertKind, Notification, Response
from accord.engine.policy.model import Policy, Stage, counterpart_role

RAISING, RECEIVING = "raising", "receiving"
HOLDERS = ("raising_holder", "receiving_holder")  # who a reminder goes to
# Accord's own recipient (no policy names it): the receiving side's senior manager, told of an
# urgent case. Read from the procedures as whoever the policy's top stage names on the receiving
# side (Blackburn with Darwen's "Head of Service, Assistant Director or Director", Bath and North
# East Somerset's "Head of service"): the person at that level of the receiving holder's
# management chain, or the top of the chain where it has nobody at that level
# (`cases/recipients.py`).
RECEIVING_SENIOR = "receiving_senior_manager"

MANAGERS = ("raising_managers", "receiving_managers")  # who hears that the reminders stopped
# Accord's recipients of the records the engine does not read: the members of a case's
# resolution panel, and the person a task is assigned to (`cases/recipients.py`).
PANEL_MEMBERS = "panel_members"
TASK_OWNER = "task_owner"


class Recorded(StrEnum):
    """Actions the engine does not read (stored with `record_only`) whose people must still be
    told at once: a form record submitted, a resolution panel convened, a task assigned."""

    FORM_SUBMITTED = "form_submitted"
    PANEL_CONVENED = "panel_convened"
    TASK_ASSIGNED = "task_assigned"


@dataclass(frozen=True, slots=True)
class StageHolders:
    """The roles that hold stage `stage` on both sides (chosen by the kinds of the case's
    agencies): the contract's "next stage's roles" of `[non_response] action`."""

    stage: int


@dataclass(frozen=True, slots=True)
class WaitingHolder:
    """The holder on the side that must act (`waiting_side`)."""


@dataclass(frozen=True, slots=True)
class OtherHolder:
    """The holder on the side other than the one that acted (`Parties.acting`)."""


@dataclass(frozen=True, slots=True)
class ReplacedHolder:
    """The holder the side that acted had until now (`Parties.acting`: a side taken over)."""


# A role key, a side recipient (`raiser`, `raising_holder`, ...), or one of the four above.
type Recipient = str | StageHolders | WaitingHolder | OtherHolder | ReplacedHolder
# The side recipient of a side's holder until it was taken over: `replaced_raising_holder`, ...
REPLACED = "replaced_{side}_holder"


@dataclass(frozen=True, slots=True)
class Parties:
    """What a recipient depends on in one case: its agencies' kinds and whose turn it is."""

    raising_agency: str | None
    receiving_agency: str | None
    waiting: str = RECEIVING
    acting: str | None = None  # the side that took the action told of (a sign-off's party)


def who_is_told(policy: Policy, kind: AlertKind, *, stage: int) -> tuple[Recipient, ...]:
    """Who hears alert `kind` about something at `stage` (an empty tuple: nobody, no alert).

    Due soon and passed: the holder on the side that must act. Reminders: both holders; once
    they stop (`nudge_limit`), both holders' line managers.
    Non-response: the next stage's roles (`alert_next_level`), or `resolution.report_to` at the
    top stage, and the raiser. Told at once of an action: a case raised, its holders; escalated,
    the new holders and the raiser; moved on, the holders of the stage it left; a response, the
    raising holder; an outcome recorded, both holders; a sign-off, the other party's holder.
    Urgent: both holders, `immediate_risk.inform` and the receiving side's senior manager.
    Referred: `resolution.report_to`, both holders (the side that referred it and the other) and
    the raiser. The outcome and the closing: the raiser. A side taken over by its next level:
    the raiser, the holder it replaced and the other side's holder. Advice recorded by an
    adviser: both holders.
    """
    if kind in (AlertKind.DUE_SOON, AlertKind.PASSED):
        return (WaitingHolder(),)
    if kind in (
        AlertKind.NUDGE,
        AlertKind.RAISED,
        AlertKind.MOVED_ON,
        AlertKind.RESOLUTION,
        AlertKind.ADVISED,
    ):
        return HOLDERS
    if kind is AlertKind.NUDGES_STOPPED:
        return MANAGERS
    if kind is AlertKind.NON_RESPONSE:  # and the raiser hears that the other side is silent
        if stage >= policy.top_stage:
            return unique(policy.resolution.report_to, ["raiser"])
        return (StageHolders(stage + 1), "raiser")
    if kind is AlertKind.ESCALATED:
        return (*HOLDERS, "raiser")
    if kind is AlertKind.RESPONDED:
        return ("raising_holder",)
    if kind is AlertKind.SIGNED_OFF:
        return (OtherHolder(),)
    if kind is AlertKind.RAISED_URGENT:
        return unique(HOLDERS, policy.immediate_risk.inform, [RECEIVING_SENIOR])
    if kind is AlertKind.REFERRED:
        return unique(policy.resolution.report_to, HOLDERS, ["raiser"])
    if kind is AlertKind.TAKEN_OVER:
        return ("raiser", ReplacedHolder(), OtherHolder())
    return ("raiser",)  # OUTCOME, CLOSED


def who_is_told_of_record(
    policy: Policy, kind: Recorded, *, form: str = "", trigger: str = ""
) -> tuple[str, ...]:
    """Who hears at once of action `kind`, which the engine does not read (the person who took
    it excepted, as for the alerts of an action).

    A form record submitted: the people the policy sends it to, as its `notify` rule that set
    the record off (`trigger`, `stage:<n>/<on>`) names them (every rule naming `form` when none
    of that trigger does), less the holders: a rule naming a holder asks them to complete the
    record (`cases/action_rules.asked_of`), it does not send it to them. A resolution panel
    convened: its members, both holders (the parties who make representations to it) and the
    raiser. A task: the person it is assigned to.
    """
    if kind is Recorded.FORM_SUBMITTED:
        rules = [(s.number, r) for s in policy.stages for r in s.notify if r.form == form]
        fired = [r for n, r in rules if trigger == f"stage:{n}/{r.on}"]
        to = unique(*(r.to for r in (fired or [r for _, r in rules])))
        return tuple(name for name in to if name not in HOLDERS)
    if kind is Recorded.PANEL_CONVENED:
        return unique([PANEL_MEMBERS], HOLDERS, ["raiser"])
    return (TASK_OWNER,)


def roles_for(policy: Policy, recipients: Iterable[Recipient], parties: Parties) -> tuple[str, ...]:
    """`recipients` in one case, as role keys and side recipients (each once, in order)."""
    found: list[str] = []
    for recipient in recipients:
        if isinstance(recipient, StageHolders):
            found += holders(policy.stage(recipient.stage), parties)
        elif isinstance(recipient, WaitingHolder):
            found.append(f"{parties.waiting}_holder")
        elif isinstance(recipient, OtherHolder):
            found.append(f"{RECEIVING if parties.acting == RAISING else RAISING}_holder")
        elif isinstance(recipient, ReplacedHolder):
            found.append(REPLACED.format(side=parties.acting or RECEIVING))
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

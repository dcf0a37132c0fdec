"""Which notifications a case should have, each under the key that makes it happen once.

Two sources agree on the keys: the engine's notifications (replaying a case's events) and the
alerts the sweep finds from stored deadlines. Accord adds its own: due soon and passed for the
holders on the side that must act, the next level up on that side after non-response, and the
raiser told of the outcome and the closing, always.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from accord.engine.case_state import CaseState, Notification
from accord.engine.events import Closed, Event, Resolved
from accord.engine.notices import HOLDERS, stage_notices
from accord.engine.policy.model import Policy

from .models import NotificationKind as Kind

CASE_TOPIC = "case"
STANDARD_FORM_TITLES = {
    "notification": "Notification that a stage was reached",
    "resolution-record": "Record of the agreed outcome",
}
_STAGE_TRIGGERS = {
    "entered": Kind.STAGE_ENTERED,
    "escalating": Kind.STAGE_ESCALATING,
    "resolved": Kind.STAGE_RESOLVED,
    "due_soon": Kind.STAGE_DUE_SOON,
    "breached": Kind.STAGE_BREACHED,
}


@dataclass(frozen=True, slots=True)
class Expected:
    """A notification the case should have: its key, when it fell due and whom it is for."""

    topic: str
    kind: Kind
    number: int
    trigger: str
    at: datetime
    roles: tuple[str, ...]
    form: str = ""

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.topic, str(self.kind), self.number)


def holders_of(side: str) -> tuple[str, ...]:
    return (f"{side}_holder",)


def non_response_roles(policy: Policy, *, stage: int, awaiting_side: str) -> tuple[str, ...]:
    """Who hears of a non-response: the next level up on the side that must act, or the
    partnership (`resolution.report_to`) at the top stage (nobody when it names no one)."""
    if stage >= policy.top_stage:
        return tuple(policy.resolution.report_to)
    return (f"{awaiting_side}_managers",)


def from_engine(
    notices: Sequence[Notification], *, policy: Policy, awaiting_side: str
) -> list[Expected]:
    """The engine's notifications under their keys.

    `stage:<n>/<on>` is keyed by the stage and numbered by rule; `<deadline>/nudge` numbered
    from 1 in order; `<deadline>/non_response` goes to the next level up on the waiting side.
    """
    seen: Counter[str] = Counter()
    expected = []
    for notice in sorted(notices, key=lambda n: n.at):
        number = seen[notice.trigger]
        seen[notice.trigger] += 1
        head, _, tail = notice.trigger.rpartition("/")
        roles, form = tuple(notice.to), notice.form or ""
        if tail == "nudge":
            kind, topic, number = Kind.NUDGE, head, number + 1
        elif tail == "non_response":
            kind, topic = Kind.NON_RESPONSE, head
            stage = int(head.split("/")[0].removeprefix("stage:"))
            roles = non_response_roles(policy, stage=stage, awaiting_side=awaiting_side)
            if not roles:
                continue
        elif notice.trigger == "raised/urgent":
            kind, topic = Kind.RAISED_URGENT, CASE_TOPIC
        elif notice.trigger == "referred":
            kind, topic = Kind.REFERRED, CASE_TOPIC
        else:
            kind, topic = _STAGE_TRIGGERS[tail], head
        expected.append(Expected(topic, kind, number, notice.trigger, notice.at, roles, form))
    return expected


def for_raiser(events: Sequence[Event], engine: Sequence[Expected]) -> list[Expected]:
    """The raiser always hears the outcome and the closing (unless the policy already tells them
    of the outcome at that moment)."""
    told = {e.at for e in engine if e.kind is Kind.STAGE_RESOLVED and "raiser" in e.roles}
    expected = []
    for event in events:
        if isinstance(event, Resolved) and event.at not in told:
            expected.append(
                Expected(CASE_TOPIC, Kind.OUTCOME, 0, "resolved", event.at, ("raiser",))
            )
        elif isinstance(event, Closed):
            expected.append(Expected(CASE_TOPIC, Kind.CLOSED, 0, "closed", event.at, ("raiser",)))
    return expected


def expected_notifications(
    state: CaseState, *, events: Sequence[Event], policy: Policy, awaiting_side: str
) -> list[Expected]:
    """Everything the engine and Accord say this case should have told someone by now."""
    engine = from_engine(state.notifications, policy=policy, awaiting_side=awaiting_side)
    return engine + for_raiser(events, engine)


def stage_rule_notices(
    policy: Policy, *, stage: int, on: str, at: datetime, facts: Mapping[str, bool]
) -> list[Expected]:
    """A stage's own `due_soon` or `breached` rules, as the engine fires them, keyed."""
    notices = stage_notices(policy.stage(stage), on, at, dict(facts))
    return from_engine(notices, policy=policy, awaiting_side="receiving")


def deadline_alert(
    *, topic: str, kind: Kind, at: datetime, awaiting_side: str, number: int = 0
) -> Expected:
    """One of Accord's own alerts about a stored deadline (not a non-response: see above)."""
    roles = HOLDERS if kind is Kind.NUDGE else holders_of(awaiting_side)
    suffix = {Kind.DUE_SOON: "due_soon", Kind.PASSED: "passed", Kind.NUDGE: "nudge"}[kind]
    return Expected(topic, kind, number, f"{topic}/{suffix}", at, roles)


def summary_of(kind: str, topic: str, labels: Mapping[str, str]) -> str:
    """What is needed, in words: the kind, and the deadline or stage it is about."""
    text = Kind(kind).label
    about = labels.get(topic) or (topic.replace("stage:", "Stage ") if topic != CASE_TOPIC else "")
    return f"{text} ({about})" if about else text


def form_title(policy: Policy, form_id: str) -> str:
    if not form_id:
        return ""
    form = policy.form(form_id)
    return form.title if form is not None else STANDARD_FORM_TITLES.get(form_id, form_id)

"""Which notifications a case should have, each under the key that makes it happen once.

The engine decides what and whom: the firings of the policy's `notify` rules, and Accord's own
alerts with the recipients `engine.notices.who_is_told` gives. Here they get their keys, so the
replay of a case (`expected_notifications`) and the sweep's alerts from stored deadlines
(`deadline_alert`, `stage_rule_notices`) record each once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.utils.translation import gettext

from accord.accounts.languages import ENGLISH, speaking
from accord.engine.case_state import Alert, AlertKind, CaseState, Notification
from accord.engine.deadlines import UNFINISHED
from accord.engine.london import london_date
from accord.engine.notices import Parties, Recorded, stage_notices, told, who_is_told_of_record
from accord.engine.policy.model import Policy
from accord.engine.stage_clocks import clock_label
from accord.partnerships.policy_texts import shown_text

from .due_deadlines import DueDeadline
from .models import Case, Deadline
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


@dataclass(slots=True)
class Notice:
    """A case notification as it is recorded: `CaseNotification`'s columns, not a model
    instance (a sweep records thousands); `pk` once it is stored (0 before)."""

    case_id: int
    topic: str
    kind: str
    number: int
    trigger: str
    summary: str
    due_at: datetime
    roles: list[str]
    form: str
    created_at: datetime
    pk: int = 0


def expected_notifications(state: CaseState) -> list[Expected]:
    """Everything the engine says this case should have told someone by now."""
    return rule_firings(state.notifications) + keyed_alerts(state.alerts)


def rule_firings(notices: Sequence[Notification]) -> list[Expected]:
    """`stage:<n>/<on>` keyed by the stage and numbered by rule."""
    if not notices:  # most stages' due-soon and breach have no rules of their own
        return []
    seen: Counter[str] = Counter()
    expected = []
    for notice in sorted(notices, key=lambda n: n.at):
        number = seen[notice.trigger]
        seen[notice.trigger] += 1
        topic, _, on = notice.trigger.rpartition("/")
        kind = _STAGE_TRIGGERS[on]
        form = notice.form or ""
        expected.append(Expected(topic, kind, number, notice.trigger, notice.at, notice.to, form))
    return expected


def keyed_alerts(alerts: Sequence[Alert]) -> list[Expected]:
    """Accord's alerts keyed by their deadline (or the case); reminders numbered from 1."""
    seen: Counter[tuple[str | None, AlertKind]] = Counter()
    expected = []
    for alert in sorted(alerts, key=lambda a: a.at):
        number = seen[alert.about, alert.kind] + (alert.kind is AlertKind.NUDGE)
        seen[alert.about, alert.kind] += 1
        topic = alert.about or CASE_TOPIC
        kind = Kind(str(alert.kind))
        expected.append(Expected(topic, kind, number, alert.trigger, alert.at, alert.to))
    return expected


def record_notice(
    policy: Policy, kind: Recorded, *, topic: str, at: datetime, form: str = "", trigger: str = ""
) -> list[Expected]:
    """The notification of an action the engine does not read (`kind`), about `topic` (the
    form record `form:<id>`, the task `task:<id>`, or `case`), to whom the engine says (none
    when it names nobody). `form` and `trigger` are a submitted record's form and the rule that
    set it off."""
    to = who_is_told_of_record(policy, kind, form=form, trigger=trigger)
    if not to:
        return []
    return [Expected(topic, Kind(str(kind)), 0, f"{topic}/{kind}", at, to)]


def stage_rule_notices(
    policy: Policy, *, stage: int, on: str, at: datetime, facts: Mapping[str, bool]
) -> list[Expected]:
    """A stage's own `due_soon` or `breached` rules, as the engine fires them, keyed."""
    return rule_firings(stage_notices(policy.stage(stage), on, at, facts))


def parties_of(case: Case) -> Parties:
    """What the recipients of an alert depend on, as the case row stores it."""
    return Parties(case.raising_agency.kind, case.receiving_agency.kind, case.awaiting_side)


@dataclass
class Told:
    """What the engine has said of a batch's alerts (`deadline_alert`), kept while it is swept:
    whom each alert tells, by policy version, kind, stage and what the case's parties are read
    from (its agencies, as ids, and the side it waits for); and each alert's trigger, by its
    deadline's key and its kind."""

    whom: dict[tuple[int, Kind, int, int, int, str], tuple[str, ...]] = field(default_factory=dict)
    triggers: dict[tuple[str, Kind], str] = field(default_factory=dict)


def deadline_alert(
    policy: Policy,
    case: Case,
    row: Deadline | DueDeadline,
    *,
    kind: Kind,
    at: datetime,
    number: int = 0,
    known: Told | None = None,
) -> list[Expected]:
    """One of Accord's alerts about a stored deadline, to whom the engine says (none when it
    names nobody). `known` keeps the engine's answers for a batch (the same policy, kind, stage
    and parties get the same answer)."""
    known = Told() if known is None else known
    stage = row.stage or case.stage
    asked = (
        case.policy_version_id,
        kind,
        stage,
        case.raising_agency_id,
        case.receiving_agency_id,
        case.awaiting_side,
    )
    if (to := known.whom.get(asked)) is None:
        alert_kind = AlertKind(str(kind))
        to = known.whom[asked] = told(policy, alert_kind, stage=stage, parties=parties_of(case))
    if not to:
        return []
    if (trigger := known.triggers.get((row.key, kind))) is None:
        alert = Alert(at, AlertKind(str(kind)), row.key, to)
        trigger = known.triggers[row.key, kind] = alert.trigger
    return [Expected(row.key, kind, number, trigger, at, to)]


class Dated(NamedTuple):
    """What `deadline_for` reads of a stored deadline (a `Deadline` has the same)."""

    key: str
    stage: int | None
    status: str
    due: date | datetime | None


def deadline_for[R: (Deadline, Dated)](topic: str, stage: int, rows: Iterable[R]) -> R | None:
    """The running, dated deadline a notification about `topic` asks to meet: the deadline
    itself, or the earliest of the stage's (`stage:<n>`; the case's current `stage` for `case`).
    None when nothing about it runs to a date (a stage left, an outcome, a `none` stage)."""
    running = [r for r in rows if r.status in UNFINISHED and r.due is not None]
    if own := [r for r in running if r.key == topic]:
        return own[0]
    if topic.startswith("stage:") and "/" not in topic:
        stage = int(topic.removeprefix("stage:"))
    elif topic != CASE_TOPIC:
        return None
    at_stage = [r for r in running if r.stage == stage]
    return min(at_stage, key=lambda r: _day(r.due), default=None)


def _day(due: date | datetime | None) -> date:
    return london_date(due) if isinstance(due, datetime) else due or date.max


def summary_of(kind: str, topic: str, labels: Mapping[str, str]) -> str:
    """What is needed, in English words (the record a notification keeps, whoever's request
    writes it): the kind, and the deadline (by its stored label) or stage it is about."""
    with speaking(ENGLISH):
        return _summary(kind, topic, labels.get(topic))


def summary_in(language: str, kind: str, topic: str, policy: Policy) -> str:
    """The same in `language`: the deadline named in it (`stage_clocks.clock_label`, with the
    policy's own text for its stage in that language where it has one)."""
    with speaking(language):
        return _summary(kind, topic, clock_label(policy, topic))


def _summary(kind: str, topic: str, label: str | None) -> str:
    text = str(Kind(kind).label)
    number = topic.removeprefix("stage:")
    if label:
        about = label
    elif topic == CASE_TOPIC:
        about = ""
    elif topic.startswith("stage:") and number.isdigit():
        about = gettext("Stage %(number)s") % {"number": number}
    else:
        about = topic.replace("stage:", "Stage ")
    return f"{text} ({about})" if about else text


def form_title(policy: Policy, form_id: str) -> str:
    if not form_id:
        return ""
    form = policy.form(form_id)
    return (
        shown_text(form.title) if form is not None else STANDARD_FORM_TITLES.get(form_id, form_id)
    )

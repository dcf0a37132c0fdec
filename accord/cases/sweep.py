"""The periodic sweep (`accord tick`): alerts whose stored instant has come, and any notification
a write should have recorded and did not.

Alerts come from stored state alone: one indexed range over `Deadline.next_alert_at` finds the
deadlines with something due, in batches locked with SKIP LOCKED so two sweeps share the work.
Every notification has a unique key and is inserted ignoring conflicts, so a second sweep, or two
at once, add nothing. Then the cases written since the last sweep (less a margin) are replayed and
compared with what is stored, to catch anything an action missed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from accord.engine.calendar import Calendar
from accord.engine.policy.model import Duration, Policy, Unit
from accord.engine.replay import replay

from .deadline_alerts import ALERT_COLUMNS, save_alerts
from .models import Case, CaseEvent, Deadline, SweepRun
from .models import NotificationKind as Kind
from .notices import Expected, deadline_alert, stage_rule_notices
from .notifying import notices_of, recipient_cases, record_notifications
from .state import engine_context, engine_events

BATCH = 1000  # deadlines per transaction
REPLAY_BATCH = 100  # recently written cases per transaction
FIRST_LOOK_BACK = timedelta(days=1)  # how far back the very first sweep re-derives


@dataclass
class SweepReport:
    now: str
    deadlines: int = 0  # deadlines with an alert due
    notifications: int = 0  # notifications recorded from those alerts
    cases_rechecked: int = 0  # cases written since the last sweep, replayed
    missed: int = 0  # notifications those replays found missing


def sweep(*, now: datetime) -> SweepReport:
    """Record every notification due by `now` that is not recorded yet."""
    report = SweepReport(now=now.isoformat())
    since = _last_run(now)
    contexts: dict[tuple[int, int], tuple[Policy, Calendar]] = {}
    while _alert_batch(now=now, report=report, contexts=contexts) == BATCH:
        pass
    _recheck(since=since, now=now, report=report, contexts=contexts)
    SweepRun.objects.create(now=now, report=asdict(report))
    return report


def _last_run(now: datetime) -> datetime:
    last = SweepRun.objects.filter(now__lte=now).order_by("-now").values_list("now", flat=True)
    previous = last.first() or now - FIRST_LOOK_BACK
    return previous - timedelta(seconds=settings.ACCORD_SWEEP_OVERLAP_SECONDS)


def _context(
    case: Case, contexts: dict[tuple[int, int], tuple[Policy, Calendar]]
) -> tuple[Policy, Calendar]:
    key = (case.partnership_id, case.policy_version_id)
    if key not in contexts:
        contexts[key] = engine_context(case.partnership, case.policy_version)
    return contexts[key]


def due_deadlines(now: datetime) -> QuerySet[Deadline]:
    """The next batch of deadlines with an alert due by `now`, locked, skipping those another
    sweep holds (one range over the partial index on `next_alert_at`)."""
    return (
        Deadline.objects.select_for_update(skip_locked=True)
        .filter(next_alert_at__lte=now)
        .order_by("next_alert_at", "pk")[:BATCH]
    )


def written_between(since: datetime, now: datetime) -> QuerySet[Case, int]:
    """The ids of the cases written in [since, now] (the index on `last_event_at`)."""
    return (
        Case.objects.filter(last_event_at__gte=since, last_event_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def _alert_batch(
    *, now: datetime, report: SweepReport, contexts: dict[tuple[int, int], tuple[Policy, Calendar]]
) -> int:
    rows = list(due_deadlines(now))
    if not rows:
        return 0
    cases = recipient_cases({r.case_id for r in rows})
    found = []
    for row in rows:
        case = cases[row.case_id]
        policy, calendar = _context(case, contexts)
        found.append((case, _fire(row, case, policy, calendar, now), {row.key: row.label}))
    report.deadlines += len(rows)
    report.notifications += record_notifications(found, now=now)
    save_alerts(rows, fields=[*ALERT_COLUMNS, "status"])
    return len(rows)


def _fire(
    row: Deadline, case: Case, policy: Policy, calendar: Calendar, now: datetime
) -> list[Expected]:
    """The notifications of `row`'s alerts due by `now`; the row moves on to its next alert."""
    fired: list[Expected] = []
    if not row.is_open or case.status != "open":
        row.next_alert_at = None  # ended without the write clearing it: nothing to say
        for name in Deadline.ALERT_FIELDS:
            setattr(row, name, None)
        return fired
    at = row.due_soon_alert_at
    if at is not None and at <= now:
        fired += deadline_alert(policy, case, row, kind=Kind.DUE_SOON, at=at)
        if row.kind == "stage" and row.stage:
            fired += stage_rule_notices(
                policy, stage=row.stage, on="due_soon", at=at, facts=case.facts
            )
        row.due_soon_alert_at = None
    at = row.passed_alert_at
    if at is not None and at <= now:
        fired += deadline_alert(policy, case, row, kind=Kind.PASSED, at=at)
        if row.kind == "stage" and row.stage:
            fired += stage_rule_notices(
                policy, stage=row.stage, on="breached", at=at, facts=case.facts
            )
        row.passed_alert_at, row.status = None, "overdue"
    at = row.non_response_alert_at
    if at is not None and at <= now:
        fired += deadline_alert(policy, case, row, kind=Kind.NON_RESPONSE, at=at)
        row.non_response_alert_at = None
    while row.nudge_alert_at is not None and row.nudge_alert_at <= now:
        row.nudges_sent += 1
        at = row.nudge_alert_at
        fired += deadline_alert(policy, case, row, kind=Kind.NUDGE, at=at, number=row.nudges_sent)
        row.nudge_alert_at = _next_nudge(row, after=at, calendar=calendar)
    row.set_next_alert()
    return fired


def _next_nudge(row: Deadline, *, after: datetime, calendar: Calendar) -> datetime | None:
    from accord.engine.alerts import next_nudge

    if not row.nudge_unit or row.nudge_within is None:
        return None
    every = Duration(Unit(row.nudge_unit), row.nudge_within)
    return next_nudge(after=after, every=every, calendar=calendar)


def _recheck(
    *,
    since: datetime,
    now: datetime,
    report: SweepReport,
    contexts: dict[tuple[int, int], tuple[Policy, Calendar]],
) -> None:
    """Replay the cases written since `since` and record any notification they lack."""
    ids = list(written_between(since, now))
    for start in range(0, len(ids), REPLAY_BATCH):
        with transaction.atomic():
            cases = recipient_cases(ids[start : start + REPLAY_BATCH])
            history: dict[int, list[CaseEvent]] = {pk: [] for pk in cases}
            for event in CaseEvent.objects.filter(case_id__in=cases).order_by("case", "sequence"):
                history[event.case_id].append(event)
            stored: dict[int, list[Deadline]] = {pk: [] for pk in cases}
            for deadline in Deadline.objects.filter(case_id__in=cases):
                stored[deadline.case_id].append(deadline)
            found = []
            for pk, case in cases.items():
                policy, calendar = _context(case, contexts)
                events = engine_events(history[pk])
                if not events:
                    continue
                fixed = {d.key: d.due for d in stored[pk] if d.due is not None}
                state = replay(policy, calendar, events, as_of=now, fixed_dues=fixed)
                found.append(notices_of(case, state))
            report.cases_rechecked += len(found)
            report.missed += record_notifications(found, now=now)

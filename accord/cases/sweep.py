"""The periodic sweep (`accord tick`): alerts whose stored instant has come, and any notification
a write should have recorded and did not.

Alerts come from stored state alone: one indexed range over `Deadline.next_alert_at` finds the
deadlines with something due, in batches locked with SKIP LOCKED so two sweeps share the work
(and, on PostgreSQL, two threads of one sweep: `sweep_batches`, decision 39).
Every notification has a unique key and is inserted ignoring conflicts, so a second sweep, or two
at once, add nothing. Then the cases written since the last sweep (less a margin) are replayed and
compared with what is stored, to catch anything an action missed.

Of the alerts of one deadline that fall together (a catch-up), only the latest is told, and each
person who wants e-mails at once gets one e-mail at the end of the sweep listing every notice
(`catch_up`, `notifications.gathered`; decision 21).

Nothing one case can hold stops the sweep: a case whose alerts or replay fail is recorded with
its reason (`accord.cases.sweep_failures`), skipped, and tried again at every later sweep.

The re-checked cases' event logs are verified too (`accord.cases.chain`), and every case's in
turn, a slice a sweep (`sweep_logs`): a broken one is recorded the same way and its partnership's
administrators told, once per break. Last, the case heads that moved are checkpointed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import QuerySet

from accord.engine.alerts import next_nudge, reminder_kind
from accord.engine.calendar import Calendar
from accord.engine.case_state import AlertKind
from accord.engine.deadlines import DEFAULT_NUDGE_LIMIT
from accord.engine.policy.model import Duration, Policy, Unit
from accord.engine.replay import replay
from accord.engine.speech import in_english
from accord.notifications.digests import send_digests
from accord.notifications.gathered import send_gathered
from accord.notifications.outages import keep_delivering

from .by_when import Held
from .chain import LogAltered, checked_cases
from .checkpoints import take_checkpoints
from .deadline_alerts import changed, marks, save_alerts
from .due_deadlines import DueDeadline, read_due
from .models import Case, CaseEvent, CaseStatus, Deadline, SweepRun
from .models import NotificationKind as Kind
from .notices import Expected, Told, deadline_alert, stage_rule_notices
from .notifying import Found, notices_of, recipient_cases, record_notifications
from .retention import run_retention
from .state import engine_context, engine_events, fixed_dues
from .sweep_batches import Contexts, Skipped, alert_batches, collector_paused
from .sweep_failures import clear_failures, failing_case_ids, record_failure
from .sweep_logs import checked_in_turn, log_altered
from .sweep_report import SweepReport

# Deadlines per transaction. Each batch costs some seventeen statements whatever its size (its
# cases, their people, the inserts, the commit); 2,500 rather than 1,000 takes a tenth of the SQL
# time off a catch-up of 10,000 (issue 17) and holds its locks for about a second.
BATCH = 2500
REPLAY_BATCH = 100  # recently written cases per transaction
FIRST_LOOK_BACK = timedelta(days=1)  # how far back the very first sweep re-derives


def sweep(*, now: datetime) -> SweepReport:
    """Record every notification due by `now` that is not recorded yet."""
    started = time.perf_counter()
    report = SweepReport(now=now.isoformat())
    since = _last_run(now)
    contexts: Contexts = {}
    skipped = Skipped()  # cases that failed in this run: their deadlines wait for the next
    with in_english():  # what the replays write (a failure's reason) is a record, in English
        batch = partial(_alert_batch, now=now)  # on two threads on PostgreSQL (sweep_batches)
        alert_batches(batch, size=BATCH, report=report, contexts=contexts, skipped=skipped)
        _recheck(since=since, now=now, report=report, contexts=contexts, skipped=set(skipped))
    _check_logs_in_turn(now=now, report=report)
    report.emails = send_gathered(now=now)
    report.checkpoints = take_checkpoints(now=now)
    report.took_seconds = round(time.perf_counter() - started, 3)
    SweepRun.objects.create(now=now, report=asdict(report))
    return report


def _failed(case: Case, error: Exception, *, now: datetime, report: SweepReport) -> None:
    if isinstance(error, DatabaseError):
        raise error  # the transaction is broken: the whole batch is tried again next run
    reason = record_failure(case, error, now=now)
    report.failed.append({"case": case.reference, "reason": reason})


def _last_run(now: datetime) -> datetime:
    last = SweepRun.objects.filter(now__lte=now).order_by("-now").values_list("now", flat=True)
    previous = last.first() or now - FIRST_LOOK_BACK
    return previous - timedelta(seconds=settings.ACCORD_SWEEP_OVERLAP_SECONDS)


def _context(case: Case, contexts: Contexts) -> tuple[Policy, Calendar]:
    key = (case.partnership_id, case.policy_version_id)
    if key not in contexts:
        contexts[key] = engine_context(case.partnership, case.policy_version)
    return contexts[key]


def due_deadlines(now: datetime, *, skipped: Iterable[int] = ()) -> QuerySet[Deadline]:
    """The next batch of deadlines with an alert due by `now`, locked, skipping those another
    sweep holds (one range over the partial index on `next_alert_at`) and those of the cases
    this sweep has `skipped`."""
    due = Deadline.objects.select_for_update(skip_locked=True).filter(next_alert_at__lte=now)
    if skipped:
        due = due.exclude(case_id__in=sorted(skipped))
    return due.order_by("next_alert_at", "pk")[:BATCH]


def written_between(since: datetime, now: datetime) -> QuerySet[Case, int]:
    """The ids of the cases written in [since, now] (the index on `last_event_at`)."""
    return (
        Case.objects.filter(last_event_at__gte=since, last_event_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@collector_paused()
@transaction.atomic
def _alert_batch(
    *, now: datetime, report: SweepReport, contexts: Contexts, skipped: Skipped
) -> int:
    rows = read_due(due_deadlines(now, skipped=skipped))
    if not rows:
        return 0
    cases = recipient_cases({row.case_id for row in rows})
    before = {row.id: marks(row) for row in rows}
    found, fired, known = [], [], Told()
    for row in rows:
        if row.case_id in skipped:
            continue
        case = cases[row.case_id]
        try:
            policy, calendar = _context(case, contexts)
            found.append(
                (case, _fire(row, case, policy, calendar, now, known), {row.key: row.label})
            )
        except Exception as error:  # one case must not stop the sweep
            _failed(case, error, now=now, report=report)
            skipped.add(row.case_id)
            continue
        fired.append(row)
    report.deadlines += len(fired)
    told = [row for row in fired if row.case_id not in skipped]
    held: dict[int, list[DueDeadline]] = {}
    for row in told:
        held.setdefault(row.case_id, []).append(row)
    calendars = {key: calendar for key, (_, calendar) in contexts.items()}
    report.notifications += record_notifications(
        [f for f in found if f[0].id not in skipped],
        now=now,
        gather=True,
        held=Held(held, calendars),
    )
    save_alerts(*changed(told, before))
    return len(rows)


def _fire(
    row: DueDeadline, case: Case, policy: Policy, calendar: Calendar, now: datetime, known: Told
) -> list[Expected]:
    """The notifications of `row`'s alerts due by `now` (`known`: see `deadline_alert`); the
    row moves on to its next alert."""
    fired: list[Expected] = []
    if not row.is_open or case.status != CaseStatus.OPEN:
        row.next_alert_at = None  # ended without the write clearing it: nothing to say
        for name in Deadline.ALERT_FIELDS:
            setattr(row, name, None)
        return fired
    staged = row.stage if row.kind == "stage" else None  # a stage's own rules fire with it
    at = row.due_soon_alert_at
    if at is not None and at <= now:
        fired += deadline_alert(policy, case, row, kind=Kind.DUE_SOON, at=at, known=known)
        if staged:
            fired += stage_rule_notices(
                policy, stage=staged, on="due_soon", at=at, facts=case.facts
            )
        row.due_soon_alert_at = None
    at = row.passed_alert_at
    if at is not None and at <= now:
        fired += deadline_alert(policy, case, row, kind=Kind.PASSED, at=at, known=known)
        if staged:
            fired += stage_rule_notices(
                policy, stage=staged, on="breached", at=at, facts=case.facts
            )
        row.passed_alert_at, row.status = None, "overdue"
    at = row.non_response_alert_at
    if at is not None and at <= now:
        fired += deadline_alert(policy, case, row, kind=Kind.NON_RESPONSE, at=at, known=known)
        row.non_response_alert_at = None
    while (at := row.nudge_alert_at) is not None and at <= now:
        kind = reminder_kind(given=row.nudges_sent, limit=row.nudge_limit or DEFAULT_NUDGE_LIMIT)
        row.nudges_sent += 1
        if kind is AlertKind.NUDGE:
            number = row.nudges_sent
            fired += deadline_alert(
                policy, case, row, kind=Kind.NUDGE, at=at, number=number, known=known
            )
        elif kind is AlertKind.NUDGES_STOPPED:
            fired += deadline_alert(policy, case, row, kind=Kind.NUDGES_STOPPED, at=at, known=known)
        row.nudge_alert_at = _next_nudge(row, after=at, calendar=calendar, urgent=case.urgent)
    row.set_next_alert()
    return fired


def _next_nudge(
    row: DueDeadline, *, after: datetime, calendar: Calendar, urgent: bool
) -> datetime | None:
    """The next alert at a reminder's instant, if the engine says one is still to come."""
    limit = row.nudge_limit or DEFAULT_NUDGE_LIMIT
    if not row.nudge_unit or row.nudge_within is None:
        return None
    if reminder_kind(given=row.nudges_sent, limit=limit) is None:
        return None
    every = Duration(Unit(row.nudge_unit), row.nudge_within)
    return next_nudge(after=after, every=every, calendar=calendar, urgent=urgent)


def _recheck(
    *, since: datetime, now: datetime, report: SweepReport, contexts: Contexts, skipped: set[int]
) -> None:
    """Replay the cases written since `since`, and those whose last sweep failed, and record any
    notification they lack."""
    failing = set(failing_case_ids())
    ids = sorted({*written_between(since, now), *failing} - skipped)
    for start in range(0, len(ids), REPLAY_BATCH):
        with transaction.atomic():
            cases = recipient_cases(ids[start : start + REPLAY_BATCH])
            history: dict[int, list[CaseEvent]] = {pk: [] for pk in cases}
            for event in CaseEvent.objects.filter(case_id__in=cases).order_by("case", "sequence"):
                history[event.case_id].append(event)
            stored: dict[int, list[Deadline]] = {pk: [] for pk in cases}
            for deadline in Deadline.objects.filter(case_id__in=cases):
                stored[deadline.case_id].append(deadline)
            found, replayed_ok = [], []
            broken = {pk: b for pk, b in checked_cases(list(cases.values()), history).items() if b}
            for pk, breaks in broken.items():
                report.log_breaks += [str(b) for b in breaks]
                _failed(cases[pk], LogAltered(breaks), now=now, report=report)
                found.append(log_altered(cases[pk], breaks, now=now))
            for pk, case in cases.items():
                try:
                    expected = _expected(case, history[pk], stored[pk], now=now, contexts=contexts)
                except Exception as error:  # one case must not stop the sweep
                    if pk not in broken:  # an altered log is the failure to report
                        _failed(case, error, now=now, report=report)
                    continue
                if pk not in broken:
                    replayed_ok.append(pk)
                if expected is not None:
                    found.append(expected)
            report.cases_rechecked += len(found)
            report.missed += record_notifications(found, now=now, gather=True)
            report.recovered += clear_failures(failing.intersection(replayed_ok), now=now)


@transaction.atomic
def _check_logs_in_turn(*, now: datetime, report: SweepReport) -> None:
    """Verify this sweep's turn of every case's log (`sweep_logs.checked_in_turn`), and record
    and tell of each broken one the re-check did not already find."""
    already = {line.split(":", 1)[0] for line in report.log_breaks}
    broken, report.logs_checked_through, report.logs_checked = checked_in_turn(
        now=now, already=already
    )
    if not broken:
        return
    ids = Case.objects.filter(reference__in=list(broken)).values_list("pk", flat=True)
    cases = {case.reference: case for case in recipient_cases(ids).values()}
    notices = []
    for reference, breaks in broken.items():
        report.log_breaks += [str(b) for b in breaks]
        if reference in cases:  # else gone without a purge record: `accord verify` names it
            _failed(cases[reference], LogAltered(breaks), now=now, report=report)
            notices.append(log_altered(cases[reference], breaks, now=now))
    record_notifications(notices, now=now, gather=True)


def _expected(
    case: Case,
    history: list[CaseEvent],
    stored: list[Deadline],
    *,
    now: datetime,
    contexts: Contexts,
) -> Found | None:
    """The notifications the case's replay says it should have (None: no engine events)."""
    policy, calendar = _context(case, contexts)
    events = engine_events(history)
    if not events:
        return None
    state = replay(policy, calendar, events, as_of=now, fixed_dues=fixed_dues(stored))
    return notices_of(case, state)


def tick(*, now: datetime) -> dict[str, Any]:
    """One run of `accord tick`: the sweep, then the outbox's upkeep, the daily digests and the
    day's retention run (`accord.cases.retention`),
    everything due by `now` recorded once (safe to run twice, or two at once)."""
    report: dict[str, Any] = asdict(sweep(now=now)) | keep_delivering(now=now)
    report["digests"] = send_digests(now=now)
    if (retention := run_retention(now=now)) is not None:
        report["retention"] = {"purged": retention.purged, "held": retention.held}
    return report

"""Retention (decision 29): which closed cases are past the day their rule keeps them to, and
removing their personal details then, once a day.

The rule is the engine's (`accord.engine.retention.removal_date`, with the partnership's own
years and age over its policy's: `accord.partnerships.retention`). Removing empties what
identifies the child or adult and what people wrote: the subject's name, date of birth and
address, the decision disagreed with and the outcome sought, task titles, meeting places,
attendees and minutes, outcome and debrief texts, form values, reasons given for dates, and the
free text in the case's events (rewritten with a seal the chain checks: `accord.cases.redaction`).
It keeps everything the reports count (the case's partnership, agencies, stages, dates, status,
theme and facts, its deadlines, events, forms and outcomes as records), so the board and the
quarterly report give the same figures after. Each removal is one transaction: the purge log's
row (`RetentionPurge`), the rewrites and an event on the case's log. A case under a legal hold
is never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from accord.engine.london import in_london, london_date, start_of
from accord.engine.policy.model import Retention
from accord.engine.retention import removal_date, rule_words, years_later
from accord.engine.speech import in_english
from accord.partnerships.models import Partnership, PolicyVersion
from accord.partnerships.policies import policy_of
from accord.partnerships.retention import retention_rule

from .audit import append_event, signing_key
from .models import (
    ENDED_STATUSES,
    Case,
    CaseEvent,
    Deadline,
    Debrief,
    FormRecord,
    LegalHold,
    Meeting,
    Outcome,
    RetentionPurge,
    RetentionRun,
    Subject,
    Task,
)
from .payloads import without_free_text
from .redaction import sealed_payload

logger = logging.getLogger(__name__)

RUNS_FROM = time(2, 0)  # the daily run: the first tick at or after 02:00 UK time
PURGED = "personal_details_removed"


@dataclass(frozen=True)
class Due:
    """A closed case past the day its rule keeps it to."""

    case_id: int
    reference: str
    due_on: date
    rule: str
    held: bool


def rule_for(partnership: Partnership, version: PolicyVersion) -> Retention:
    return retention_rule(partnership, policy_of(version))


def cases_due(today: date, *, partnerships: set[int] | None = None) -> Iterator[Due]:
    """Every ended case not yet purged whose removal date is `today` or earlier, held or not
    (of `partnerships` only, by id, when given)."""
    ended = Case.objects.filter(status__in=ENDED_STATUSES, closed_at__isnull=False).exclude(
        retention_purge__isnull=False
    )
    if partnerships is not None:
        ended = ended.filter(partnership_id__in=partnerships)
    groups = ended.values_list("partnership_id", "policy_version_id").distinct()
    by_id = Partnership.objects.in_bulk({p for p, _ in groups})
    versions = PolicyVersion.objects.in_bulk({v for _, v in groups})
    held = set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("case_id", flat=True))
    for partnership_id, version_id in sorted(set(groups)):
        rule = rule_for(by_id[partnership_id], versions[version_id])
        # Closed on or before this day: past the years after closure (the age rule is checked
        # case by case, as it can only put the day later).
        closed_by = years_later(today, -rule.years_after_closure)
        rows = ended.filter(
            partnership_id=partnership_id,
            policy_version_id=version_id,
            closed_at__lt=start_of(closed_by + timedelta(days=1)),
        ).values_list("pk", "reference", "closed_at", "subject__date_of_birth")
        for pk, reference, closed_at, born_on in rows.order_by("pk").iterator(chunk_size=2000):
            assert closed_at is not None  # filtered above
            due_on = removal_date(rule, closed_on=london_date(closed_at), born_on=born_on)
            if due_on <= today:
                yield Due(pk, reference, due_on, rule_words(rule), pk in held)


def remove_personal_data(due: Due, *, now: datetime) -> RetentionPurge | None:
    """Empty the case's personal details (what is listed above), writing the purge log's row
    first and an event on its log last, in one transaction. None, writing nothing, when the case
    was purged already or is held now."""
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=due.case_id)
        if RetentionPurge.objects.filter(case=case).exists():
            return None
        if LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists():
            return None
        events = list(CaseEvent.objects.filter(case=case).order_by("sequence"))
        rewrites = _rewrites(case, events, on=london_date(now))
        removed = _counts(case, rewrites)
        purge = RetentionPurge.objects.create(
            case=case,
            case_reference=case.reference,
            purged_at=now,
            due_on=due.due_on,
            rule=due.rule[:200],
            removed=removed,
        )
        _rewrite_events(case, rewrites)
        _empty_records(case)
        append_event(
            case=case,
            previous=events[-1] if events else None,
            kind=PURGED,
            actor=None,
            at=now,
            payload={"type": PURGED, "at": now.isoformat(), "due_on": due.due_on.isoformat()},
            summary=f"Personal details removed: kept {due.rule}",
        )
    return purge


def _rewrites(case: Case, events: list[CaseEvent], *, on: date) -> dict[int, dict[str, Any]]:
    """The new payload of each event that holds free text, by event id, sealed."""
    key_id, key = signing_key()
    found = {}
    for event in events:
        kept = without_free_text(event.payload)
        if kept == event.payload:
            continue
        row = {
            "hash": event.hash,
            "sequence": event.sequence,
            "kind": event.kind,
            "actor_id": event.actor_id,
            "at": event.at,
            "summary": event.summary,
        }
        found[event.pk] = sealed_payload(
            reference=case.reference, row=row, payload=kept, on=on, key_id=key_id, key=key
        )
    return found


def _counts(case: Case, rewrites: dict[int, dict[str, Any]]) -> dict[str, int]:
    """How many of each kind of record hold something to remove (the purge log's `removed`)."""
    text = ~Q(decision_summary="") | ~Q(outcome_sought="")
    counts = {
        "subject": Subject.objects.filter(case=case)
        .filter(~Q(name="") | Q(date_of_birth__isnull=False) | ~Q(address=""))
        .count(),
        "case_text": Case.objects.filter(pk=case.pk).filter(text).count(),
        "tasks": Task.objects.filter(case=case).exclude(title="").count(),
        "meetings": Meeting.objects.filter(case=case)
        .filter(~Q(place="") | ~Q(other_attendees="") | ~Q(minutes=""))
        .count(),
        "outcomes": Outcome.objects.filter(case=case)
        .filter(~Q(agreed_outcome="") | ~Q(outstanding_issues="") | ~Q(pursuit=""))
        .count(),
        "debriefs": Debrief.objects.filter(case=case).exclude(notes="").count(),
        "forms": FormRecord.objects.filter(case=case)
        .filter(~Q(values={}) | ~Q(correction_reason=""))
        .count(),
        "deadline_reasons": Deadline.objects.filter(case=case).exclude(due_set_reason="").count(),
        "events": len(rewrites),
    }
    return {kind: n for kind, n in counts.items() if n}


def _rewrite_events(case: Case, rewrites: dict[int, dict[str, Any]]) -> None:
    """The events' new payloads: the one UPDATE the database lets through, once the purge log
    names the case (`accord.cases.log_triggers`)."""
    field = CaseEvent._meta.get_field("payload")
    connection = connections[CaseEvent.objects.db]
    with connection.cursor() as cursor:
        for pk, payload in rewrites.items():
            cursor.execute(
                "UPDATE cases_caseevent SET payload = %s WHERE id = %s AND case_id = %s",
                [field.get_db_prep_save(payload, connection), pk, case.pk],
            )


def _empty_records(case: Case) -> None:
    Subject.objects.filter(case=case).update(name="", date_of_birth=None, address="")
    Case.objects.filter(pk=case.pk).update(decision_summary="", outcome_sought="")
    Task.objects.filter(case=case).update(title="")
    Meeting.objects.filter(case=case).update(place="", other_attendees="", minutes="")
    Outcome.objects.filter(case=case).update(agreed_outcome="", outstanding_issues="", pursuit="")
    Debrief.objects.filter(case=case).update(notes="")
    FormRecord.objects.filter(case=case).update(values={}, correction_reason="")
    Deadline.objects.filter(case=case).update(due_set_reason="")


def run_retention(*, now: datetime) -> RetentionRun | None:
    """The day's run, at the first tick at or after `RUNS_FROM` (UK time): claim the day (once,
    however many sweeps run), then remove the personal details of every case due and not held.
    None when the day's run is taken or it is too early."""
    today = london_date(now)
    if in_london(now).time() < RUNS_FROM or RetentionRun.objects.filter(day=today).exists():
        return None
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(day=today, started_at=now)
    except IntegrityError:
        return None
    purged = held = 0
    with in_english():  # the rule's words are stored with each purge: a record, in English
        for due in cases_due(today):
            if due.held:
                held += 1
                continue
            try:
                if remove_personal_data(due, now=now) is not None:
                    purged += 1
            except Exception:  # one case's fault must not keep the others: logged, tried tomorrow
                logger.exception(
                    "Retention could not remove the personal details of %s", due.reference
                )
    RetentionRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), purged=purged, held=held
    )
    run.refresh_from_db()
    return run

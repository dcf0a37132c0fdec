"""Gathering a case's documents from its records: the case summary, the written confirmation of
the agreed outcome, and each form record, as the plain data `accord.documents` renders.

The caller has already checked the person may see the case; `now` comes from the page. None of
these documents carries the child's details except a form record whose form asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils.translation import gettext, gettext_lazy

from accord.accounts.models import Person
from accord.documents.data import (
    CaseFacts,
    CaseSummary,
    DeadlineRow,
    FieldValue,
    FormDocument,
    OutcomeConfirmation,
    OutcomeRow,
    Provenance,
    SignOffRow,
    TaskRow,
    TimelineRow,
)
from accord.engine.london import LONDON, london_date
from accord.engine.notices import Recorded, who_is_told_of_record
from accord.engine.outcome_words import asks_sign_off, status_words
from accord.engine.policy.model import Policy
from accord.engine.stage_clocks import label_said
from accord.engine.wording import SIDES
from accord.partnerships.policy_texts import shown_text

from .case_reading import (
    CaseReading,
    day_words,
    decided_by_final_process,
    outcome_title_of,
    read_case,
    stage_periods,
)
from .chain import check_events
from .form_values import current_values, trigger_words
from .models import Case, CaseEvent, ChainHead, Deadline, FormRecord, Outcome, SignOff

DEADLINE_WORDS = {  # translated when a document is drawn
    "met": (gettext_lazy("Met"), False),
    "late": (gettext_lazy("Missed: done late"), True),
    "overdue": (gettext_lazy("Missed: not done"), True),
    "open": (gettext_lazy("Not yet due"), False),
    "undated": (gettext_lazy("Open"), False),
    "dropped": (gettext_lazy("No longer applies"), False),
}
SIDE_WORDS = {"raising": gettext_lazy("Raising side"), "receiving": gettext_lazy("Receiving side")}


def provenance(case: Case, person: Person, now: datetime) -> Provenance:
    """Who is producing a document of `case` now, the case's head (its last event and hash),
    and where its event log no longer verifies (by event number), so a copy says so."""
    events = list(CaseEvent.objects.filter(case=case).order_by("sequence"))
    head = ChainHead.objects.filter(case=case).values_list("sequence", "hash").first()
    breaks = check_events(case, events, head=head)
    return Provenance(
        reference=case.reference,
        partnership=case.partnership.name,
        produced_by=person.full_name,
        produced_at=now,
        event_sequence=head[0] if head else 0,
        event_hash=head[1] if head else "",
        log_breaks=tuple(f"Event {b.sequence}: {b.problem}" for b in breaks),
    )


def _facts(reading: CaseReading) -> CaseFacts:
    case, policy = reading.case, reading.policy
    return CaseFacts(
        reference=case.reference,
        partnership=case.partnership.name,
        policy=gettext("%(policy)s (version %(version)s)")
        % {"policy": shown_text(policy.title), "version": policy.version},
        status=status_words(policy, case.status),
        stage=_stage_name(reading, case.stage),
        urgent=case.urgent,
        raised_on=london_date(case.raised_at),
        raised_by=case.raised_by.full_name,
        raising_agency=case.raising_agency.name,
        receiving_agency=case.receiving_agency.name,
        theme=case.theme,
    )


def _stage_name(reading: CaseReading, number: int) -> str:
    names = {stage.number: shown_text(stage.name) for stage in reading.policy.stages}
    return f"{number}: {names[number]}" if number in names else str(number)


def _deadline(row: Deadline, policy: Policy, now: datetime) -> DeadlineRow:
    status = row.status
    passed = (row.due_at is not None and row.due_at < now) or (
        row.due_at is None and row.due_on is not None and row.due_on < london_date(now)
    )
    if status == "open" and passed:  # the sweep has not marked it yet
        status = "overdue"
    elif status == "open" and row.due_on is None:
        status = "undated"
    words, missed = DEADLINE_WORDS.get(status, (status.capitalize(), False))
    if row.due_at is not None:
        due = f"{day_words(london_date(row.due_at))}, {row.due_at.astimezone(LONDON):%H:%M}"
    elif row.due_on is not None:
        due = day_words(row.due_on)
    else:
        due = gettext("Without delay") if row.unit == "none" else gettext("No date set")
    done = day_words(london_date(row.done_at)) if row.done_at else ""
    label = label_said(policy, row.key, row.label)
    return DeadlineRow(label=label, due=due, done=done, status=str(words), missed=missed)


def _outcome(outcome: Outcome | None) -> OutcomeRow | None:
    if outcome is None:
        return None
    return OutcomeRow(
        stage=outcome.stage,
        agreed_outcome=outcome.agreed_outcome,
        outstanding_issues=outcome.outstanding_issues,
        pursuit=outcome.pursuit,
        recorded_by=outcome.recorded_by.full_name,
        recorded_at=outcome.recorded_at,
    )


def _sign_offs(case: Case) -> list[SignOffRow]:
    return [
        SignOffRow(str(SIDE_WORDS.get(s.side, s.side)), s.person.full_name, s.signed_at)
        for s in SignOff.objects.filter(case=case).select_related("person").order_by("signed_at")
    ]


def case_summary(case: Case, *, person: Person, now: datetime) -> CaseSummary:
    """The case summary for an agency's file."""
    reading = read_case(case)
    actors = {
        p.pk: p.full_name
        for p in Person.objects.filter(pk__in={e.actor_id for e in reading.events if e.actor_id})
    }
    deadlines = Deadline.objects.filter(case=case).order_by("stage", "due_on", "key")
    return CaseSummary(
        facts=_facts(reading),
        stages=stage_periods(reading),
        deadlines=[_deadline(row, reading.policy, now) for row in deadlines],
        timeline=[
            TimelineRow(e.at, e.summary, actors.get(e.actor_id or 0, "Accord"))
            for e in reading.events
        ],
        outcome=_outcome(reading.outcome),
        tasks=[
            TaskRow(t.title, t.owner.full_name, t.due_on, t.completed_at) for t in reading.tasks
        ],
        sign_offs=_sign_offs(case),
        provenance=provenance(reading.case, person, now),
    )


def outcome_confirmation(
    case: Case, *, person: Person, now: datetime
) -> OutcomeConfirmation | None:
    """The written confirmation of the agreed outcome (None until an outcome is recorded)."""
    reading = read_case(case)
    outcome = _outcome(reading.outcome)
    if outcome is None:
        return None
    return OutcomeConfirmation(
        facts=_facts(reading),
        nature=(
            gettext("The decision disagreed with: %(decision)s")
            % {"decision": reading.case.decision_summary.strip()}
            + "\n"
            + gettext("The outcome sought: %(sought)s")
            % {"sought": reading.case.outcome_sought.strip()}
        ),
        stages=stage_periods(reading),
        outcome=outcome,
        sign_offs=_sign_offs(case),
        sign_off_needed=asks_sign_off(reading.policy),
        provenance=provenance(reading.case, person, now),
        outcome_title=outcome_title_of(reading.policy, reading.events),
        decided=decided_by_final_process(reading.events),
    )


def recipient_words(record: FormRecord, policy: Policy) -> list[str]:
    """Whom the record is sent to (and told of it when it is submitted), by name of role
    ("Partnership business manager"): `engine.notices.who_is_told_of_record`."""
    sent_to = who_is_told_of_record(
        policy, Recorded.FORM_SUBMITTED, form=record.form_id, trigger=record.trigger
    )
    return role_words(sent_to, policy)


def role_words(keys: Iterable[str], policy: Policy) -> list[str]:
    """Roles as the policy and Accord name them ("Partnership business manager")."""
    words = [SIDES.get(key) or shown_text(policy.roles.get(key, key)) for key in keys]
    return [word[:1].upper() + word[1:] for word in words]


def form_document(record: FormRecord, *, person: Person, now: datetime) -> FormDocument:
    """One version of a form record, with its answers as they stand."""
    reading = read_case(record.case)
    values = current_values(record, reading)
    replaced = FormRecord.objects.filter(replaces=record).values_list("version", flat=True).first()
    return FormDocument(
        title=record.shown_title,
        policy=gettext("%(policy)s (version %(version)s)")
        % {"policy": shown_text(reading.policy.title), "version": reading.policy.version},
        status="Submitted" if record.is_submitted else "Draft",
        version=record.version,
        trigger=trigger_words(record.trigger),
        recipients=recipient_words(record, reading.policy),
        fields=[
            FieldValue(record.shown_label(field), field["type"], values.get(field["id"], ""))
            for field in record.definition
        ],
        provenance=provenance(reading.case, person, now),
        submitted_by=record.submitted_by.full_name if record.submitted_by else "",
        submitted_at=record.submitted_at,
        replaces_version=record.replaces.version if record.replaces else None,
        correction_reason=record.correction_reason,
        replaced_by_version=replaced,
    )

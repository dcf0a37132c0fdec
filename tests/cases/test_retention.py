"""Retention (decision 29): a closed case's personal details are removed once its rule's day has
passed, by the daily run, with nothing identifying left anywhere in the database; the event log
still verifies, and an edit made after is still caught; a legal hold keeps the case; the board
and the quarterly report give the same figures before and after."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from accord.accounts.actions import set_retention
from accord.accounts.models import Level
from accord.cases import actions
from accord.cases.actions import CaseActionRejected, lift_legal_hold, place_legal_hold
from accord.cases.chain import verify
from accord.cases.models import (
    Case,
    CaseEvent,
    FormRecord,
    LegalHold,
    RetentionPurge,
    RetentionRun,
    Subject,
)
from accord.cases.payloads import FREE_TEXT
from accord.cases.purge import purge_cases
from accord.cases.retention import cases_due, run_retention
from accord.cases.sweep import tick
from accord.engine.london import LONDON, london_date
from accord.reports.board import board_for
from accord.reports.periods import quarter_of
from accord.reports.quarterly import quarterly_report
from tests.factories import (
    RAISED_AT,
    OpenCaseFactory,
    PartnershipRoleFactory,
    PersonFactory,
    holder,
    later,
)

pytestmark = pytest.mark.django_db
SECRET = "Zebedee-Quill"  # stands for every word a person wrote about the child


def _closed_case(**kwargs: Any) -> Case:
    """A case taken from raising to closing through the actions, with `SECRET` in everything
    people write: the subject, the decision and outcome sought, a task, the escalation's
    reasons, the outcome, the form records' answers."""
    case = OpenCaseFactory(
        subject_name=f"Maya {SECRET}",
        subject_date_of_birth=kwargs.pop("born", date(2012, 3, 1)),
        subject_address=f"1 {SECRET} Lane",
        decision_summary=f"{SECRET} was not assessed",
        outcome_sought=f"An assessment of {SECRET}",
        **kwargs,
    )
    actions.add_task(
        case=case,
        actor=case.raised_by,
        title=f"Visit {SECRET}",
        owner=case.raised_by,
        now=later(case, 1),
    )
    case.refresh_from_db()
    case = actions.escalate_case(
        case=case,
        actor=holder(case, "raising"),
        raising_holder=PersonFactory(agency=case.raising_agency, level=Level.FIRST_LINE_MANAGER),
        receiving_holder=PersonFactory(
            agency=case.receiving_agency, level=Level.FIRST_LINE_MANAGER
        ),
        reason=f"{SECRET} still at risk",
        without_consensus=f"{SECRET}'s school disagreed",
        now=later(case, 24),
    )
    actions.resolve_case(
        case=case,
        actor=holder(case, "raising"),
        agreed_outcome=f"{SECRET} to be assessed",
        outstanding_issues=f"{SECRET}'s brother",
        pursuit=f"Ask about {SECRET}",
        now=later(case, 24),
    )
    case.refresh_from_db()
    for record in FormRecord.objects.filter(case=case):
        text = [f["id"] for f in record.definition if f.get("type") in ("text", "longtext")]
        actions.save_form_draft(
            record=record,
            actor=holder(case, "raising"),
            values=dict.fromkeys(text, f"{SECRET} said"),
            now=later(case, 1),
        )
        case.refresh_from_db()
    for side in ("raising", "receiving"):
        actions.sign_off(case=case, actor=holder(case, side), side=side, now=later(case, 2))
        case.refresh_from_db()
    return actions.close_case(case=case, actor=case.raised_by, now=later(case, 2))


def _every_row_holding(text: str) -> list[str]:
    """Every table whose rows hold `text` anywhere, as the database stores it."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if any(text in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    return found


def _at(day: date, hour: int = 2) -> datetime:
    return datetime.combine(day, time(hour, 30), tzinfo=LONDON)


def _closed_on(case: Case) -> date:
    return london_date(Case.objects.get(pk=case.pk).closed_at)  # type: ignore[arg-type]


def test_nothing_a_person_wrote_is_left_after_the_removal_and_the_log_still_verifies() -> None:
    case = _closed_case(born=date(2000, 1, 1))  # 25 long before 6 years after closing
    assert _every_row_holding(SECRET)  # the words are there to remove
    day = date(_closed_on(case).year + 6, 12, 1)

    run = run_retention(now=_at(day))

    assert run is not None
    assert (run.purged, run.held) == (1, 0)
    assert _every_row_holding(SECRET) == []
    purge = RetentionPurge.objects.get(case=case)
    assert purge.removed["subject"] == purge.removed["case_text"] == 1
    assert purge.removed["tasks"] == purge.removed["outcomes"] == purge.removed["forms"] == 1
    assert purge.removed["events"] == 1  # the escalation, with its reasons
    assert Subject.objects.get(case=case).date_of_birth is None
    last = CaseEvent.objects.filter(case=case).latest("sequence")
    assert last.kind == "personal_details_removed"
    assert last.actor_id is None
    assert list(verify()) == []
    # What the reports count is still there: the status, the stage reached, the events.
    kept = Case.objects.get(pk=case.pk)
    assert (kept.status, kept.stage) == ("closed", 2)
    assert CaseEvent.objects.filter(case=case, kind="escalated").exists()


def test_an_edit_of_a_rewritten_event_is_still_caught() -> None:
    case = _closed_case(born=date(2000, 1, 1))
    run_retention(now=_at(date(_closed_on(case).year + 6, 12, 1)))
    event = CaseEvent.objects.get(case=case, kind="escalated")
    payload = dict(event.payload, reason="Someone else's words")
    field = CaseEvent._meta.get_field("payload")
    with connection.cursor() as cursor:  # the database lets a purged case's payload change...
        cursor.execute(
            "UPDATE cases_caseevent SET payload = %s WHERE id = %s",
            [field.get_db_prep_save(payload, connection), event.pk],
        )
    breaks = [str(b) for b in verify()]  # ...and the seal catches it
    assert breaks == [f"{case.reference}: event {event.sequence}: this event's content does not "
                      "match its signed hash"]  # fmt: skip


def test_the_database_lets_nothing_but_a_purged_cases_payload_change() -> None:
    purged, other = _closed_case(born=date(2000, 1, 1)), OpenCaseFactory()
    run_retention(now=_at(date(_closed_on(purged).year + 6, 12, 1)))
    for case, column in ((purged, "summary"), (purged, "hash"), (other, "payload")):
        value = "'x'" if column != "payload" else "payload"
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE cases_caseevent SET {column} = {value} WHERE case_id = %s",  # noqa: S608
                [case.pk],
            )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_retentionpurge")


def test_the_case_is_kept_until_the_later_of_its_years_and_the_childs_25th_birthday() -> None:
    case = _closed_case(born=date(2012, 3, 1))  # 25 on 1 March 2037
    six_years_on = date(_closed_on(case).year + 6, 12, 1)
    assert run_retention(now=_at(six_years_on)).purged == 0  # type: ignore[union-attr]
    assert run_retention(now=_at(date(2037, 2, 28))).purged == 0  # type: ignore[union-attr]
    assert run_retention(now=_at(date(2037, 3, 1))).purged == 1  # type: ignore[union-attr]


def test_the_partnerships_own_rule_replaces_the_policys() -> None:
    case = _closed_case(born=None)
    set_retention(
        actor=None,
        partnership=case.partnership,
        years_after_closure=1,
        until_age=None,
        now=RAISED_AT,
    )
    closed_on = _closed_on(case)
    assert list(cases_due(closed_on.replace(year=closed_on.year + 1) - timedelta(days=1))) == []
    due = list(cases_due(closed_on.replace(year=closed_on.year + 1)))
    assert [(d.reference, d.due_on) for d in due] == [
        (case.reference, closed_on.replace(year=closed_on.year + 1))
    ]
    assert due[0].rule == "for 1 year after it closes, or until the child or adult it is about " \
        "is 25, whichever is later"  # fmt: skip


def test_a_legal_hold_keeps_the_case_until_it_is_lifted() -> None:
    case = _closed_case(born=None)
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    hold = place_legal_hold(actor=admin, case=case, reason="A claim is expected", now=RAISED_AT)
    day = date(_closed_on(case).year + 7, 1, 5)

    run = run_retention(now=_at(day))

    assert run is not None
    assert (run.purged, run.held) == (0, 1)
    assert SECRET in Subject.objects.get(case=case).name
    with pytest.raises(CaseActionRejected, match="already under a legal hold"):
        place_legal_hold(actor=admin, case=case, reason="Again", now=RAISED_AT)
    lift_legal_hold(actor=admin, hold=hold, reason="The claim was settled", now=_at(day, 10))
    assert run_retention(now=_at(day + timedelta(days=1))).purged == 1  # type: ignore[union-attr]
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-3:] == ["legal_hold_placed", "legal_hold_lifted", "personal_details_removed"]
    with pytest.raises(CaseActionRejected, match="nothing left to hold"):
        place_legal_hold(actor=admin, case=case, reason="Too late", now=_at(day, 11))


def test_only_the_partnerships_administrators_hold_its_cases_and_they_say_why() -> None:
    case = _closed_case(born=None)
    other = PartnershipRoleFactory(role="administrator").person
    with pytest.raises(CaseActionRejected, match="administrators"):
        place_legal_hold(actor=other, case=case, reason="A claim", now=RAISED_AT)
    admin = PartnershipRoleFactory(partnership=case.partnership, role="administrator").person
    with pytest.raises(CaseActionRejected, match="Say why"):
        place_legal_hold(actor=admin, case=case, reason="  ", now=RAISED_AT)
    assert not LegalHold.objects.exists()


def test_the_run_is_once_a_day_from_two_in_the_morning() -> None:
    _closed_case(born=None)
    day = date(2034, 6, 1)
    assert run_retention(now=_at(day, 1)) is None
    assert run_retention(now=_at(day)) is not None
    assert run_retention(now=_at(day, 3)) is None
    assert RetentionRun.objects.get().day == day


def test_the_tick_runs_it() -> None:
    case = _closed_case(born=None)
    now = _at(date(_closed_on(case).year + 6, 12, 1))
    with time_machine.travel(now, tick=False):
        report = tick(now=now)
    assert report["retention"] == {"purged": 1, "held": 0}


def test_the_board_and_the_quarterly_report_give_the_same_figures_after() -> None:
    case = _closed_case(born=None)
    partnership = case.partnership
    period = quarter_of(RAISED_AT.date())
    day = date(_closed_on(case).year + 6, 12, 1)

    def figures() -> tuple[Any, list[list[list[str]]]]:
        report = quarterly_report(partnership, period, today=day)
        return board_for(partnership.pk, now=_at(day)), [t.rows for t in report.tables]

    before = figures()
    assert run_retention(now=_at(day)).purged == 1  # type: ignore[union-attr]
    assert figures() == before


def test_every_free_text_key_the_actions_store_is_removed() -> None:
    """The keys named in `FREE_TEXT` are the ones the lifecycle above stores people's words
    under; a new one would leave `SECRET` behind in the first test."""
    assert {"reason", "without_consensus"} <= FREE_TEXT


def test_a_whole_case_purge_takes_its_holds_and_leaves_the_purge_log() -> None:
    removed, held = _closed_case(born=None), _closed_case(born=None)
    admin = PartnershipRoleFactory(partnership=held.partnership, role="administrator").person
    place_legal_hold(actor=admin, case=held, reason="A claim", now=RAISED_AT)
    run_retention(now=_at(date(_closed_on(removed).year + 7, 1, 5)))

    assert purge_cases(Case.objects.filter(pk__in=[removed.pk, held.pk]), reason="demo reset") == 2

    assert not LegalHold.objects.exists()
    assert RetentionPurge.objects.get().case_reference == removed.reference
    assert list(verify()) == []

"""The sweep: once each, whoever runs it and however often; who is told; nothing lost or doubled."""

from __future__ import annotations

import gc
import json
import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from accord.accounts.models import Level
from accord.cases import actions
from accord.cases import sweep as sweep_module
from accord.cases.deadline_alerts import changed, marks, save_alerts
from accord.cases.models import CaseNotification, Deadline, SweepRun
from accord.cases.sweep import sweep
from accord.notifications.models import AwaitingEmail, InAppNotification, OutboxMessage
from accord.partnerships.models import RoleAssignment
from tests.factories import holder

from .walking import TICK, Walker, london, partnership_for, stored

pytestmark = pytest.mark.django_db


def ticked(now: str) -> dict[str, int]:
    out = StringIO()
    call_command("tick", "--json", f"--now={now}", stdout=out)
    return json.loads(out.getvalue())


def counts() -> tuple[int, int, int]:
    return (
        CaseNotification.objects.count(),
        InAppNotification.objects.count(),
        OutboxMessage.objects.count(),
    )


def test_ticking_twice_records_nothing_the_second_time() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    walker.raise_case(london("2026-12-21"))
    first = ticked("2027-01-04T09:30")
    # Due soon (Tue 29), passed (Thu 31), non-response (Mon 4: Fri 1 is New Year's Day), all
    # at once after a long gap: all three recorded.
    assert first["notifications"] == 3
    assert first["deadlines"] == 1
    before = counts()
    second = ticked("2027-01-04T09:30")
    assert second["notifications"] == 0
    assert second["deadlines"] == 0
    assert second["missed"] == 0
    assert counts() == before
    assert SweepRun.objects.count() == 2


def test_the_holders_on_the_waiting_side_then_the_next_level_are_told() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    case = walker.raise_case(london("2026-12-21"))
    # A sweep each day an alert falls (a catch-up tells only the latest: test_catch_up.py):
    # due soon Tue 29, passed Thu 31, non-response Mon 4 Jan (Fri 1 is New Year's Day).
    for now in ("2026-12-29T09:30", "2026-12-31T09:30", "2027-01-04T09:30"):
        ticked(now)
    receiving = demo.agencies[walker.receiving].by_level
    raising = demo.agencies[walker.raising].by_level
    told = {
        n.kind: set(InAppNotification.objects.filter(key__contains=f"/{n.kind}/"))
        for n in CaseNotification.objects.filter(case=case)
    }
    assert {i.person for i in told["due_soon"]} == {receiving[Level.FIRST_LINE_MANAGER]}
    assert {i.person for i in told["passed"]} == {receiving[Level.FIRST_LINE_MANAGER]}
    # The next stage's roles (`alert_next_level`): stage 2's Service Leaders, on both sides the
    # line managers of today's holders; and the raiser (a practitioner), told the other side is
    # silent.
    assert case.raised_by == raising[Level.PRACTITIONER]
    assert {i.person for i in told["non_response"]} == {
        receiving[Level.SERVICE_LEADER],
        raising[Level.SERVICE_LEADER],
        case.raised_by,
    }
    # The holders were told of the raising at once (not the raiser, who raised it).
    assert {i.person for i in told["raised"]} == {holder(case, "raising"), holder(case)}
    assert case.raised_by not in {i.person for i in told["raised"]}
    # Each of them gets one e-mail per action or sweep that tells them, with a sign-in link and
    # no case detail:
    # raised 2, due soon 1, passed 1, non-response 3 (the two Service Leaders and the raiser).
    emails = OutboxMessage.objects.filter(reference=case.reference)
    assert emails.count() == 7
    body = emails.first().body  # type: ignore[union-attr]
    assert "A case needs your attention: sign in to see it." in body
    assert f"Case: {case.reference}" in body
    assert "/sign-in/?next=%2Fcases%2F" in body


def test_a_raiser_who_is_also_the_next_level_is_told_of_the_non_response_once() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    # Raised by the raising holder's line manager, who is also stage 2's Service Leader there.
    case = walker.raise_case(london("2026-12-21"), by=Level.SERVICE_LEADER)
    ticked("2027-01-04T09:30")
    leader = demo.agencies[walker.raising].by_level[Level.SERVICE_LEADER]
    assert case.raised_by == leader
    assert holder(case, "raising").line_manager == leader
    [notice] = CaseNotification.objects.filter(case=case, kind="non_response")
    assert notice.roles == ["service_leader", "raiser"]
    told = InAppNotification.objects.filter(key__contains="/non_response/")
    assert sorted(i.person.pk for i in told) == sorted(
        [leader.pk, demo.agencies[walker.receiving].by_level[Level.SERVICE_LEADER].pk]
    )
    assert told.get(person=leader).roles == ["service_leader", "raiser"]
    # One e-mail each from the sweep (the leader's once, though told in two roles).
    swept = OutboxMessage.objects.filter(created_at=london("2027-01-04", TICK))
    assert sorted(m.person_id for m in swept) == sorted(i.person.pk for i in told)


def test_a_role_nobody_holds_is_recorded_for_the_business_manager() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    RoleAssignment.objects.filter(role_key="head_of_safeguarding").delete()
    case = Walker(demo).raise_case(london("2027-03-22"), stage=2, urgent=True)
    urgent = CaseNotification.objects.get(case=case, kind="raised_urgent")
    assert urgent.roles == [
        "raising_holder",
        "receiving_holder",
        "head_of_safeguarding",
        "receiving_senior_manager",
    ]
    nobody = InAppNotification.objects.get(person__isnull=True)
    assert nobody.roles == ["head_of_safeguarding"]
    assert nobody.partnership == demo.partnership
    assert not OutboxMessage.objects.filter(key__contains="nobody").exists()


def test_a_missed_notification_is_found_again_from_the_cases_written_since() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    case = walker.raise_case(london("2026-12-21"))
    entered = CaseNotification.objects.get(case=case, kind="stage_entered")
    InAppNotification.objects.filter(key__contains="/stage_entered/").delete()
    entered.delete()  # as if the write had lost it
    report = ticked("2026-12-22T09:30")
    assert report["cases_rechecked"] == 1
    assert report["missed"] == 1
    assert CaseNotification.objects.filter(case=case, kind="stage_entered").count() == 1
    assert InAppNotification.objects.filter(key__contains="/stage_entered/").count() == 2
    assert ticked("2026-12-22T09:30")["missed"] == 0


def test_a_refused_action_records_no_notification() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    case = walker.raise_case(london("2026-12-21"))
    before = counts()
    with pytest.raises(actions.CaseActionRejected):
        actions.refer_case(case=case, actor=holder(case), reason="x", now=london("2026-12-22"))
    assert counts() == before


def test_a_notification_and_its_emails_commit_or_roll_back_with_the_action() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    seen = []

    def fail_after_the_action() -> None:
        with transaction.atomic():
            walker.raise_case(london("2027-03-22"), stage=2, urgent=True)
            seen.append(counts())
            raise RuntimeError("the request failed after the action")

    with pytest.raises(RuntimeError):
        fail_after_the_action()
    # the holders, the Head of Safeguarding and the receiving side's senior manager
    assert seen == [(1, 4, 4)]  # written with the action...
    assert counts() == (0, 0, 0)  # ...and gone with it


def test_the_sweep_reads_no_clock_and_stores_where_it_got_to() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    walker.raise_case(london("2026-12-21"))
    report = sweep(now=london("2026-12-23", TICK))
    assert report.notifications == 1  # the first reminder, Wed 23 09:00
    assert SweepRun.objects.get().now == london("2026-12-23", TICK)
    row = Deadline.objects.get(key="stage:1")
    assert row.nudges_sent == 1
    assert row.next_alert_at == london("2026-12-29").replace(hour=9)  # Thu 24, Tue 29


def test_reminders_stop_after_three_and_the_holders_line_managers_are_told_once() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    case = walker.raise_case(london("2026-12-21"))
    # Weeks later: Wed 23, Tue 29, Thu 31 Dec remind; Tue 5 Jan tells the managers; then nothing.
    sweep(now=london("2027-02-26", TICK))
    sent = CaseNotification.objects.filter(
        case=case, topic="stage:1", kind__startswith="nudge"
    ).order_by("due_at")
    assert [(n.kind, n.number) for n in sent] == [
        ("nudge", 1),
        ("nudge", 2),
        ("nudge", 3),
        ("nudges_stopped", 0),
    ]
    assert sent.last().due_at == london("2027-01-05").replace(hour=9)  # type: ignore[union-attr]
    row = Deadline.objects.get(case=case, key="stage:1")
    assert row.next_alert_at is None
    managers = {h.person.line_manager for h in case.holdings.select_related("person__line_manager")}
    told = InAppNotification.objects.filter(reference=case.reference, what__startswith="Reminders")
    assert managers - {None}
    assert {n.person for n in told} == managers - {None}
    assert sweep(now=london("2027-03-31", TICK)).notifications == 0


def test_tick_refuses_a_bad_instant_or_loop() -> None:
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("tick", "--now=yesterday", stdout=StringIO())
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("tick", "--loop=0", stdout=StringIO())
    out = StringIO()
    call_command("tick", "--now=2026-12-21T09:30", stdout=out)
    assert "alerts from" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("postgresql-threads")
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two sweeps at once need two connections to a server database; SQLite runs one "
    "writer at a time (every transaction is BEGIN IMMEDIATE), so nothing can race there",
)
def test_two_sweeps_at_once_record_each_notification_once() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    cases = [walker.raise_case(london("2026-12-21"), stage=2, urgent=True) for _ in range(30)]
    plain = [walker.raise_case(london("2026-12-21")) for _ in range(10)]
    # As if every raising had lost its notification: both sweeps' re-checks find them missing.
    InAppNotification.objects.all().delete()
    OutboxMessage.objects.all().delete()
    CaseNotification.objects.all().delete()

    def two_at_once(now: str) -> None:
        start = threading.Barrier(2)
        failures: list[BaseException] = []

        def run() -> None:
            try:
                start.wait()
                sweep(now=london(now, TICK))
            except BaseException as error:  # reported by the main thread
                failures.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures

    two_at_once("2026-12-22")
    for case in cases:
        assert [k for _, _, k, *_ in stored(case)] == ["raised_urgent"]
    # Then the alerts: stage 2 due Wed 30 Dec -> due soon Tue 29, passed Thu 31, non-response
    # Fri 1 Jan (urgent: the holiday counts), found by both sweeps from the stored instants on
    # Mon 4.
    two_at_once("2027-01-04")
    for case in cases:
        kinds = sorted(k for _, _, k, *_ in stored(case))
        assert kinds == ["due_soon", "non_response", "passed", "raised_urgent"]
    # Seven notices per case, one in-app notification and one e-mail each (urgent: e-mailed at
    # once, not gathered): of the urgent raising, both holders, the Head of Safeguarding and
    # the receiving senior manager; non-response, the next stage's holders on both sides and
    # the raiser (a practitioner, none of the others). Due soon and passed are recorded but
    # overtaken by the non-response in this catch-up, so told to nobody (decision 21).
    references = [c.reference for c in cases]
    assert InAppNotification.objects.filter(reference__in=references).count() == 7 * len(cases)
    urgent_emails = OutboxMessage.objects.filter(reference__in=references)
    assert urgent_emails.exclude(key__startswith="gathered/").count() == 7 * len(cases)
    # The other cases' notices (each its non-response, to three people: due Wed 30 Dec, grace
    # Thu 31, told on Mon 4 after New Year's Day) are gathered: each e-mailed exactly once,
    # in e-mails that list several cases, none left waiting.
    others = InAppNotification.objects.filter(
        reference__in=[c.reference for c in plain], created_at=london("2027-01-04", TICK)
    )
    assert sorted({n.kind for n in others}) == ["non_response"]
    assert others.count() == 3 * len(plain)
    assert not AwaitingEmail.objects.exists()
    gathered = OutboxMessage.objects.filter(key__startswith="gathered/")
    for notice in others:
        lines = [m for m in gathered.filter(person=notice.person) if notice.reference in m.body]
        assert len(lines) == 1, notice.reference


def test_a_batch_writes_only_the_deadlines_and_marks_its_alerts_moved() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    case = walker.raise_case(london("2026-12-21"))
    rows = list(Deadline.objects.filter(case=case))
    still = Deadline(pk=-1, status="open", nudges_sent=0)
    rows.append(still)
    before = {row.pk: marks(row) for row in rows}
    moved = rows[0]
    moved.due_soon_alert_at, moved.status = None, "overdue"
    assert changed(rows, before) == ([moved], ["due_soon_alert_at", "status"])
    # Stored as the sweep stores them: the moved marks, and nothing else of the row.
    moved.label = "not written"
    save_alerts(*changed(rows, before))
    stored = Deadline.objects.get(pk=moved.pk)
    assert (stored.due_soon_alert_at, stored.status) == (None, "overdue")
    assert stored.label != "not written"
    assert stored.passed_alert_at == moved.passed_alert_at is not None


def test_a_batch_is_swept_with_the_cycle_collector_held_off_and_then_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    walker.raise_case(london("2026-12-21"))
    during: list[bool] = []
    read = sweep_module.recipient_cases

    def watched(ids: Any) -> Any:  # the batch's read of its cases, watched
        during.append(gc.isenabled())
        return read(ids)

    monkeypatch.setattr(sweep_module, "recipient_cases", watched)
    assert gc.isenabled()
    assert ticked("2027-01-04T09:30")["deadlines"] == 1
    assert during[0] is False
    assert gc.isenabled()
    gc.disable()
    try:  # off stays off
        ticked("2027-01-05T09:30")
        assert not gc.isenabled()
    finally:
        gc.enable()

"""A partnership's alert time and working days reach the stored alert instants and the sweep
(decision 21): Blackburn with Darwen, alerts at 10:30, around the spring bank holiday 2027."""

from __future__ import annotations

from datetime import time

import pytest

from accord.accounts.models import AdminEvent
from accord.cases import actions
from accord.cases.models import CaseEvent, CaseNotification, Deadline
from accord.cases.sweep import sweep

from .walking import Walker, london, partnership_for

pytestmark = pytest.mark.django_db


def test_alerts_fall_at_the_partnerships_time_on_working_days_unless_urgent() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    demo.partnership.alert_time = time(10, 30)
    demo.partnership.save(update_fields=["alert_time"])
    walker = Walker(demo)
    # Both due Fri 28 May (5 working days from Fri 21).
    plain = walker.raise_case(london("2027-05-21"))
    urgent = walker.raise_case(london("2027-05-21"), stage=2, urgent=True)
    row = Deadline.objects.get(case=plain, key="stage:1")
    assert row.due_on.isoformat() == "2027-05-28"  # type: ignore[union-attr]
    assert row.due_soon_alert_at == london("2027-05-27", time(10, 30))
    # Passed on the Tuesday after the bank-holiday Monday, not on Saturday; the grace day is
    # Tue 1 June, so non-response on Wed 2.
    assert row.passed_alert_at == london("2027-06-01", time(10, 30))
    assert row.non_response_alert_at == london("2027-06-02", time(10, 30))
    fast = Deadline.objects.get(case=urgent, key="stage:2")
    assert fast.passed_alert_at == london("2027-05-29", time(10, 30))  # urgent: Saturday

    sweep(now=london("2027-06-01", time(10, 29)))
    assert not CaseNotification.objects.filter(case=plain, kind="passed").exists()
    sweep(now=london("2027-06-01", time(10, 31)))
    [passed] = CaseNotification.objects.filter(case=plain, kind="passed")
    assert passed.due_at == london("2027-06-01", time(10, 30))
    [weekend] = CaseNotification.objects.filter(case=urgent, kind="passed")
    assert weekend.due_at == london("2027-05-29", time(10, 30))


def test_a_new_alert_time_moves_the_alerts_still_to_come_on_every_open_case() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    case = walker.raise_case(london("2027-05-21"))  # due Fri 28 May
    sweep(now=london("2027-05-27", time(9, 1)))  # the due-soon alert is told at 09:00
    admin = demo.staff["administrator"]
    moved = actions.change_alert_time(
        actor=admin, partnership=demo.partnership, at=time(10, 30), now=london("2027-05-27")
    )
    assert moved == 1
    row = Deadline.objects.get(case=case, key="stage:1")
    assert row.due_on.isoformat() == "2027-05-28"  # type: ignore[union-attr]  # the due stays
    assert row.passed_alert_at == london("2027-06-01", time(10, 30))
    assert row.non_response_alert_at == london("2027-06-02", time(10, 30))
    assert row.due_soon_alert_at is None  # told already: not told again
    event = CaseEvent.objects.filter(case=case).last()
    assert event is not None
    assert event.kind == "deadlines_recomputed"
    assert event.payload["alerts_moved"][0]["deadline"] == "stage:1"
    assert AdminEvent.objects.filter(kind="alert_time_changed").count() == 1
    sweep(now=london("2027-06-01", time(9, 30)))
    assert not CaseNotification.objects.filter(case=case, kind="passed").exists()


def test_a_closure_on_the_day_an_alert_falls_moves_it_though_the_due_stays() -> None:
    demo = partnership_for("blackburn-with-darwen.toml")
    walker = Walker(demo)
    case = walker.raise_case(london("2027-05-21"))  # due Fri 28 May, passed Tue 1 June
    admin = demo.staff["administrator"]
    actions.add_closure_day(
        actor=admin,
        partnership=demo.partnership,
        day=london("2027-06-01").date(),
        reason="Training day",
        now=london("2027-05-24"),
    )
    row = Deadline.objects.get(case=case, key="stage:1")
    assert row.due_on.isoformat() == "2027-05-28"  # type: ignore[union-attr]
    assert row.passed_alert_at == london("2027-06-02", time(9, 0))
    event = CaseEvent.objects.filter(case=case, kind="deadlines_recomputed").get()
    assert "stage:1" in [moved["deadline"] for moved in event.payload["alerts_moved"]]

"""A partnership's alert time and working days reach the stored alert instants and the sweep
(decision 21): Blackburn with Darwen, alerts at 10:30, around the spring bank holiday 2027."""

from __future__ import annotations

from datetime import time

import pytest

from accord.cases.models import CaseNotification, Deadline
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

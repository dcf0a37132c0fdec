"""The instants a deadline's alerts fall due, as the application stores them when a clock starts.

Hand-worked against the test calendar (the example policy's: English bank holidays and its extra
closure on Thu 24 Dec 2026), then checked against the replay's own timers so the sweep and the
engine never disagree about when something is due.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from accord.engine.alerts import Alerts, alerts_for, next_nudge
from accord.engine.bank_holidays import bank_holidays, closure_days
from accord.engine.calendar import Calendar
from accord.engine.case_state import Deadline, DeadlineKind
from accord.engine.deadlines import DeadlineStatus
from accord.engine.events import Raised, Resolved
from accord.engine.london import LONDON
from accord.engine.policy.model import Duration, Unit

from .builders import at, calendar, day, due, example, only, run, with_stage

GRACE = Duration(Unit.WORKING_DAYS, 1)


def closed_days() -> list[date]:
    """The test calendar's days (English bank holidays and the example's closure)."""
    return [*bank_holidays(example().jurisdiction, range(2025, 2031)), *closure_days(example())]


def clock(
    due_on: object,
    *,
    created: datetime,
    kind: DeadlineKind = DeadlineKind.STAGE,
    unit: Unit = Unit.WORKING_DAYS,
    status: DeadlineStatus = DeadlineStatus.OPEN,
    nudge_every: Duration | None = None,
) -> Deadline:
    return Deadline(
        id="stage:1",
        label="Stage 1",
        kind=kind,
        stage=1,
        unit=unit,
        start=created,
        due=due_on,  # type: ignore[arg-type]
        done=None,
        status=status,
        created=created,
        nudge_every=nudge_every,
    )


def hm(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("due_on", "created", "grace", "expected"),
    [
        # Due Wed 23 Dec, started Mon 21 at 10:00: due soon 09:00 the working day before (Tue
        # 22); passed the next working day after it at 09:00: 24 Dec is a closure, 25 and 28
        # Dec bank holidays, so Tue 29 (it was 09:00 Thu 24, on the closure, before issue 17);
        # non-response one working day later: Tue 29 is the grace day -> 09:00 Wed 30.
        (
            day("2026-12-23"),
            hm("2026-12-21T10:00"),
            GRACE,
            Alerts(at("2026-12-22"), at("2026-12-29"), at("2026-12-30")),
        ),
        # Without grace there is no non-response alert.
        (
            day("2026-12-23"),
            hm("2026-12-21T10:00"),
            None,
            Alerts(at("2026-12-22"), at("2026-12-29")),
        ),
        # Started after 09:00 on the due-soon day: due soon at once, never before the start.
        (
            day("2026-12-23"),
            hm("2026-12-22T10:00"),
            None,
            Alerts(hm("2026-12-22T10:00"), at("2026-12-29")),
        ),
        # Started after the due had passed (a stored due), on the closure: no due soon (the due
        # has passed), and passed on the next working day, not on the closure.
        (
            day("2026-12-23"),
            hm("2026-12-24T10:00"),
            None,
            Alerts(None, at("2026-12-29")),
        ),
        # Started after the due had passed on a working day: passed at once.
        (
            day("2026-12-18"),
            hm("2026-12-22T10:00"),
            None,
            Alerts(None, hm("2026-12-22T10:00")),
        ),
        # Hours: due soon at the due's wall-clock time on the working day before (Fri 18 Dec
        # before Mon 21), moved to the start; passed at the due instant itself.
        (
            hm("2026-12-21T15:00"),
            hm("2026-12-20T15:00"),
            None,
            Alerts(hm("2026-12-20T15:00"), hm("2026-12-21T15:00")),
        ),
    ],
)
def test_dated_deadlines(
    due_on: object, created: datetime, grace: Duration | None, expected: Alerts
) -> None:
    assert alerts_for(clock(due_on, created=created), grace=grace, calendar=calendar()) == expected


def test_a_day_due_on_a_friday_is_passed_on_the_next_working_day_at_the_alert_time() -> None:
    """Issue 17: due Fri 4 Dec 2026 was reported passed at 09:00 on Saturday. Now: Monday, at
    the partnership's time; after the bank-holiday Monday of Easter 2027 (due Thu 25 March,
    Good Friday 26, Easter Monday 29), on the Tuesday."""
    friday = clock(day("2026-12-04"), created=hm("2026-11-30T10:00"))
    assert alerts_for(friday, grace=None, calendar=calendar()).passed == at("2026-12-07")
    later = Calendar(closed_days(), alert_time=time(10, 30))
    alerts = alerts_for(friday, grace=GRACE, calendar=later)
    assert alerts == Alerts(
        at("2026-12-03", "10:30"), at("2026-12-07", "10:30"), at("2026-12-08", "10:30")
    )
    easter = clock(day("2027-03-25"), created=hm("2027-03-22T10:00"))
    assert alerts_for(easter, grace=None, calendar=calendar()).passed == at("2027-03-30")


def test_an_urgent_case_is_alerted_on_the_day_itself_even_at_a_weekend() -> None:
    friday = clock(day("2026-12-04"), created=hm("2026-11-30T10:00"))
    alerts = alerts_for(friday, grace=GRACE, calendar=calendar(), urgent=True)
    # Passed on Saturday; the grace counts working days (to Mon 7), so non-response on Tue 8.
    assert alerts == Alerts(at("2026-12-03"), at("2026-12-05"), at("2026-12-08"))
    # Reminders every 3 calendar days from Wed 2 Dec fall on Saturday 5 for an urgent case,
    # on Monday 7 for any other.
    every = Duration(Unit.CALENDAR_DAYS, 3)
    start = at("2026-12-02")
    assert next_nudge(after=start, every=every, calendar=calendar(), urgent=True) == at(
        "2026-12-05"
    )
    assert next_nudge(after=start, every=every, calendar=calendar()) == at("2026-12-07")


def test_a_clock_counting_hours_is_alerted_at_its_own_instants() -> None:
    # Due at 15:00 on Saturday 5 Dec: passed then, weekend or not; due soon at 15:00 on the
    # working day before (Fri 4).
    saturday = clock(hm("2026-12-05T15:00"), created=hm("2026-12-03T15:00"), unit=Unit.HOURS)
    later = Calendar(closed_days(), alert_time=time(10, 30))
    alerts = alerts_for(saturday, grace=None, calendar=later)
    assert alerts == Alerts(hm("2026-12-04T15:00"), hm("2026-12-05T15:00"))


def test_a_deadline_without_a_date_is_nudged_from_its_start() -> None:
    # Started Mon 21 Dec at 10:00, every 2 working days: Tue 22, Wed 23 -> 09:00 Wed 23; then
    # (24 closed, 25 and 28 bank holidays) Tue 29, Wed 30 -> Wed 30; then Thu 31, Mon 4 Jan.
    started = hm("2026-12-21T10:00")
    none = clock(None, created=started, unit=Unit.NONE)
    alerts = alerts_for(none, grace=GRACE, calendar=calendar())
    assert alerts == Alerts(nudge=at("2026-12-23"))
    every = Duration(Unit.WORKING_DAYS, 2)
    second = next_nudge(after=at("2026-12-23"), every=every, calendar=calendar())
    assert second == at("2026-12-30")
    assert next_nudge(after=second, every=every, calendar=calendar()) == at("2027-01-04")
    daily = replace(none, nudge_every=Duration(Unit.WORKING_DAYS, 1))
    assert alerts_for(daily, grace=None, calendar=calendar()).nudge == at("2026-12-22")


@pytest.mark.parametrize("ended", [DeadlineStatus.MET, DeadlineStatus.LATE, DeadlineStatus.DROPPED])
def test_a_finished_deadline_has_no_alerts(ended: DeadlineStatus) -> None:
    finished = clock(day("2026-12-23"), created=hm("2026-12-21T10:00"), status=ended)
    assert alerts_for(finished, grace=GRACE, calendar=calendar()) == Alerts()
    assert Alerts().first is None


def test_budgets_are_due_soon_and_passed_but_never_non_response_or_nudged() -> None:
    budget = clock(day("2026-12-23"), created=hm("2026-12-21T10:00"), kind=DeadlineKind.BUDGET)
    alerts = alerts_for(budget, grace=GRACE, calendar=calendar())
    assert alerts == Alerts(at("2026-12-22"), at("2026-12-29"))
    assert alerts.first == at("2026-12-22")
    raised = clock(day("2026-12-23"), created=hm("2026-12-21T10:00"), kind=DeadlineKind.RAISE)
    assert alerts_for(raised, grace=GRACE, calendar=calendar()) == Alerts()


def test_the_stored_instants_agree_with_the_replay() -> None:
    """The example policy's stage 1 (2 working days, 1 of grace), and a variant whose stage 1
    has no date: what the replay reports later is what was stored at the start."""
    policy = example()
    raised = Raised(at=hm("2026-12-21T10:00"))
    state = run(policy, [raised], as_of=hm("2026-12-21T10:00"))
    stage = next(d for d in state.deadlines if d.id == "stage:1")
    alerts = alerts_for(stage, grace=GRACE, calendar=calendar())
    later = run(policy, [raised], as_of="2027-01-15")
    fired = {a.trigger: a.at for a in later.alerts}
    assert fired["stage:1/non_response"] == alerts.non_response
    assert fired["stage:1/due_soon"] == alerts.due_soon
    assert fired["stage:1/passed"] == alerts.passed

    # Stage 1 made `none` (nudged every 2 working days): the replay's reminders are the chain
    # that starts at the stored first reminder.
    every = Duration(Unit.WORKING_DAYS, 2)
    plain = with_stage(policy, 1, due=only(due(None, "none", nudge_every=every)), steps=())
    state = run(plain, [raised], as_of=hm("2026-12-21T10:00"))
    stage1 = next(d for d in state.deadlines if d.id == "stage:1")
    first = alerts_for(stage1, grace=None, calendar=calendar()).nudge
    assert first is not None
    chain = [first]
    while (following := next_nudge(after=chain[-1], every=every, calendar=calendar())) and (
        following < at("2027-01-11")
    ):
        chain.append(following)
    later = run(plain, [raised, Resolved(at=at("2027-01-11"))], as_of="2027-01-11")
    nudges = [a.at for a in later.alerts if a.trigger == "stage:1/nudge"]
    assert len(chain) == 5  # 23 and 30 Dec, 4, 6 and 8 Jan
    # Accord's default three reminders, then the line managers once at the fourth's instant.
    assert nudges == chain[:3]
    stopped = [a.at for a in later.alerts if a.trigger == "stage:1/nudges_stopped"]
    assert stopped == [chain[3]]

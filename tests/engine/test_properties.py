"""Properties that hold for every date and every case: calendars, deadlines and replay."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.engine.bank_holidays import bank_holidays
from accord.engine.calendar import Calendar
from accord.engine.case_state import CaseState
from accord.engine.events import (
    Closed,
    DeadlineSet,
    Escalated,
    Event,
    FactSet,
    Raised,
    Referred,
    Resolved,
    Responded,
    SignedOff,
    StepDone,
    Withdrawn,
)
from accord.engine.lifecycle import EventRejected, allowed_events
from accord.engine.london import LONDON, london_date
from accord.engine.policy.model import Unit

from .builders import calendar, example, run

HOLIDAYS = sorted(bank_holidays("ENG", range(2024, 2032)))
ENGLAND = Calendar(HOLIDAYS)
dates = st.dates(min_value=date(2024, 6, 1), max_value=date(2030, 6, 1))
counts = st.integers(min_value=1, max_value=60)


@given(dates, counts)
def test_adding_working_days_lands_on_a_later_working_day(anchor: date, n: int) -> None:
    due = ENGLAND.add_working_days(anchor, n)
    assert due > anchor
    assert ENGLAND.is_working_day(due)


@given(dates, counts)
def test_counting_back_gives_the_number_added(anchor: date, n: int) -> None:
    assert ENGLAND.working_days_between(anchor, ENGLAND.add_working_days(anchor, n)) == n


@given(dates, counts, st.lists(dates, max_size=5))
def test_a_closure_never_brings_a_due_date_earlier(
    anchor: date, n: int, closures: list[date]
) -> None:
    closed = Calendar([*HOLIDAYS, *closures])
    assert closed.add_working_days(anchor, n) >= ENGLAND.add_working_days(anchor, n)


@given(dates)
def test_within_zero_is_a_working_day_on_or_after_the_anchor(anchor: date) -> None:
    due = ENGLAND.add_working_days(anchor, 0)
    assert due >= anchor
    assert ENGLAND.is_working_day(due)
    assert all(
        not ENGLAND.is_working_day(anchor + timedelta(d)) for d in range((due - anchor).days)
    )


@given(dates)
def test_the_working_day_before_is_the_last_one(day: date) -> None:
    before = ENGLAND.working_day_before(day)
    assert before < day
    assert ENGLAND.is_working_day(before)
    assert ENGLAND.working_days_between(before, day - timedelta(days=1)) == 0


# A random walk through a case: each next event is one `allowed_events` offers, sent with an
# ordinary payload, a few hours to a few days after the one before.

EVENT_NAMES = [
    "step_done", "responded", "escalated", "resolved", "signed_off", "referred",
    "closed", "withdrawn", "fact_set", "deadline_set",
]  # fmt: skip


def next_event(name: str, when: datetime, case: CaseState, pick: int) -> Event | None:
    if name == "step_done":
        todo = [
            d.id.split("step:")[1]
            for d in case.deadlines
            if d.kind == "step" and d.status in ("open", "overdue")
        ]
        return StepDone(at=when, step=todo[pick % len(todo)]) if todo else None
    if name == "signed_off":
        parties = [p for p in ("raising", "receiving") if p not in case.signed_off]
        return SignedOff(at=when, party=parties[pick % len(parties)])
    if name == "fact_set":
        return FactSet(at=when, fact="cp_plan", value=bool(pick % 2))
    if name == "deadline_set":
        return _bring_forward(when, case, pick)
    if name == "responded":
        return Responded(at=when, position="agree")
    plain: dict[str, type[Event]] = {
        "escalated": Escalated,
        "resolved": Resolved,
        "referred": Referred,
        "closed": Closed,
        "withdrawn": Withdrawn,
    }
    return plain[name](at=when)


def _bring_forward(when: datetime, case: CaseState, pick: int) -> Event | None:
    today = london_date(when)
    for found in case.deadlines:
        if found.status != "open" or isinstance(found.due, datetime):
            continue
        if found.unit in (Unit.NONE, Unit.AGREED):
            return DeadlineSet(
                at=when, deadline=found.id, due=today + timedelta(pick % 9), reason="r"
            )
        if found.due is not None and found.due > today:
            return DeadlineSet(at=when, deadline=found.id, due=today, reason="r")
    return None


walks = st.lists(
    st.tuples(st.integers(0, 200), st.sampled_from(EVENT_NAMES), st.integers(0, 10)), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(st.booleans(), st.booleans(), walks)
def test_a_case_that_takes_only_allowed_events_replays_identically(
    urgent: bool, cp_plan: bool, walk: list[tuple[int, str, int]]
) -> None:
    policy = example()
    when = datetime(2026, 12, 18, 9, tzinfo=LONDON)
    events: list[Event] = [Raised(at=when, urgent=urgent, facts={"cp_plan": cp_plan})]
    case = run(policy, events)
    for hours, name, pick in walk:
        if name not in allowed_events(policy, case):
            continue
        event = next_event(name, when + timedelta(hours=hours), case, pick)
        if event is None:
            continue
        when = event.at
        case = run(policy, [*events, event])  # an allowed event is accepted
        events.append(event)
    later = when + timedelta(days=30)
    first, second = run(policy, events, later), run(policy, events, later)
    assert first == second
    assert [n.at for n in first.notifications] == sorted(n.at for n in first.notifications)
    assert all(n.at <= later for n in first.notifications)


@given(dates.filter(lambda d: date(2025, 1, 1) <= d <= date(2029, 6, 1)), st.integers(0, 20))
def test_a_deadline_brought_forward_is_never_later(raised_on: date, offset: int) -> None:
    raised = Raised(at=datetime.combine(raised_on, datetime.min.time(), LONDON).replace(hour=9))
    before = run(example(), [raised])
    stage_1 = before.deadline("stage:1")
    assert stage_1 is not None
    assert stage_1.due is not None
    new = london_date(raised.at) + timedelta(days=offset)
    setting = DeadlineSet(at=raised.at, deadline="stage:1", due=new, reason="risk")
    try:
        after = run(example(), [raised, setting])
    except EventRejected:
        assert new >= stage_1.due
        return
    moved = after.deadline("stage:1")
    assert moved is not None
    assert moved.due is not None
    assert moved.due < stage_1.due
    assert calendar() is calendar()  # the calendar is shared, not rebuilt per case

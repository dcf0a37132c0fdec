"""`deadline_set` (section 4.2): bring a deadline forward with a reason, or set an agreed date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from accord.engine.events import DeadlineSet, Escalated, Event, StepDone
from accord.engine.lifecycle import EventRejected
from accord.engine.policy.model import Unit

from .builders import at, day, deadline, due, example, only, raise_on, run, with_stage

RAISED = raise_on("2026-12-21")
URGENT = raise_on("2026-12-21", urgent=True)


def setting(
    deadline_id: str, new: date | datetime, when: datetime | None = None, reason: str = "risk"
) -> DeadlineSet:
    return DeadlineSet(
        at=when or at("2026-12-21", "10:00"), deadline=deadline_id, due=new, reason=reason
    )


def to_stage_4() -> list[Event]:
    return [RAISED, *[Escalated(at=at("2026-12-22")) for _ in range(3)]]


@pytest.mark.parametrize(
    ("events", "deadline_id", "expected"),
    [
        ([RAISED, setting("stage:1", day("2026-12-22"))], "stage:1", day("2026-12-22")),
        ([RAISED, setting("stage:1", day("2026-12-21"))], "stage:1", day("2026-12-21")),
        (
            [RAISED, setting("budget:overall", day("2027-01-08"))],
            "budget:overall",
            day("2027-01-08"),
        ),
        (
            [RAISED, setting("stage:1/step:response", day("2026-12-21"))],
            "stage:1/step:response",
            day("2026-12-21"),
        ),
        (
            [URGENT, setting("stage:1", at("2026-12-21", "17:00"))],
            "stage:1",
            at("2026-12-21", "17:00"),
        ),
        (  # `none`: any date, later ones too
            [
                *to_stage_4(),
                setting("stage:4", day("2027-02-01"), at("2026-12-23")),
                setting("stage:4", day("2027-03-01"), at("2026-12-24")),
            ],
            "stage:4",
            day("2027-03-01"),
        ),
    ],
)
def test_accepted(events: list[Event], deadline_id: str, expected: date) -> None:
    found = deadline(run(example(), events), deadline_id)
    assert found.due == expected
    assert found.reason == "risk"


def test_an_agreed_deadline_has_no_due_until_the_parties_set_one() -> None:
    policy = with_stage(example(), 2, due=only(due(None, Unit.AGREED)))
    events: list[Event] = [RAISED, Escalated(at=at("2026-12-23"))]
    waiting = deadline(run(policy, events, "2027-06-01"), "stage:2")
    assert (waiting.due, waiting.status) == (None, "open")
    events += [
        setting("stage:2", day("2027-01-08"), at("2026-12-23", "12:00")),
        setting("stage:2", day("2027-01-20"), at("2027-01-04")),  # later: agreed dates may move
    ]
    agreed = deadline(run(policy, events, "2027-01-21"), "stage:2")
    assert (agreed.due, agreed.status) == (day("2027-01-20"), "overdue")


OPEN_ONES = "stage:1, stage:1/step:response, budget:overall"


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            [RAISED, setting("stage:1", day("2026-12-29"))],
            "deadline 'stage:1' is due on 2026-12-23; a deadline is brought forward, never put "
            "back (only `none` and `agreed` deadlines take a later date)",
        ),
        (
            [RAISED, setting("stage:1", day("2026-12-23"))],
            "deadline 'stage:1' is already due on 2026-12-23: nothing changes",
        ),
        (
            [RAISED, setting("stage:1", day("2026-12-21"), at("2026-12-22"))],
            "the new due 2026-12-21 is before the event's own date; it cannot be past",
        ),
        (  # overdue: only `none` and `agreed` ones can still be set
            [RAISED, setting("stage:1", day("2026-12-22"), at("2026-12-29"))],
            "the new due 2026-12-22 is before the event's own date; it cannot be past",
        ),
        (
            [RAISED, setting("stage:1", day("2026-12-22"), reason=" ")],
            "setting deadline 'stage:1' needs a reason",
        ),
        (
            [RAISED, setting("stage:9", day("2026-12-22"))],
            f"the case has no deadline 'stage:9' (open deadlines: {OPEN_ONES})",
        ),
        (
            [
                RAISED,
                StepDone(at=at("2026-12-21", "09:30"), step="response"),
                setting("stage:1/step:response", day("2026-12-21")),
            ],
            "deadline 'stage:1/step:response' is met; only an open or overdue one is set",
        ),
        (
            [
                RAISED,
                Escalated(at=at("2026-12-21", "09:30")),
                setting("stage:1/step:response", day("2026-12-21")),
            ],
            "deadline 'stage:1/step:response' is dropped; only an open or overdue one is set",
        ),
        (
            [URGENT, setting("stage:1", day("2026-12-21"))],
            "deadline 'stage:1' is counted in hours; give `due` as a date-time",
        ),
        (
            [RAISED, setting("stage:1", at("2026-12-22", "12:00"))],
            "deadline 'stage:1' is counted in working_days; give `due` as a date (YYYY-MM-DD)",
        ),
        (
            [URGENT, setting("stage:1", at("2026-12-21", "09:59"))],
            "the new due 2026-12-21T09:59:00+00:00 is before the event's own date; "
            "it cannot be past",
        ),
    ],
)
def test_refused(events: list[Event], message: str) -> None:
    with pytest.raises(EventRejected) as rejected:
        run(example(), events)
    assert rejected.value.message == f"event {len(events)} (deadline_set): {message}"

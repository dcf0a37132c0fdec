"""Which of the alerts recorded together are told (`catch_up.current`, decision 21)."""

from __future__ import annotations

from accord.cases.catch_up import current
from accord.cases.models import CaseNotification


def notice(
    kind: str, *, case: int = 1, topic: str = "stage:1", number: int = 0
) -> CaseNotification:
    return CaseNotification(case_id=case, topic=topic, kind=kind, number=number)


def told(*rows: CaseNotification) -> list[tuple[int, str, str, int]]:
    return [(r.case_id, r.topic, r.kind, r.number) for r in current(rows)]


def test_only_the_latest_alert_of_each_deadline_is_told() -> None:
    assert told(notice("due_soon"), notice("passed"), notice("non_response")) == [
        (1, "stage:1", "non_response", 0)
    ]
    # Another deadline, another case, and what is not an alert are left alone.
    assert told(
        notice("due_soon", topic="stage:1/step:response"),
        notice("passed"),
        notice("due_soon", case=2),
        notice("raised"),
    ) == [
        (1, "stage:1/step:response", "due_soon", 0),
        (1, "stage:1", "passed", 0),
        (2, "stage:1", "due_soon", 0),
        (1, "stage:1", "raised", 0),
    ]


def test_a_stages_own_rules_go_with_its_alerts() -> None:
    # Two `due_soon` rules of the stage (numbered by rule) are both current with its due soon...
    assert (
        len(told(notice("due_soon"), notice("stage_due_soon"), notice("stage_due_soon", number=1)))
        == 3
    )
    # ...and all overtaken once it has passed; its `breached` rule goes with the passed alert.
    assert told(
        notice("due_soon"), notice("stage_due_soon"), notice("passed"), notice("stage_breached")
    ) == [(1, "stage:1", "passed", 0), (1, "stage:1", "stage_breached", 0)]


def test_reminders_are_overtaken_by_later_reminders_then_by_their_end() -> None:
    assert told(notice("nudge", number=1), notice("nudge", number=2)) == [
        (1, "stage:1", "nudge", 2)
    ]
    assert told(notice("nudge", number=3), notice("nudges_stopped")) == [
        (1, "stage:1", "nudges_stopped", 0)
    ]

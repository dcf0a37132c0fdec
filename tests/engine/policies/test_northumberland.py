"""Northumberland regional procedure 2.7: replayed across Christmas 2026 and Easter 2027.

The policy: workers (line managers notified "at the earliest opportunity", reminded every working
day) within 5 working days; a meeting chaired by an independent person within 10 working days,
then the Agency Report (Appendix 2) on the service user's file; the whole process within 20
working days; then Senior Managers (advised by the Designated or Named Professional) and
Directors with no number, reminded every 2 working days; Appendix 3 to the NSCB when resolved
at those levels. No start above stage 1, no exceptions, no breach or non-response alerts.

Every expected date below was worked out by hand from the English bank holidays:
Fri 25 Dec 2026, Mon 28 Dec 2026 (Boxing Day substitute), Fri 1 Jan 2027, Good Friday 26 Mar 2027,
Easter Monday 29 Mar 2027, Mon 3 May 2027. "N wd after X" counts working days after X (X itself
never counts). Reminders fire at 09:00 every N working days after the clock starts (or after the
last reminder) while the deadline is open. Events that must not coincide with a reminder are
given a time of day.
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected
from accord.engine.policy.model import choose

from .replaying import HOLDERS, URGENT_SENIOR, deadlines, load, notices, ordered, run, state

POLICY = "northumberland"
NOTIFIED = "stage:1/step:line-managers-notified"
MEETING = "stage:2/step:meeting"
REPORT = "stage:2/step:agency-report"


def test_full_path_across_christmas_and_new_year() -> None:
    """Workers, meeting (child on a CP plan), Senior Managers, Directors: resolved at the top."""
    events = [
        {"at": "2026-12-23", "type": "raised", "facts": {"cp_plan": True}},
        {"at": "2026-12-29T16:30", "type": "step_done", "step": "line-managers-notified"},
        {"at": "2027-01-04", "type": "escalated", "reason": "workers could not agree"},
        {"at": "2027-01-13", "type": "step_done", "step": "meeting"},
        {"at": "2027-01-18", "type": "step_done", "step": "agency-report"},
        {"at": "2027-01-18", "type": "escalated", "reason": "no consensus at the meeting"},
        {"at": "2027-01-25", "type": "escalated", "reason": "Senior Managers cannot agree"},
        {"at": "2027-01-28", "type": "resolved"},
        {"at": "2027-01-28", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 4)
    assert deadlines(result) == {
        # raised Wed 23 Dec; 5 wd: Thu 24, (25 BH, weekend, 28 BH) 29, 30, 31, (1 Jan BH,
        # weekend) Mon 4 Jan -> due 4 Jan; escalated 4 Jan: met
        "stage:1": ("2026-12-23", "2027-01-04", "2027-01-04", "met"),
        # "at the earliest opportunity": no due date; done Tue 29 Dec
        NOTIFIED: ("2026-12-23", None, "2026-12-29", "met"),
        # 20 wd from Wed 23 Dec: 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 18, 19,
        # 20, 21, 22, 25 Jan -> due Mon 25 Jan; the case leaves stage 2 on 18 Jan: met
        "budget:whole-process": ("2026-12-23", "2027-01-25", "2027-01-18", "met"),
        # entered Mon 4 Jan; 10 wd: 5, 6, 7, 8, 11, 12, 13, 14, 15, 18 -> due Mon 18 Jan
        "stage:2": ("2027-01-04", "2027-01-18", "2027-01-18", "met"),
        MEETING: ("2027-01-04", "2027-01-18", "2027-01-13", "met"),
        # runs from the meeting (Wed 13 Jan), no due date; done Mon 18 Jan
        REPORT: ("2027-01-13", None, "2027-01-18", "met"),
        "stage:3": ("2027-01-18", None, "2027-01-25", "met"),
        "stage:4": ("2027-01-25", None, "2027-01-28", "met"),
    }
    assert notices(result) == ordered(
        [
            # line managers not yet notified: reminded every working day from Wed 23 Dec:
            # Thu 24 Dec, then (25 BH, weekend, 28 BH) Tue 29 Dec 09:00; done 29 Dec 16:30
            ("2026-12-24", f"{NOTIFIED}/nudge", HOLDERS, None),
            ("2026-12-29", f"{NOTIFIED}/nudge", HOLDERS, None),
            # Agency Report after the meeting of Wed 13 Jan: every 2 wd -> 14, 15: Fri 15 Jan;
            # next would be 18, 19: Tue 19 Jan, but it is done Mon 18 Jan
            ("2027-01-15", f"{REPORT}/nudge", HOLDERS, None),
            # meeting did not resolve it: the Agency Report goes on both services' files
            ("2027-01-18", "stage:2/escalating", HOLDERS, "agency-report"),
            # Senior Managers: advice from the Designated or Named Professional
            ("2027-01-18", "stage:3/entered", ("designated_professional",), None),
            # stage 3 from Mon 18 Jan, every 2 wd: 19, 20 -> Wed 20; 21, 22 -> Fri 22;
            # (25, 26 -> Tue 26, after the escalation of Mon 25)
            ("2027-01-20", "stage:3/nudge", HOLDERS, None),
            ("2027-01-22", "stage:3/nudge", HOLDERS, None),
            # stage 4 from Mon 25 Jan: 26, 27 -> Wed 27; (28, 29 -> Fri 29, after resolution)
            ("2027-01-27", "stage:4/nudge", HOLDERS, None),
            # resolved by the Directors: Appendix 3 to the NSCB
            ("2027-01-28", "stage:4/resolved", ("nscb",), "appendix-3"),
        ]
    )


EASTER_EVENTS = [
    {"at": "2027-03-22", "type": "raised", "facts": {"cp_plan": False}},
    {"at": "2027-03-23T12:00", "type": "step_done", "step": "line-managers-notified"},
    {"at": "2027-04-06", "type": "escalated", "reason": "workers could not agree"},
    {"at": "2027-04-15", "type": "step_done", "step": "meeting"},
    {"at": "2027-04-16", "type": "step_done", "step": "agency-report"},
    {"at": "2027-04-16", "type": "resolved"},
    {"at": "2027-04-16", "type": "closed"},
]


def test_stage_1_overdue_over_easter_with_no_alerts() -> None:
    """The workers miss their 5 working days; the procedure names no alert for that."""
    result = run(POLICY, EASTER_EVENTS, as_of="2027-04-01")

    assert state(result) == ("open", 1)
    assert deadlines(result) == {
        # raised Mon 22 Mar; 5 wd: 23, 24, 25, (26 GF, weekend, 29 EM) 30, 31 -> due Wed 31 Mar;
        # as of Thu 1 Apr, not done: overdue
        "stage:1": ("2027-03-22", "2027-03-31", None, "overdue"),
        NOTIFIED: ("2027-03-22", None, "2027-03-23", "met"),
        # 20 wd from 22 Mar: 23, 24, 25, 30, 31 Mar, 1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16,
        # 19, 20, 21 Apr -> due Wed 21 Apr
        "budget:whole-process": ("2027-03-22", "2027-04-21", None, "open"),
    }
    assert notices(result) == [
        # 1 wd after Mon 22 Mar: Tue 23 Mar 09:00, before the line managers were told at 12:00
        ("2027-03-23", f"{NOTIFIED}/nudge", HOLDERS, None),
    ]


def test_full_path_across_easter_resolved_at_the_meeting() -> None:
    result = run(POLICY, EASTER_EVENTS)

    assert state(result) == ("closed", 2)
    assert deadlines(result) == {
        "stage:1": ("2027-03-22", "2027-03-31", "2027-04-06", "late"),
        NOTIFIED: ("2027-03-22", None, "2027-03-23", "met"),
        "budget:whole-process": ("2027-03-22", "2027-04-21", "2027-04-16", "met"),
        # entered Tue 6 Apr; 10 wd: 7, 8, 9, 12, 13, 14, 15, 16, 19, 20 -> due Tue 20 Apr
        "stage:2": ("2027-04-06", "2027-04-20", "2027-04-16", "met"),
        MEETING: ("2027-04-06", "2027-04-20", "2027-04-15", "met"),
        # from the meeting (Thu 15 Apr); first reminder would be 16, 19 -> Mon 19: done Fri 16
        REPORT: ("2027-04-15", None, "2027-04-16", "met"),
    }
    assert notices(result) == ordered(
        [
            ("2027-03-23", f"{NOTIFIED}/nudge", HOLDERS, None),
            ("2027-04-16", "stage:2/resolved", HOLDERS, "agency-report"),
        ]
    )


def test_the_meeting_chair_depends_on_the_child_protection_plan() -> None:
    meeting = load(POLICY).stage(2)
    assert meeting.meeting
    assert choose(meeting.chair, {"cp_plan": True}) == "standards_manager"
    assert choose(meeting.chair, {"cp_plan": False}) == "independent_chair"
    assert choose(meeting.chair, {}) == "independent_chair"  # unanswered is false


def test_no_start_above_stage_1_even_when_urgent() -> None:
    raised = {"at": "2026-12-23", "type": "raised", "stage": 3, "urgent": True, "reason": "x"}
    with pytest.raises(EventRejected, match="may_start_at"):
        run(POLICY, [raised])


def test_urgent_case_brings_the_deadlines_forward_over_christmas() -> None:
    """The immediate safety of a child: the holders bring each deadline forward instead."""
    events = [
        {"at": "2026-12-23", "type": "raised", "urgent": True, "facts": {"cp_plan": True}},
        {"at": "2026-12-23T10:00", "type": "step_done", "step": "line-managers-notified"},
        {
            "at": "2026-12-23T10:05",
            "type": "deadline_set",
            "deadline": "stage:1",
            "due": "2026-12-24",
            "reason": "immediate safety of the child",
        },
        {"at": "2026-12-24", "type": "escalated", "reason": "no agreement"},
        {
            "at": "2026-12-24T10:00",
            "type": "deadline_set",
            "deadline": "stage:2/step:meeting",
            "due": "2026-12-30",
            "reason": "immediate safety of the child",
        },
        {"at": "2026-12-29T15:00", "type": "step_done", "step": "meeting"},
        {"at": "2026-12-30", "type": "step_done", "step": "agency-report"},
        {"at": "2026-12-30", "type": "resolved"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("resolved", 2)
    assert deadlines(result) == {
        # would be due Mon 4 Jan (5 wd); brought forward to Thu 24 Dec; escalated 24 Dec: met
        "stage:1": ("2026-12-23", "2026-12-24", "2026-12-24", "met"),
        NOTIFIED: ("2026-12-23", None, "2026-12-23", "met"),
        "budget:whole-process": ("2026-12-23", "2027-01-25", "2026-12-30", "met"),
        # entered Thu 24 Dec; 10 wd: 29, 30, 31, 4, 5, 6, 7, 8, 11, 12 -> due Tue 12 Jan
        "stage:2": ("2026-12-24", "2027-01-12", "2026-12-30", "met"),
        # same 10 wd, brought forward to Wed 30 Dec; held Tue 29 Dec
        MEETING: ("2026-12-24", "2026-12-30", "2026-12-29", "met"),
        # from the meeting (29 Dec 15:00); first reminder would be 30, 31 -> Thu 31 Dec
        REPORT: ("2026-12-29", None, "2026-12-30", "met"),
    }
    assert notices(result) == [
        ("2026-12-23", "raised/urgent", (*HOLDERS, URGENT_SENIOR), None),
        ("2026-12-30", "stage:2/resolved", HOLDERS, "agency-report"),
    ]


def test_a_deadline_is_never_put_back() -> None:
    events = [
        {"at": "2026-12-23", "type": "raised"},
        {
            "at": "2026-12-23",
            "type": "deadline_set",
            "deadline": "stage:1",
            "due": "2027-01-05",  # due 4 Jan: later is refused
            "reason": "holidays",
        },
    ]
    with pytest.raises(EventRejected, match="never put back"):
        run(POLICY, events)


def test_the_procedure_names_no_exceptions_and_applies_within_and_between() -> None:
    policy = load(POLICY)
    assert policy.exceptions == ()
    assert policy.scope == "within_and_between_agencies"
    assert policy.stage(3).advisers == ("designated_professional",)

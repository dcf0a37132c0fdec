"""Stockport SSCP 7-minute briefing: replayed across Christmas 2026 and Easter 2027.

The policy: practitioners (advice from the organisation's Safeguarding Lead), line managers,
senior managers, the highest level of management (the SSCP told with an outcome resolution
notice on entering it, and again if it resolves there), then the SSCP Independent Chair. The
briefing gives no timescales: no due dates, holders reminded every 2 working days. No start above
stage 1, no exceptions, no sign-off; a debrief is offered.

Every expected date below was worked out by hand from the English bank holidays:
Fri 25 Dec 2026, Mon 28 Dec 2026 (Boxing Day substitute), Fri 1 Jan 2027, Good Friday 26 Mar 2027,
Easter Monday 29 Mar 2027, Mon 3 May 2027. Reminders fire at 09:00 on the 2nd working day after
the stage is entered, then every 2 working days after the last one, while the stage is open.
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected

from .replaying import HOLDERS, deadlines, load, notices, ordered, run, state

POLICY = "stockport"
NOTICE = "outcome-resolution-notice"


def test_full_path_across_christmas_to_the_independent_chair() -> None:
    events = [
        {"at": "2026-12-23", "type": "raised"},
        {"at": "2027-01-04", "type": "escalated", "reason": "not swiftly resolved"},
        {"at": "2027-01-11", "type": "escalated", "reason": "next tier of line management"},
        {"at": "2027-01-18", "type": "escalated", "reason": "to the highest level"},
        {"at": "2027-01-25", "type": "referred", "reason": "unresolved at the highest level"},
        {"at": "2027-02-01", "type": "resolved"},  # the Independent Chair's resolution
        {"at": "2027-02-01", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 4)
    assert deadlines(result) == {
        # the briefing gives no timescale: no due date, met when the stage is left
        "stage:1": ("2026-12-23", None, "2027-01-04", "met"),
        "stage:2": ("2027-01-04", None, "2027-01-11", "met"),
        "stage:3": ("2027-01-11", None, "2027-01-18", "met"),
        "stage:4": ("2027-01-18", None, "2027-01-25", "met"),
    }
    assert notices(result) == ordered(
        [
            # advice from the Safeguarding Lead in your organisation
            ("2026-12-23", "stage:1/entered", ("safeguarding_lead",), None),
            # stage 1 from Wed 23 Dec: 24, (25 BH, weekend, 28 BH) 29 -> Tue 29 Dec; 30, 31 ->
            # Thu 31 Dec; (1 Jan BH, weekend) 4, 5 -> Tue 5 Jan: left Mon 4 Jan
            ("2026-12-29", "stage:1/nudge", HOLDERS, None),
            ("2026-12-31", "stage:1/nudge", HOLDERS, None),
            # stage 2 from Mon 4 Jan: Wed 6, Fri 8 (Tue 12: left Mon 11)
            ("2027-01-06", "stage:2/nudge", HOLDERS, None),
            ("2027-01-08", "stage:2/nudge", HOLDERS, None),
            # stage 3 from Mon 11 Jan: Wed 13, Fri 15 (Tue 19: left Mon 18)
            ("2027-01-13", "stage:3/nudge", HOLDERS, None),
            ("2027-01-15", "stage:3/nudge", HOLDERS, None),
            # highest level of management: the SSCP is kept informed with the notice
            ("2027-01-18", "stage:4/entered", ("sscp_team",), NOTICE),
            # stage 4 from Mon 18 Jan: Wed 20, Fri 22 (Tue 26: referred Mon 25)
            ("2027-01-20", "stage:4/nudge", HOLDERS, None),
            ("2027-01-22", "stage:4/nudge", HOLDERS, None),
            # referred to the SSCP Independent Chair for resolution
            (
                "2027-01-25",
                "referred",
                ("independent_chair", "raising_holder", "receiving_holder", "raiser"),
                None,
            ),
            # the Independent Chair's resolution: the outcome notice goes to the SSCP
            ("2027-02-01", "stage:4/resolved", ("sscp_team",), "outcome-resolution-notice"),
        ]
    )


def test_full_path_across_easter_resolved_at_the_highest_level() -> None:
    events = [
        {"at": "2027-03-22", "type": "raised"},
        {"at": "2027-03-31", "type": "escalated", "reason": "not swiftly resolved"},
        {"at": "2027-04-05", "type": "escalated", "reason": "next tier"},
        {"at": "2027-04-08", "type": "escalated", "reason": "to the highest level"},
        {"at": "2027-04-09", "type": "resolved"},
        {"at": "2027-04-09", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 4)
    assert deadlines(result) == {
        "stage:1": ("2027-03-22", None, "2027-03-31", "met"),
        "stage:2": ("2027-03-31", None, "2027-04-05", "met"),
        "stage:3": ("2027-04-05", None, "2027-04-08", "met"),
        "stage:4": ("2027-04-08", None, "2027-04-09", "met"),
    }
    assert notices(result) == ordered(
        [
            ("2027-03-22", "stage:1/entered", ("safeguarding_lead",), None),
            # stage 1 from Mon 22 Mar: 23, 24 -> Wed 24 Mar; 25, (26 GF, weekend, 29 EM) 30 ->
            # Tue 30 Mar; (31, 1 -> Thu 1 Apr: left Wed 31 Mar)
            ("2027-03-24", "stage:1/nudge", HOLDERS, None),
            ("2027-03-30", "stage:1/nudge", HOLDERS, None),
            # stage 2 from Wed 31 Mar: 1, 2 -> Fri 2 Apr (5, 6 -> Tue 6: left Mon 5)
            ("2027-04-02", "stage:2/nudge", HOLDERS, None),
            # stage 3 from Mon 5 Apr: 6, 7 -> Wed 7 Apr (8, 9 -> Fri 9: left Thu 8)
            ("2027-04-07", "stage:3/nudge", HOLDERS, None),
            ("2027-04-08", "stage:4/entered", ("sscp_team",), NOTICE),
            # stage 4 from Thu 8 Apr: 9, 12 -> Mon 12 (resolved Fri 9); the notice again,
            # with the outcome
            ("2027-04-09", "stage:4/resolved", ("sscp_team",), NOTICE),
        ]
    )


def test_no_start_above_stage_1_and_no_sign_off() -> None:
    with pytest.raises(EventRejected, match="may_start_at"):
        run(POLICY, [{"at": "2027-03-24", "type": "raised", "stage": 4, "urgent": True}])

    signed = [
        {"at": "2027-03-24", "type": "raised", "urgent": True},
        {"at": "2027-03-25", "type": "resolved"},
        {"at": "2027-03-25", "type": "signed_off", "party": "receiving"},
    ]
    with pytest.raises(EventRejected, match="sign_off = none"):
        run(POLICY, signed)


def test_no_dated_deadline_so_nothing_goes_overdue_over_easter() -> None:
    result = run(POLICY, [{"at": "2027-03-25", "type": "raised"}], as_of="2027-04-06")
    assert deadlines(result) == {"stage:1": ("2027-03-25", None, None, "open")}
    assert notices(result) == ordered(
        [
            ("2027-03-25", "stage:1/entered", ("safeguarding_lead",), None),
            # from Thu 25 Mar: (26 GF, weekend, 29 EM) 30, 31 -> Wed 31 Mar; 1, 2 -> Fri 2 Apr;
            # 5, 6 -> Tue 6 Apr
            ("2027-03-31", "stage:1/nudge", HOLDERS, None),
            ("2027-04-02", "stage:1/nudge", HOLDERS, None),
            ("2027-04-06", "stage:1/nudge", HOLDERS, None),
        ]
    )


def test_the_briefing_names_no_exceptions_and_offers_a_debrief() -> None:
    policy = load(POLICY)
    assert policy.exceptions == ()
    assert policy.resolution.final == "chair_decision"
    assert policy.resolution.report_to == ("independent_chair",)
    assert policy.resolution.debrief == "offered"
    assert policy.stage(1).advisers == ("safeguarding_lead",)

"""Generic LSCB chapter 14 "Resolving interagency disagreements": replayed across Christmas 2026
and Easter 2027.

The policy: practitioners (advised by their line manager or practitioner lead), line managers,
their line managers, senior management; no timescales (holders reminded every 2 working days);
written confirmation to both parties on resolution at any stage, and general issues referred to
the agency's SCB representative when there are some (a conditional notification); unresolved at
the top, referred to the SCB Chair for mediation. No start above stage 1, no exceptions, both
parties sign off.

Every expected date below was worked out by hand from the English bank holidays:
Fri 25 Dec 2026, Mon 28 Dec 2026 (Boxing Day substitute), Fri 1 Jan 2027, Good Friday 26 Mar 2027,
Easter Monday 29 Mar 2027, Mon 3 May 2027. Reminders fire at 09:00 on the 2nd working day after
the stage is entered, then every 2 working days after the last one, while the stage is open.
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected

from .replaying import HOLDERS, URGENT_SENIOR, deadlines, load, notices, ordered, run, state

POLICY = "generic-lscb"
CONFIRMATION = "written-confirmation"


def test_full_path_across_christmas_to_mediation() -> None:
    events = [
        {"at": "2026-12-22", "type": "raised"},
        {"at": "2027-01-05", "type": "escalated", "reason": "14.7: to line managers"},
        {"at": "2027-01-08", "type": "escalated", "reason": "14.8: to their line managers"},
        {"at": "2027-01-15", "type": "escalated", "reason": "14.8: continues up"},
        {"at": "2027-01-22", "type": "referred", "reason": "14.9: cannot be resolved"},
        {"at": "2027-02-05", "type": "resolved"},  # agreed at the mediation meeting
        {"at": "2027-02-05", "type": "signed_off", "party": "raising"},
        {"at": "2027-02-08", "type": "signed_off", "party": "receiving"},
        {"at": "2027-02-08", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 4)
    assert deadlines(result) == {
        # the chapter gives no timescale: no due date, met when the stage is left
        "stage:1": ("2026-12-22", None, "2027-01-05", "met"),
        "stage:2": ("2027-01-05", None, "2027-01-08", "met"),
        "stage:3": ("2027-01-08", None, "2027-01-15", "met"),
        "stage:4": ("2027-01-15", None, "2027-01-22", "met"),
    }
    assert notices(result) == ordered(
        [
            # 14.6: practitioners consult their line manager or practitioner lead
            ("2026-12-22", "stage:1/entered", ("practitioner_lead",), None),
            # stage 1 from Tue 22 Dec: 23, 24 -> Thu 24 Dec; (25 BH, weekend, 28 BH) 29, 30 ->
            # Wed 30 Dec; 31, (1 Jan BH, weekend) 4 -> Mon 4 Jan; (5, 6 -> Wed 6: left Tue 5)
            ("2026-12-24", "stage:1/nudge", HOLDERS, None),
            ("2026-12-30", "stage:1/nudge", HOLDERS, None),
            ("2027-01-04", "stage:1/nudge", HOLDERS, None),
            # stage 2 from Tue 5 Jan: 6, 7 -> Thu 7 (8, 11 -> Mon 11: left Fri 8)
            ("2027-01-07", "stage:2/nudge", HOLDERS, None),
            # stage 3 from Fri 8 Jan: 11, 12 -> Tue 12; 13, 14 -> Thu 14 (Mon 18: left Fri 15)
            ("2027-01-12", "stage:3/nudge", HOLDERS, None),
            ("2027-01-14", "stage:3/nudge", HOLDERS, None),
            # stage 4 from Fri 15 Jan: 18, 19 -> Tue 19; 20, 21 -> Thu 21 (Mon 25: referred 22)
            ("2027-01-19", "stage:4/nudge", HOLDERS, None),
            ("2027-01-21", "stage:4/nudge", HOLDERS, None),
            # 14.9: referred to the Chair of the SCB, who offers mediation
            (
                "2027-01-22",
                "referred",
                ("scb_chair", "raising_holder", "receiving_holder", "raiser"),
                None,
            ),
            # 14.10 after mediation too: written confirmation between the parties
            ("2027-02-05", "stage:4/resolved", HOLDERS, "written-confirmation"),
        ]
    )


def test_full_path_across_easter_resolved_by_line_managers_with_general_issues() -> None:
    events = [
        {"at": "2027-03-23", "type": "raised"},
        {"at": "2027-04-01", "type": "escalated", "reason": "14.7: to line managers"},
        {"at": "2027-04-06", "type": "fact_set", "fact": "general_issues", "value": True},
        {"at": "2027-04-06", "type": "resolved"},
        {"at": "2027-04-06", "type": "signed_off", "party": "raising"},
        {"at": "2027-04-07", "type": "signed_off", "party": "receiving"},
        {"at": "2027-04-07", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 2)
    assert deadlines(result) == {
        "stage:1": ("2027-03-23", None, "2027-04-01", "met"),
        "stage:2": ("2027-04-01", None, "2027-04-06", "met"),
    }
    assert notices(result) == ordered(
        [
            ("2027-03-23", "stage:1/entered", ("practitioner_lead",), None),
            # stage 1 from Tue 23 Mar: 24, 25 -> Thu 25 Mar; (26 GF, weekend, 29 EM) 30, 31 ->
            # Wed 31 Mar; (1, 2 -> Fri 2 Apr: left Thu 1 Apr)
            ("2027-03-25", "stage:1/nudge", HOLDERS, None),
            ("2027-03-31", "stage:1/nudge", HOLDERS, None),
            # stage 2 from Thu 1 Apr: 2, 5 -> Mon 5 Apr (6, 7 -> Wed 7: resolved Tue 6)
            ("2027-04-05", "stage:2/nudge", HOLDERS, None),
            # 14.10 written confirmation to both parties; 14.11 general issues to the agency's
            # SCB representative, because the fact was set before the resolution
            ("2027-04-06", "stage:2/resolved", HOLDERS, CONFIRMATION),
            ("2027-04-06", "stage:2/resolved", ("board_representative",), "general-issues"),
        ]
    )


def test_urgent_case_still_starts_at_stage_1_over_christmas() -> None:
    """No immediate-risk route to a higher stage; with no general issues, only the parties hear."""
    with pytest.raises(EventRejected, match="may_start_at"):
        run(POLICY, [{"at": "2026-12-24", "type": "raised", "stage": 2, "urgent": True}])

    events = [
        {"at": "2026-12-24", "type": "raised", "urgent": True, "reason": "child at risk"},
        {"at": "2026-12-29", "type": "resolved"},
    ]
    result = run(POLICY, events)
    assert state(result) == ("resolved", 1)
    assert deadlines(result) == {"stage:1": ("2026-12-24", None, "2026-12-29", "met")}
    assert notices(result) == ordered(
        [
            ("2026-12-24", "stage:1/entered", ("practitioner_lead",), None),
            ("2026-12-24", "raised/urgent", (*HOLDERS, URGENT_SENIOR), None),
            # first reminder would be 2 wd after Thu 24 Dec: 29, 30 -> Wed 30 Dec: resolved Tue 29
            ("2026-12-29", "stage:1/resolved", HOLDERS, CONFIRMATION),
        ]
    )


def test_no_dated_deadline_so_nothing_goes_overdue() -> None:
    result = run(POLICY, [{"at": "2026-12-23", "type": "raised"}], as_of="2027-01-06")
    assert deadlines(result) == {"stage:1": ("2026-12-23", None, None, "open")}
    assert notices(result) == ordered(
        [
            ("2026-12-23", "stage:1/entered", ("practitioner_lead",), None),
            # from Wed 23 Dec: 24, 29 -> Tue 29 Dec; 30, 31 -> Thu 31 Dec; 4, 5 -> Tue 5 Jan
            ("2026-12-29", "stage:1/nudge", HOLDERS, None),
            ("2026-12-31", "stage:1/nudge", HOLDERS, None),
            ("2027-01-05", "stage:1/nudge", HOLDERS, None),
        ]
    )


def test_the_chapter_names_no_exceptions() -> None:
    policy = load(POLICY)
    assert policy.exceptions == ()
    assert policy.resolution.final == "mediation"
    assert (policy.resolution.sign_off, policy.resolution.debrief) == ("both_parties", "offered")
    assert policy.themes == (
        "Thresholds",
        "Roles and responsibilities",
        "The need for action",
        "Communication",
    )

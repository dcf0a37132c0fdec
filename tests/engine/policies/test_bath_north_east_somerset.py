"""B&NES LSCB escalation policy (2015): replayed across Christmas 2026 and Easter 2027.

The policy publishes no numeric timescales, so every stage has no due date and its holders are
reminded every 2 working days. Appendix A goes to the Business Manager whenever the case is
resolved at a stage, and the raiser and both holders are told; unresolved after stage 4 it is
reported via the Divisional Director and the Business Manager to the LSCB Chair, who may convene a
Resolution Panel. Immediate risk: any stage may be the start. Own-manager disagreements go to
whistleblowing. Both parties sign off.

Every expected date below was worked out by hand from the English bank holidays:
Fri 25 Dec 2026, Mon 28 Dec 2026 (Boxing Day substitute), Fri 1 Jan 2027, Good Friday 26 Mar 2027,
Easter Monday 29 Mar 2027, Mon 3 May 2027. Reminders fire at 09:00 on the 2nd working day after
the stage is entered, then every 2 working days after the last one, while the stage is open.
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected

from .replaying import HOLDERS, URGENT_SENIOR, deadlines, load, notices, ordered, run, state

POLICY = "bath-north-east-somerset"
TOLD_ON_RESOLUTION = ("raiser", "raising_holder", "receiving_holder")
REPORTED_TO = ("divisional_director", "business_manager", "lscb_chair")
REFERRED_TO = (*REPORTED_TO, "raising_holder", "receiving_holder", "raiser")  # both sides too

CHRISTMAS_EVENTS = [
    {"at": "2026-12-21", "type": "raised"},
    {"at": "2027-01-04", "type": "escalated", "reason": "workers cannot agree"},
    {"at": "2027-01-11", "type": "escalated", "reason": "line managers cannot agree"},
    {"at": "2027-01-18", "type": "escalated", "reason": "senior managers cannot agree"},
    {"at": "2027-01-25", "type": "referred", "reason": "unresolved at the end of stage 4"},
    {"at": "2027-02-10", "type": "resolved"},  # the Resolution Panel's decision
    {"at": "2027-02-11", "type": "signed_off", "party": "raising"},
    {"at": "2027-02-12", "type": "signed_off", "party": "receiving"},
    {"at": "2027-02-12", "type": "closed"},
]

CHRISTMAS_DEADLINES = {
    # no published timescale: no due date, met when the stage is left
    "stage:1": ("2026-12-21", None, "2027-01-04", "met"),
    "stage:2": ("2027-01-04", None, "2027-01-11", "met"),
    "stage:3": ("2027-01-11", None, "2027-01-18", "met"),
    "stage:4": ("2027-01-18", None, "2027-01-25", "met"),
}

CHRISTMAS_NOTICES = ordered(
    [
        # stage 1 from Mon 21 Dec: 22, 23 -> Wed 23 Dec; 24, (25 BH, weekend, 28 BH) 29 -> Tue
        # 29 Dec; 30, 31 -> Thu 31 Dec; (1 Jan BH, weekend) 4, 5 -> Tue 5 Jan, after the
        # escalation of Mon 4 Jan
        ("2026-12-23", "stage:1/nudge", HOLDERS, None),
        ("2026-12-29", "stage:1/nudge", HOLDERS, None),
        ("2026-12-31", "stage:1/nudge", HOLDERS, None),
        # stage 2 from Mon 4 Jan: 5, 6 -> Wed 6; 7, 8 -> Fri 8; (11, 12 -> Tue 12: left Mon 11)
        ("2027-01-06", "stage:2/nudge", HOLDERS, None),
        ("2027-01-08", "stage:2/nudge", HOLDERS, None),
        # stage 3 from Mon 11 Jan: Wed 13, Fri 15 (Tue 19 after it is left on Mon 18)
        ("2027-01-13", "stage:3/nudge", HOLDERS, None),
        ("2027-01-15", "stage:3/nudge", HOLDERS, None),
        # stage 4 from Mon 18 Jan: Wed 20, Fri 22 (Tue 26 after the referral on Mon 25)
        ("2027-01-20", "stage:4/nudge", HOLDERS, None),
        ("2027-01-22", "stage:4/nudge", HOLDERS, None),
        # unresolved at the end of stage 4: report via the Divisional Director and the Business
        # Manager to the LSCB Chair
        ("2027-01-25", "referred", REFERRED_TO, None),
        # the Resolution Panel's decision resolves the case from stage 4: Appendix A (its
        # "Chair's Decision to Convene" and "Outcome of LSCB Resolution Panel") goes to the
        # Business Manager, and the parties and the raiser are told
        ("2027-02-10", "stage:4/resolved", ("business_manager",), "appendix-a"),
        ("2027-02-10", "stage:4/resolved", TOLD_ON_RESOLUTION, None),
    ]
)


def test_full_path_across_christmas_to_the_resolution_panel() -> None:
    result = run(POLICY, CHRISTMAS_EVENTS)

    assert state(result) == ("closed", 4)
    assert deadlines(result) == CHRISTMAS_DEADLINES
    assert notices(result) == CHRISTMAS_NOTICES


def test_both_parties_sign_off_before_closing() -> None:
    """As of Thu 11 Feb only the raising party has signed off: still resolved, not closable."""
    result = run(POLICY, CHRISTMAS_EVENTS, as_of="2027-02-11")
    assert state(result) == ("resolved", 4)
    assert deadlines(result) == CHRISTMAS_DEADLINES
    assert notices(result) == CHRISTMAS_NOTICES

    early_close = [*CHRISTMAS_EVENTS[:7], {"at": "2027-02-11", "type": "closed"}]
    with pytest.raises(EventRejected, match="waiting for the receiving party"):
        run(POLICY, early_close)


def test_imminent_risk_starts_at_stage_3_over_easter() -> None:
    """Discretion which stage to start at, after consulting the manager or safeguarding lead."""
    events = [
        {
            "at": "2027-03-24",
            "type": "raised",
            "stage": 3,
            "urgent": True,
            "reason": "imminent risk; consulted my safeguarding lead",
        },
        {"at": "2027-04-02", "type": "resolved"},
        {"at": "2027-04-02", "type": "signed_off", "party": "raising"},
        {"at": "2027-04-05", "type": "signed_off", "party": "receiving"},
        {"at": "2027-04-05", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 3)
    assert deadlines(result) == {"stage:3": ("2027-03-24", None, "2027-04-02", "met")}
    assert notices(result) == ordered(
        [
            # told at once: the holders and the receiving side's senior manager (no `inform`)
            ("2027-03-24", "raised/urgent", (*HOLDERS, URGENT_SENIOR), None),
            # from Wed 24 Mar: 25, (26 GF, weekend, 29 EM) 30 -> Tue 30 Mar; 31, 1 -> Thu 1 Apr;
            # (2, 5 -> Mon 5 Apr: resolved Fri 2 Apr)
            ("2027-03-30", "stage:3/nudge", HOLDERS, None),
            ("2027-04-01", "stage:3/nudge", HOLDERS, None),
            # resolved: Appendix A to the Business Manager; the raiser and both parties told
            ("2027-04-02", "stage:3/resolved", ("business_manager",), "appendix-a"),
            ("2027-04-02", "stage:3/resolved", TOLD_ON_RESOLUTION, None),
        ]
    )


def test_no_timescale_means_never_overdue_only_reminded_over_the_may_bank_holiday() -> None:
    """B&NES sets no deadline to breach: the stage stays open and the holders are reminded."""
    result = run(POLICY, [{"at": "2027-04-28", "type": "raised"}], as_of="2027-05-07")

    assert state(result) == ("open", 1)
    assert deadlines(result) == {"stage:1": ("2027-04-28", None, None, "open")}
    assert notices(result) == [
        # from Wed 28 Apr: 29, 30 -> Fri 30 Apr; (3 May BH) 4, 5 -> Wed 5 May; 6, 7 -> Fri 7 May
        ("2027-04-30", "stage:1/nudge", HOLDERS, None),
        ("2027-05-05", "stage:1/nudge", HOLDERS, None),
        ("2027-05-07", "stage:1/nudge", HOLDERS, None),
    ]


def test_a_case_starts_above_stage_1_only_when_urgent() -> None:
    with pytest.raises(EventRejected, match="urgent"):
        run(POLICY, [{"at": "2026-12-21", "type": "raised", "stage": 4}])


def test_disagreement_with_own_manager_goes_to_whistleblowing() -> None:
    policy = load(POLICY)
    assert [(e.id, e.policy) for e in policy.exceptions] == [("own-manager", None)]
    assert "whistle-blowing" in policy.exceptions[0].route
    assert policy.immediate_risk.may_start_at == (1, 2, 3, 4)


def test_resolution_panel_of_three_agencies_convened_by_the_chair() -> None:
    resolution = load(POLICY).resolution
    assert resolution.final == "panel"
    assert resolution.panel is not None
    assert (resolution.panel.agencies, resolution.panel.include_parties) == (3, True)
    assert resolution.panel.convened_by == "lscb_chair"
    assert (resolution.sign_off, resolution.debrief) == ("both_parties", "offered")

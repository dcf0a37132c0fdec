"""Lincolnshire joint professional escalation and resolution protocol (LSCP and LSAB), a policy
written from the published web pages with no code of its own: replayed across Easter 2027 and the
Spring bank holiday.

The policy: four steps (professionals, line managers, senior liaison officers or equivalent, an
LSCP/LSAB independently chaired meeting) of 2, 5 and 2 working days and no timescale at step 4;
an acknowledgement "immediately" (reminders only); senior managers advise at step 2; an urgent
case may go straight to the independently chaired meeting, with the agency safeguarding lead
told; same-agency disagreements and complaints go elsewhere.

Every expected date below was worked out by hand from the English bank holidays of 2027: Good
Friday 26 Mar, Easter Monday 29 Mar, Spring bank holiday Mon 31 May. "N wd after X" counts
working days after X (X itself never counts); a reminder comes every N working days from the
stage's start, at the time of day the stage started.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from accord.engine.events_json import parse_events
from accord.engine.lifecycle import EventRejected
from accord.engine.policy.loader import load_policy_file
from accord.engine.policy.model import Policy
from accord.engine.simulate import simulate

from .replaying import (
    HOLDERS,
    POLICIES,
    URGENT_SENIOR,
    deadlines,
    load,
    notices,
    ordered,
    run,
    state,
)
from .shipping import checked, explained

POLICY = "lincolnshire"


def test_the_file_checks_clean_and_explains_every_step() -> None:
    assert checked(POLICY) == (0, "ok  lincolnshire published  (4 stages)\n")
    text = explained(POLICY)
    for words in (
        "This procedure is for professionals working with children and adults.",
        "Stage 1: Step 1: direct professional to professional discussion",
        "Timescale: within 2 working days of the stage starting.",
        "Stage 2: Step 2: direct manager to manager discussion",
        "Timescale: within 5 working days of the stage starting.",
        "Who they take advice from: Senior manager within the organisation.",
        "Stage 4: Step 4: LSAB or LSCP independent chaired meeting",
        "Chair: LSCP or LSAB independent chair.",
        "An urgent case may start at, or jump to, stages 1 or 4.",
        "Use your agency's internal escalation protocol, not this one.",
    ):
        assert words in text, words
    assert load(POLICY).population == "children_and_adults"


def test_every_step_across_easter() -> None:
    """Steps 1 to 4 in order, step 3 answered late, resolved at the independently chaired
    meeting."""
    events = [
        {"at": "2027-03-25", "type": "raised", "stage": 1},
        {"at": "2027-03-25T11:00", "type": "step_done", "step": "acknowledgement"},
        {"at": "2027-03-31", "type": "escalated", "reason": "no action plan agreed"},
        {"at": "2027-04-07", "type": "escalated", "reason": "the line managers disagree"},
        {"at": "2027-04-12", "type": "escalated", "reason": "no plan from the SLOEs"},
        {"at": "2027-04-15", "type": "resolved"},
        {"at": "2027-04-15", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 4)
    assert deadlines(result) == {
        # raised Thu 25 Mar; 2 wd: (Good Friday 26, weekend, Easter Monday 29) Tue 30, Wed 31
        # -> due Wed 31 Mar; escalated 31 Mar: met
        "stage:1": ("2027-03-25", "2027-03-31", "2027-03-31", "met"),
        # "immediately": no date; acknowledged the same morning
        "stage:1/step:acknowledgement": ("2027-03-25", None, "2027-03-25", "met"),
        # entered Wed 31 Mar; 5 wd: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 Apr -> due Wed 7 Apr
        "stage:2": ("2027-03-31", "2027-04-07", "2027-04-07", "met"),
        # entered Wed 7 Apr; 2 wd: Thu 8, Fri 9 -> due Fri 9 Apr; escalated Mon 12: late
        "stage:3": ("2027-04-07", "2027-04-09", "2027-04-12", "late"),
        # the meeting has no timescale
        "stage:4": ("2027-04-12", None, "2027-04-15", "met"),
    }
    assert notices(result) == ordered(
        [
            # step 2's advisers hear when it is entered ("may consult senior managers")
            ("2027-03-31", "stage:2/entered", ("senior_manager",), None),
            # step 4 entered Mon 12 Apr; a reminder every 2 wd: Tue 13, Wed 14 -> Wed 14 Apr
            ("2027-04-14", "stage:4/nudge", HOLDERS, None),
        ]
    )


def test_urgent_case_goes_straight_to_the_chaired_meeting_before_spring_bank_holiday() -> None:
    """Step 4 a) "Urgent resolution required": an urgent case starts at the meeting, the agency
    safeguarding lead is told, and the meeting's holders are reminded on working days only."""
    events = [
        {
            "at": "2027-05-28",
            "type": "raised",
            "stage": 4,
            "urgent": True,
            "subject": "adult",
            "reason": "risk to the adult's immediate safety",
        },
    ]
    result = run(POLICY, events, as_of="2027-06-09")

    assert state(result) == ("open", 4)
    assert deadlines(result) == {"stage:4": ("2027-05-28", None, None, "open")}
    assert notices(result) == ordered(
        [
            (
                "2027-05-28",
                "raised/urgent",
                ("raising_holder", "receiving_holder", "safeguarding_lead", URGENT_SENIOR),
                None,
            ),
            # from Fri 28 May: (Spring bank holiday Mon 31) Tue 1, Wed 2 Jun -> Wed 2 Jun;
            # then Thu 3, Fri 4 -> Fri 4 Jun; then Mon 7, Tue 8 -> Tue 8 Jun (the third and last)
            ("2027-06-02", "stage:4/nudge", HOLDERS, None),
            ("2027-06-04", "stage:4/nudge", HOLDERS, None),
            ("2027-06-08", "stage:4/nudge", HOLDERS, None),
        ]
    )


def test_an_urgent_case_cannot_start_at_the_line_managers() -> None:
    """Only steps 1 and 4 are open to an urgent start."""
    events = [{"at": "2027-05-28", "type": "raised", "stage": 2, "urgent": True, "reason": "x"}]
    with pytest.raises(EventRejected):
        run(POLICY, events)


# -- a second version with a changed timescale ----------------------------------------------------

REVISED = POLICIES.parents[1] / "tests" / "engine" / "fixtures" / "lincolnshire-v2.toml"


def replay(policy: Policy, events: list[dict[str, Any]]) -> dict[str, Any]:
    parsed = parse_events(json.dumps(events), "events.json", policy)
    return simulate(policy, parsed.events, as_of=None)


def test_the_revised_version_changes_step_2_and_nothing_else_that_a_case_sees() -> None:
    """tests/engine/fixtures/lincolnshire-v2.toml (a made-up revision, for the tests of
    publishing a new version): same id, a new version from 1 June 2027, step 2 in 3 working days
    instead of 5. A case raised under each version gets that version's dates."""
    first, revised = load(POLICY), load_policy_file(str(REVISED))
    assert (revised.id, revised.version) == (first.id, "2027-06")
    assert revised.effective_from == date(2027, 6, 1)

    before = [
        {"at": "2027-05-28", "type": "raised", "stage": 1},
        {"at": "2027-06-02", "type": "escalated", "reason": "no action plan agreed"},
    ]
    after = [
        {"at": "2027-06-01", "type": "raised", "stage": 1},
        {"at": "2027-06-03", "type": "escalated", "reason": "no action plan agreed"},
    ]
    # Raised Fri 28 May under the first version: step 1, 2 wd: (Spring bank holiday Mon 31)
    # Tue 1, Wed 2 Jun; step 2 entered Wed 2 Jun, 5 wd: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9 Jun.
    assert deadlines(replay(first, before)) == {
        "stage:1": ("2027-05-28", "2027-06-02", "2027-06-02", "met"),
        # never acknowledged: dropped when the case moved up
        "stage:1/step:acknowledgement": ("2027-05-28", None, None, "dropped"),
        "stage:2": ("2027-06-02", "2027-06-09", None, "open"),
    }
    # Raised Tue 1 Jun under the revised version: step 1, 2 wd: Wed 2, Thu 3 Jun; step 2
    # entered Thu 3 Jun, 3 wd: Fri 4, Mon 7, Tue 8 Jun.
    assert deadlines(replay(revised, after)) == {
        "stage:1": ("2027-06-01", "2027-06-03", "2027-06-03", "met"),
        "stage:1/step:acknowledgement": ("2027-06-01", None, None, "dropped"),
        "stage:2": ("2027-06-03", "2027-06-08", None, "open"),
    }

"""Pan Lancashire and Cumbria Safeguarding Adults Boards, "Resolving Professional Disagreements",
a policy written from the published chapter with no code of its own: replayed across Christmas
2027 and New Year 2028.

The policy: adults at risk; three stages (first line managers, Head of Service or equivalent,
senior management up to Director) with no timescale at all, so reminders only; the other
organisation told before a case goes up to senior management; the LSAB Team told when it gets
there, and again when it is unresolved at the top; flat structures may skip a level.

Every expected date below was worked out by hand from the English bank holidays: Mon 27 and
Tue 28 Dec 2027 (Christmas and Boxing Day substitutes), Mon 3 Jan 2028 (New Year's Day
substitute). A reminder comes every 2 working days from the stage's start (or the last reminder),
three times at most.
"""

from __future__ import annotations

import pytest

from accord.engine.lifecycle import EventRejected

from .replaying import HOLDERS, deadlines, load, notices, ordered, run, state
from .shipping import checked, explained

POLICY = "pan-lancashire-cumbria-adults"


def test_the_file_checks_clean_and_explains_every_stage() -> None:
    assert checked(POLICY) == (0, "ok  pan-lancashire-cumbria-adults published  (3 stages)\n")
    text = explained(POLICY)
    for words in (
        "This procedure is for professionals working with adults.",
        "Stage 1: First line managers",
        "Stage 2: Head of Service or equivalent",
        "Stage 3: Senior management, up to Strategic Head of Service or Director",
        "When a case enters this stage: LSAB Team (Safeguarding Adults Board business team)",
        "If stage 3 ends without agreement, the holders of stage 3 make the final decision",
    ):
        assert words in text, words
    assert load(POLICY).subjects == ("adult",)


def test_every_stage_across_christmas_and_new_year() -> None:
    """No stage has a deadline: the holders are reminded on working days only, the other
    organisation and the LSAB Team are told as the case reaches senior management."""
    events = [
        {"at": "2027-12-23", "type": "raised", "stage": 1, "subject": "adult"},
        {"at": "2028-01-06", "type": "escalated", "reason": "first line managers disagree"},
        {"at": "2028-01-07", "type": "escalated", "reason": "Heads of Service disagree"},
        {"at": "2028-01-10", "type": "referred", "reason": "senior managers cannot agree"},
        {"at": "2028-01-12", "type": "resolved"},
        {"at": "2028-01-12", "type": "closed"},
    ]
    result = run(POLICY, events)

    assert state(result) == ("closed", 3)
    assert deadlines(result) == {
        "stage:1": ("2027-12-23", None, "2028-01-06", "met"),
        "stage:2": ("2028-01-06", None, "2028-01-07", "met"),
        "stage:3": ("2028-01-07", None, "2028-01-10", "met"),
    }
    assert notices(result) == ordered(
        [
            # from Thu 23 Dec: Fri 24, (weekend, 27-28 Dec bank holidays) Wed 29 -> Wed 29 Dec;
            # Thu 30, Fri 31 -> Fri 31 Dec; (weekend, Mon 3 Jan bank holiday) Tue 4, Wed 5 ->
            # Wed 5 Jan, the third and last
            ("2027-12-29", "stage:1/nudge", HOLDERS, None),
            ("2027-12-31", "stage:1/nudge", HOLDERS, None),
            ("2028-01-05", "stage:1/nudge", HOLDERS, None),
            # "advise the other organisation of their intention to do so"
            ("2028-01-07", "stage:2/escalating", ("receiving_holder",), None),
            # "the LSAB Team must be made aware of this"
            ("2028-01-07", "stage:3/entered", ("lsab_team",), "notification"),
            # unresolved at the top: reported to the LSAB Team ([resolution] report_to); both
            # holders and the raiser are told it has gone there
            (
                "2028-01-10",
                "referred",
                ("lsab_team", "raising_holder", "receiving_holder", "raiser"),
                None,
            ),
        ]
    )


def test_a_flat_structure_skips_the_head_of_service() -> None:
    """ "Some organisations have flat management structures": the case goes from the first line
    managers straight to senior management; the LSAB Team is still told."""
    events = [
        {"at": "2027-12-24", "type": "raised", "stage": 1},
        {
            "at": "2027-12-29",
            "type": "escalated",
            "to_stage": 3,
            "reason": "the agency has no Head of Service level",
        },
    ]
    result = run(POLICY, events, as_of="2028-01-07")

    assert state(result) == ("open", 3)
    assert deadlines(result) == {
        "stage:1": ("2027-12-24", None, "2027-12-29", "met"),
        "stage:3": ("2027-12-29", None, None, "open"),
    }
    assert notices(result) == ordered(
        [
            # stage 1 from Fri 24 Dec would be reminded Thu 30 Dec (29, 30): it left on 29 Dec
            ("2027-12-29", "stage:3/entered", ("lsab_team",), "notification"),
            # stage 3 from Wed 29 Dec: Thu 30, Fri 31 -> Fri 31 Dec; Tue 4, Wed 5 Jan -> Wed 5 Jan;
            # Thu 6, Fri 7 -> Fri 7 Jan
            ("2027-12-31", "stage:3/nudge", HOLDERS, None),
            ("2028-01-05", "stage:3/nudge", HOLDERS, None),
            ("2028-01-07", "stage:3/nudge", HOLDERS, None),
        ]
    )


def test_no_stage_but_the_first_is_open_to_an_urgent_start() -> None:
    """The chapter names no immediate-risk route, so every case starts at stage 1."""
    events = [{"at": "2027-12-23", "type": "raised", "stage": 2, "urgent": True, "reason": "x"}]
    with pytest.raises(EventRejected):
        run(POLICY, events)

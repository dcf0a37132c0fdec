"""One case of each shipped policy walked day by day across Easter 2027.

The English bank holidays on the way: Good Friday 26 Mar and Easter Monday 29 Mar 2027. How to read
a walk, Accord's rules on top of each policy's own, and what each policy does: the docstring of
walking.py.
"""

from __future__ import annotations

import pytest

from accord.cases import actions

from .walking import (
    HOLDERS,
    RAISER,
    RAISING,
    RECEIVING,
    Walker,
    close,
    escalated,
    london,
    nudge,
    nudges_stopped,
    partnership_for,
    raised,
    refer,
    resolution,
    resolve,
    respond,
    responded,
    walk,
)

SENIOR = "receiving_senior_manager"

pytestmark = pytest.mark.django_db


def test_bath_north_east_somerset_across_easter_urgent_and_referred() -> None:
    walker = Walker(partnership_for("bath-north-east-somerset.toml"))
    walk(
        # Urgent, started at stage 2: the policy names nobody to inform, so the holders and the
        # receiving side's senior manager (its Head of service) are told at once.
        lambda: walker.raise_case(london("2027-03-22"), stage=2, urgent=True),
        first="2027-03-22",
        last="2027-04-09",
        new={
            "2027-03-23": [("2027-03-22", "case", "raised_urgent", 0, (*HOLDERS, SENIOR), "")],
            "2027-04-02": escalated("2027-04-01", 2, 3),
            "2027-04-07": escalated("2027-04-06", 3, 4),
            # Stage 2 from Mon 22 Mar 10:00: Tue 23, Wed 24 -> Wed 24; then Thu 25 and (26 Good
            # Friday, 29 Easter Monday) Tue 30; then Wed 31, Thu 1 Apr.
            "2027-03-24": [nudge("2027-03-24", "stage:2", 1)],
            "2027-03-30": [nudge("2027-03-30", "stage:2", 2)],
            "2027-04-01": [nudge("2027-04-01", "stage:2", 3)],
            # Stage 3 from Thu 1 Apr 10:00: Fri 2, Mon 5 -> Mon 5 (then Wed 7: left Tue 6).
            "2027-04-05": [nudge("2027-04-05", "stage:3", 1)],
            # Stage 4 from Tue 6 10:00: Wed 7, Thu 8 -> Thu 8.
            "2027-04-08": [nudge("2027-04-08", "stage:4", 1)],
            # Referred Thu 8 10:00: reported to the policy's three roles; both holders and the
            # raiser told.
            "2027-04-09": [
                (
                    "2027-04-08",
                    "case",
                    "referred",
                    0,
                    ("divisional_director", "business_manager", "lscb_chair", *HOLDERS, "raiser"),
                    "",
                )
            ],
        },
        act={
            "2027-04-01": lambda case: walker.escalate(case, london("2027-04-01")),
            "2027-04-06": lambda case: walker.escalate(case, london("2027-04-06")),
            "2027-04-08": refer("2027-04-08"),
        },
    )


def test_blackburn_with_darwen_across_easter_urgent() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    monitoring = "stage-3-monitoring"
    walk(
        lambda: walker.raise_case(london("2027-03-22"), stage=2, urgent=True),
        first="2027-03-22",
        last="2027-04-09",
        new={
            # Raised urgent at stage 2 on Mon 22 Mar 10:00: the holders, the Head of Safeguarding
            # and the receiving side's Head of Service at once.
            "2027-03-23": [
                (
                    "2027-03-22",
                    "case",
                    "raised_urgent",
                    0,
                    (*HOLDERS, "head_of_safeguarding", SENIOR),
                    "",
                )
            ],
            "2027-03-26": [responded("2027-03-25", 2)],
            # stage:2 from Mon 22: 23, 24, 25, (26 Good Friday, 29 Easter Monday) 30, 31 -> due
            # Wed 31; due soon Tue 30, passed Thu 1 Apr, non-response (grace Thu 1) Fri 2, all
            # on the raising side: the receiving side responded on Thu 25. Non-response goes to
            # the next stage's roles (stage 3's senior managers) and the raiser.
            "2027-03-30": [("2027-03-30", "stage:2", "due_soon", 0, RAISING, "")],
            "2027-04-01": [("2027-04-01", "stage:2", "passed", 0, RAISING, "")],
            "2027-04-02": [
                ("2027-04-02", "stage:2", "non_response", 0, ("senior_manager", "raiser"), "")
            ],
            # Escalated late on Mon 5: stage 2's escalation and stage 3's Appendix A.
            "2027-04-06": [
                *escalated("2027-04-05", 2, 3),
                ("2027-04-05", "stage:2", "stage_escalating", 0, RECEIVING, ""),
                ("2027-04-05", "stage:3", "stage_entered", 0, ("lscb_team",), monitoring),
            ],
            # Resolved at stage 3 on Thu 8: Appendix A again, and the raiser hears the outcome.
            # (stage:3 from Mon 5 would be due soon Fri 9; the budget, from Mon 22: 15 wd -> Wed
            # 14 Apr, due soon Tue 13: both ended on Thu 8.)
            "2027-04-09": [
                ("2027-04-08", "stage:3", "stage_resolved", 0, ("lscb_team",), monitoring),
                ("2027-04-08", "case", "outcome", 0, RAISER, ""),
                resolution("2027-04-08", "stage:3"),
            ],
        },
        act={
            "2027-03-25": respond("2027-03-25", "propose"),
            "2027-04-05": lambda case: walker.escalate(case, london("2027-04-05")),
            "2027-04-08": resolve("2027-04-08"),
        },
    )


def test_generic_lscb_across_easter_escalated_then_withdrawn() -> None:
    walker = Walker(partnership_for("generic-lscb.toml"))
    walk(
        lambda: walker.raise_case(london("2027-03-22")),
        first="2027-03-22",
        last="2027-04-09",
        new={
            "2027-03-23": [
                raised("2027-03-22"),
                ("2027-03-22", "stage:1", "stage_entered", 0, ("practitioner_lead",), ""),
            ],
            "2027-04-01": escalated("2027-03-31", 1, 2),
            # Stage 1 from Mon 22 Mar: 23, 24 -> Wed 24; 25, (Easter) 30 -> Tue 30.
            "2027-03-24": [nudge("2027-03-24", "stage:1", 1)],
            "2027-03-30": [nudge("2027-03-30", "stage:1", 2)],
            # Stage 2 from Wed 31 10:00: Thu 1, Fri 2 -> Fri 2; Mon 5, Tue 6 -> Tue 6; Thu 8
            # never comes: withdrawn on Wed 7 (no one is told of a withdrawal).
            "2027-04-02": [nudge("2027-04-02", "stage:2", 1)],
            "2027-04-06": [nudge("2027-04-06", "stage:2", 2)],
        },
        act={
            "2027-03-31": lambda case: walker.escalate(case, london("2027-03-31")),
            "2027-04-07": lambda case: actions.withdraw_case(
                case=case,
                actor=case.raised_by,
                reason="Resolved informally.",
                now=london("2027-04-07"),
            ),
        },
    )


def test_northumberland_across_easter() -> None:
    walker = Walker(partnership_for("northumberland.toml"))
    step = "stage:1/step:line-managers-notified"
    walk(
        lambda: walker.raise_case(london("2027-03-22")),
        first="2027-03-22",
        last="2027-04-05",
        new={
            # The step from Mon 22 Mar 10:00, every wd: 23, 24, 25, then (Easter) on Tue 30 the
            # line managers instead, and no more reminders.
            "2027-03-23": [raised("2027-03-22"), nudge("2027-03-23", step, 1)],
            "2027-03-24": [responded("2027-03-23", 1), nudge("2027-03-24", step, 2)],
            "2027-03-25": [nudge("2027-03-25", step, 3)],
            # stage:1: 23, 24, 25, 30, 31 -> due Wed 31: due soon Tue 30, passed Thu 1, to the
            # raising holder (the receiving side agreed on Tue 23).
            "2027-03-30": [
                nudges_stopped("2027-03-30", step),
                ("2027-03-30", "stage:1", "due_soon", 0, RAISING, ""),
            ],
            "2027-04-01": [("2027-04-01", "stage:1", "passed", 0, RAISING, "")],
            # Resolved Thu 1 at stage 1 (no rule there): the raiser hears of it; the step's
            # Fri 2 reminder never comes.
            "2027-04-02": [
                ("2027-04-01", "case", "outcome", 0, RAISER, ""),
                resolution("2027-04-01", "stage:1"),
            ],
        },
        act={
            "2027-03-23": respond("2027-03-23", "agree"),
            "2027-04-01": resolve("2027-04-01"),
        },
    )


def test_stockport_across_easter() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    walk(
        lambda: walker.raise_case(london("2027-03-22")),
        first="2027-03-22",
        last="2027-04-09",
        new={
            "2027-03-23": [
                raised("2027-03-22"),
                ("2027-03-22", "stage:1", "stage_entered", 0, ("safeguarding_lead",), ""),
            ],
            # Stage 1 from Mon 22 Mar: Wed 24; 25, (Easter) 30 -> Tue 30; 31, 1 -> Thu 1; 2, 5
            # -> Mon 5; Wed 7 never comes: resolved Tue 6.
            "2027-03-24": [nudge("2027-03-24", "stage:1", 1)],
            "2027-03-30": [nudge("2027-03-30", "stage:1", 2)],
            "2027-04-01": [nudge("2027-04-01", "stage:1", 3)],
            "2027-04-05": [nudges_stopped("2027-04-05", "stage:1")],
            "2027-04-07": [
                ("2027-04-06", "case", "outcome", 0, RAISER, ""),
                resolution("2027-04-06", "stage:1"),
            ],
            "2027-04-09": [("2027-04-08", "case", "closed", 0, RAISER, "")],
        },
        act={"2027-04-06": resolve("2027-04-06"), "2027-04-08": close("2027-04-08")},
    )

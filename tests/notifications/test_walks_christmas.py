"""One case of each shipped policy walked day by day across Christmas and New Year 2026.

The English bank holidays on the way: Fri 25 and Mon 28 Dec 2026 and Fri 1 Jan 2027. How to read a
walk, Accord's rules on top of each policy's own, and what each policy does: the docstring of
walking.py.
"""

from __future__ import annotations

import pytest

from accord.cases import actions
from accord.cases.models import Case
from tests.factories import holder

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

pytestmark = pytest.mark.django_db


def test_bath_north_east_somerset_across_christmas() -> None:
    walker = Walker(partnership_for("bath-north-east-somerset.toml"))
    walk(
        lambda: walker.raise_case(london("2026-12-21")),
        first="2026-12-21",
        last="2027-01-11",
        new={
            "2026-12-22": [raised("2026-12-21")],
            "2027-01-06": escalated("2027-01-05", 1, 2),
            # Stage 1 started Mon 21 10:00: 2 wd after 21 Dec -> Wed 23; then 24 Dec and (25,
            # 28 bank holidays) Tue 29; then 30, 31 -> Thu 31; then (1 Jan) Mon 4, Tue 5.
            "2026-12-23": [nudge("2026-12-23", "stage:1", 1)],
            "2026-12-29": [nudge("2026-12-29", "stage:1", 2)],
            "2026-12-31": [nudge("2026-12-31", "stage:1", 3)],
            "2027-01-05": [nudges_stopped("2027-01-05", "stage:1")],
            # Stage 2 from Tue 5 10:00: Wed 6, Thu 7 -> Thu 7 (stage 1's Thu 7 never comes).
            "2027-01-07": [nudge("2027-01-07", "stage:2", 1)],
            # Resolved Fri 8 at stage 2: Appendix A to the business manager, and the raiser and
            # both holders told by the policy (so Accord adds no outcome of its own).
            "2027-01-09": [
                resolution("2027-01-08", "stage:2"),
                ("2027-01-08", "stage:2", "stage_resolved", 0, ("business_manager",), "appendix-a"),
                ("2027-01-08", "stage:2", "stage_resolved", 1, ("raiser", *HOLDERS), ""),
            ],
        },
        act={
            "2027-01-05": lambda case: walker.escalate(case, london("2027-01-05")),
            "2027-01-08": resolve("2027-01-08"),
        },
    )


def test_blackburn_with_darwen_across_christmas() -> None:
    walker = Walker(partnership_for("blackburn-with-darwen.toml"))
    monitoring = "stage-3-monitoring"
    walk(
        lambda: walker.raise_case(london("2026-12-21")),
        first="2026-12-21",
        last="2027-01-15",
        new={
            "2026-12-22": [raised("2026-12-21")],
            "2027-01-05": escalated("2027-01-04", 1, 2),
            # stage:1 from Mon 21: 5 wd: 22, 23, 24, 29, 30 -> due Wed 30 Dec. Due soon Tue 29,
            # passed 09:00 Thu 31, to the receiving holder (no response yet).
            "2026-12-29": [("2026-12-29", "stage:1", "due_soon", 0, RECEIVING, "")],
            "2026-12-31": [("2026-12-31", "stage:1", "passed", 0, RECEIVING, "")],
            # Grace: 1 wd after Wed 30 is Thu 31 -> non-response at 09:00 on the next working day,
            # Mon 4 Jan (Fri 1 is New Year's Day; it fell on the holiday before issue 17), before
            # the escalation at 10:00, to the next stage's roles (the contract's
            # alert_next_level): stage 2's Service Leaders; and the raiser, told that the other
            # side is silent.
            "2027-01-04": [
                ("2027-01-04", "stage:1", "non_response", 0, ("service_leader", "raiser"), "")
            ],
            # stage:2 from Mon 4 Jan: 5, 6, 7, 8, 11 -> due Mon 11; due soon Fri 8, to the
            # raising holder: the receiving side responded on Thu 7.
            "2027-01-08": [
                responded("2027-01-07", 2),
                ("2027-01-08", "stage:2", "due_soon", 0, RAISING, ""),
            ],
            # Escalated Mon 11 10:00 from stage 2 (met): the other organisation's holder is told,
            # and stage 3 entered sends Appendix A to the LSCB Team.
            "2027-01-12": [
                *escalated("2027-01-11", 2, 3),
                ("2027-01-11", "stage:2", "stage_escalating", 0, RECEIVING, ""),
                ("2027-01-11", "stage:3", "stage_entered", 0, ("lscb_team",), monitoring),
            ],
            # budget:maximum from Mon 21 Dec: 15 wd: 22, 23, 24, 29, 30, 31, 4, 5, 6, 7, 8, 11,
            # 12, 13, 14 -> due Thu 14 Jan: due soon Wed 13, passed Fri 15; stage 3 (from Mon 11:
            # 12, 13, 14, 15, 18 -> due Mon 18) due soon Fri 15. Nobody has responded at stage 3.
            "2027-01-13": [("2027-01-13", "budget:maximum", "due_soon", 0, RECEIVING, "")],
            "2027-01-15": [
                ("2027-01-15", "budget:maximum", "passed", 0, RECEIVING, ""),
                ("2027-01-15", "stage:3", "due_soon", 0, RECEIVING, ""),
            ],
        },
        act={
            "2027-01-04": lambda case: walker.escalate(case, london("2027-01-04")),
            "2027-01-07": respond("2027-01-07", "disagree"),
            "2027-01-11": lambda case: walker.escalate(case, london("2027-01-11")),
        },
    )


def test_generic_lscb_across_christmas_resolved_signed_off_and_closed() -> None:
    walker = Walker(partnership_for("generic-lscb.toml"))

    def sign(side: str, on: str) -> object:
        def act(case: Case) -> None:
            actions.sign_off(case=case, actor=holder(case, side), side=side, now=london(on))

        return act

    walk(
        lambda: walker.raise_case(london("2026-12-21"), facts={"general_issues": True}),
        first="2026-12-21",
        last="2027-01-05",
        new={
            "2026-12-22": [
                raised("2026-12-21"),
                ("2026-12-21", "stage:1", "stage_entered", 0, ("practitioner_lead",), ""),
            ],
            # Stage 1 from Mon 21: Wed 23, then (24, 29) Tue 29.
            "2026-12-23": [nudge("2026-12-23", "stage:1", 1)],
            "2026-12-29": [nudge("2026-12-29", "stage:1", 2)],
            # Resolved Tue 29 10:00 at stage 1.
            "2026-12-30": [
                ("2026-12-29", "stage:1", "stage_resolved", 0, HOLDERS, "written-confirmation"),
                (
                    "2026-12-29",
                    "stage:1",
                    "stage_resolved",
                    1,
                    ("board_representative",),
                    "general-issues",
                ),
                ("2026-12-29", "case", "outcome", 0, RAISER, ""),
                resolution("2026-12-29", "stage:1"),
            ],
            # Each sign-off tells the other party's holder at once.
            "2026-12-31": [("2026-12-30", "case", "signed_off", 0, RECEIVING, "")],
            "2027-01-01": [("2026-12-31", "case", "signed_off", 1, RAISING, "")],
            # Closed Mon 4 Jan, after both sides signed off: the raiser is told.
            "2027-01-05": [("2027-01-04", "case", "closed", 0, RAISER, "")],
        },
        act={
            "2026-12-29": resolve("2026-12-29"),
            "2026-12-30": sign("raising", "2026-12-30"),
            "2026-12-31": sign("receiving", "2026-12-31"),
            "2027-01-04": close("2027-01-04"),
        },
    )


def test_northumberland_across_christmas() -> None:
    walker = Walker(partnership_for("northumberland.toml"))
    step = "stage:1/step:line-managers-notified"
    report = "stage:2/step:agency-report"
    walk(
        lambda: walker.raise_case(london("2026-12-21")),
        first="2026-12-21",
        last="2027-01-14",
        new={
            # The step from Mon 21 10:00, every wd: Tue 22, Wed 23 (done Wed 23 at 10:00).
            "2026-12-22": [raised("2026-12-21"), nudge("2026-12-22", step, 1)],
            "2026-12-30": escalated("2026-12-29", 1, 2),
            "2026-12-23": [nudge("2026-12-23", step, 2)],
            # stage:1: 22, 23, 24, 29, 30 -> due Wed 30; due soon Tue 29 (escalated that day).
            "2026-12-29": [("2026-12-29", "stage:1", "due_soon", 0, RECEIVING, "")],
            # The Agency Report from the meeting (Thu 7 Jan 10:00): Fri 8, Mon 11 -> Mon 11;
            # Tue 12, Wed 13 -> Wed 13.
            "2027-01-11": [nudge("2027-01-11", report, 1)],
            # stage:2 from Tue 29: 30, 31, 4, 5, 6, 7, 8, 11, 12, 13 -> due Wed 13; due soon Tue
            # 12, passed Thu 14. (The meeting step was due the same day, but done on Thu 7.)
            "2027-01-12": [("2027-01-12", "stage:2", "due_soon", 0, RECEIVING, "")],
            "2027-01-13": [nudge("2027-01-13", report, 2)],
            "2027-01-14": [("2027-01-14", "stage:2", "passed", 0, RECEIVING, "")],
        },
        act={
            "2026-12-23": lambda case: actions.complete_step(
                case=case,
                actor=holder(case),
                step="line-managers-notified",
                now=london("2026-12-23"),
            ),
            "2026-12-29": lambda case: walker.escalate(case, london("2026-12-29")),
            "2027-01-07": lambda case: actions.complete_step(
                case=case, actor=holder(case), step="meeting", now=london("2027-01-07")
            ),
        },
    )


def test_stockport_across_christmas_to_the_chair() -> None:
    walker = Walker(partnership_for("stockport.toml"))
    notice = "outcome-resolution-notice"
    walk(
        lambda: walker.raise_case(london("2026-12-21")),
        first="2026-12-21",
        last="2027-01-07",
        new={
            "2026-12-22": [
                raised("2026-12-21"),
                ("2026-12-21", "stage:1", "stage_entered", 0, ("safeguarding_lead",), ""),
            ],
            "2026-12-24": escalated("2026-12-23", 1, 2),
            "2026-12-25": escalated("2026-12-24", 2, 3),
            # Stage 1 from Mon 21: Wed 23 09:00 (escalated at 10:00). Stages 2 (from Wed 23:
            # Thu 24, Tue 29) and 3 (from Thu 24: Tue 29, Wed 30) are left before a reminder.
            "2026-12-23": [nudge("2026-12-23", "stage:1", 1)],
            "2026-12-30": [
                ("2026-12-29", "stage:4", "stage_entered", 0, ("sscp_team",), notice),
                *escalated("2026-12-29", 3, 4),
            ],
            # Stage 4 from Tue 29 10:00: Wed 30, Thu 31 -> Thu 31 09:00 (referred at 10:00).
            "2026-12-31": [nudge("2026-12-31", "stage:4", 1)],
            "2027-01-01": [
                ("2026-12-31", "case", "referred", 0, ("independent_chair", *HOLDERS, "raiser"), "")
            ],
            # The chair's decision (Tue 5) resolves the case from stage 4: its rule sends the
            # SSCP team the outcome notice; the raiser hears the outcome, then of the closing.
            "2027-01-06": [
                ("2027-01-05", "stage:4", "stage_resolved", 0, ("sscp_team",), notice),
                ("2027-01-05", "case", "outcome", 0, RAISER, ""),
                resolution("2027-01-05", "case"),
            ],
            "2027-01-07": [("2027-01-06", "case", "closed", 0, RAISER, "")],
        },
        act={
            "2026-12-23": lambda case: walker.escalate(case, london("2026-12-23")),
            "2026-12-24": lambda case: walker.escalate(case, london("2026-12-24")),
            "2026-12-29": lambda case: walker.escalate(case, london("2026-12-29")),
            "2026-12-31": refer("2026-12-31"),
            "2027-01-05": resolve("2027-01-05"),
            "2027-01-06": close("2027-01-06"),
        },
    )

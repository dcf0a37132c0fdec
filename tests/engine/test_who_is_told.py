"""Accord's own alerts in the replay, and who hears each (`engine.notices.who_is_told`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from accord.engine.case_state import AlertKind
from accord.engine.events import Closed, Referred, Resolved, Responded, SignedOff
from accord.engine.explain import explain
from accord.engine.notices import (
    HOLDERS,
    PANEL_MEMBERS,
    RECEIVING_SENIOR,
    TASK_OWNER,
    OtherHolder,
    Parties,
    Recorded,
    StageHolders,
    WaitingHolder,
    roles_for,
    who_is_told,
    who_is_told_of_record,
)
from accord.engine.policy.loader import load_policy_file
from accord.engine.policy.model import Counterpart

from .builders import alerted, alerts, at, example, notify, quiet, raise_on, run, with_stage
from .test_replay_notifications import RAISED, up

DATED = (AlertKind.DUE_SOON, AlertKind.PASSED)


def test_each_alert_kind_has_its_recipients() -> None:
    policy = example()
    assert who_is_told(policy, AlertKind.DUE_SOON, stage=1) == (WaitingHolder(),)
    assert who_is_told(policy, AlertKind.PASSED, stage=4) == (WaitingHolder(),)
    assert who_is_told(policy, AlertKind.NUDGE, stage=2) == HOLDERS
    managers = ("raising_managers", "receiving_managers")
    assert who_is_told(policy, AlertKind.NUDGES_STOPPED, stage=2) == managers
    # non-response: the next level, and the raiser (told that the other side is silent)
    assert who_is_told(policy, AlertKind.NON_RESPONSE, stage=1) == (StageHolders(2), "raiser")
    top = ("business_manager", "independent_chair")
    assert who_is_told(policy, AlertKind.NON_RESPONSE, stage=4) == (*top, "raiser")
    urgent = (*HOLDERS, "safeguarding_lead", RECEIVING_SENIOR)
    assert who_is_told(policy, AlertKind.RAISED_URGENT, stage=1) == urgent
    assert who_is_told(policy, AlertKind.REFERRED, stage=4) == (*top, *HOLDERS, "raiser")
    assert who_is_told(policy, AlertKind.RAISED, stage=1) == HOLDERS
    assert who_is_told(policy, AlertKind.ESCALATED, stage=3) == (*HOLDERS, "raiser")
    assert who_is_told(policy, AlertKind.MOVED_ON, stage=2) == HOLDERS
    assert who_is_told(policy, AlertKind.RESPONDED, stage=2) == ("raising_holder",)
    assert who_is_told(policy, AlertKind.RESOLUTION, stage=2) == HOLDERS
    assert who_is_told(policy, AlertKind.SIGNED_OFF, stage=2) == (OtherHolder(),)
    assert who_is_told(policy, AlertKind.OUTCOME, stage=2) == ("raiser",)
    assert who_is_told(policy, AlertKind.CLOSED, stage=2) == ("raiser",)


def test_recipients_in_one_case() -> None:
    policy = with_stage(
        example(),
        2,
        receiving=(Counterpart("safeguarding_lead", "health"), Counterpart("first_line_manager")),
    )
    health = Parties("police", "health", waiting="raising")
    found = roles_for(policy, [WaitingHolder(), StageHolders(2), "raiser"], health)
    assert found == ("raising_holder", "first_line_manager", "safeguarding_lead", "raiser")
    other = Parties(None, "education")
    assert roles_for(policy, [WaitingHolder(), StageHolders(2)], other) == (
        "receiving_holder",
        "first_line_manager",
    )
    signed = Parties(None, None, acting="receiving")
    assert roles_for(policy, [OtherHolder()], signed) == ("raising_holder",)
    assert roles_for(policy, [OtherHolder()], replace(signed, acting="raising")) == (
        "receiving_holder",
    )


def test_due_soon_and_passed_for_stages_steps_and_budgets_tell_the_waiting_side() -> None:
    # Stage 1 due Wed 23 Dec, its response step Tue 22 Dec; the budget (15 wd) due 15 Jan.
    policy = replace(example(), non_response=None)
    case = run(policy, [RAISED], "2026-12-29")
    assert alerted(case, *DATED) == [
        # one working day before the 22nd is the 21st, when the clock starts: told then
        ("2026-12-21", "stage:1/step:response/due_soon"),
        ("2026-12-22", "stage:1/due_soon"),
        ("2026-12-23", "stage:1/step:response/passed"),  # 09:00 the next working day
        ("2026-12-29", "stage:1/passed"),  # not on the closure of the 24th: after Christmas
    ]
    assert {a.to for a in alerts(case, *DATED)} == {("receiving_holder",)}
    later = run(policy, [RAISED], "2027-01-18")
    budget = [a for a in alerts(later, *DATED) if a.about == "budget:overall"]
    assert [(a.at, a.kind, a.to) for a in budget] == [
        (at("2027-01-14"), AlertKind.DUE_SOON, ("receiving_holder",)),
        # due Fri 15 Jan: passed on Monday 18th (it was Saturday 16th before issue 17)
        (at("2027-01-18"), AlertKind.PASSED, ("receiving_holder",)),
    ]


def test_once_the_receiving_side_responds_the_raising_side_is_told() -> None:
    events = [RAISED, Responded(at=at("2026-12-22", "10:00"))]
    case = run(replace(quiet(), non_response=None), events, "2026-12-29")
    told = [(a.trigger, a.to) for a in alerts(case, *DATED)]
    assert told == [
        ("stage:1/step:response/due_soon", ("receiving_holder",)),
        ("stage:1/due_soon", ("receiving_holder",)),  # 09:00, before the response at 10:00
        ("stage:1/step:response/passed", ("raising_holder",)),
        ("stage:1/passed", ("raising_holder",)),
    ]


def test_nothing_more_once_the_stage_is_left() -> None:
    case = run(quiet(), [RAISED, up("2026-12-21", 2)], "2026-12-30")
    stage_1 = [a.trigger for a in case.alerts if (a.about or "").startswith("stage:1")]
    # escalated at the raising instant: no timed alert falls, only those of the two actions
    assert stage_1 == ["stage:1/raised", "stage:1/moved_on"]
    # stage 2 from Mon 21 Dec, 5 wd: 22, 23, (24 closed, 25 and 28 holidays) 29, 30, 31
    assert alerted(case, AlertKind.DUE_SOON) == [("2026-12-30", "stage:2/due_soon")]


def test_the_raiser_hears_the_outcome_and_the_closing() -> None:
    events = [
        RAISED,
        Resolved(at=at("2026-12-22")),
        SignedOff(at=at("2026-12-22"), party="raising"),
        SignedOff(at=at("2026-12-22"), party="receiving"),
        Closed(at=at("2026-12-23")),
    ]
    case = run(quiet(), events)
    assert alerted(case, AlertKind.OUTCOME, AlertKind.CLOSED) == [
        ("2026-12-22", "outcome"),
        ("2026-12-23", "closed"),
    ]
    assert {a.to for a in alerts(case, AlertKind.OUTCOME, AlertKind.CLOSED)} == {("raiser",)}


def test_no_outcome_alert_when_a_rule_already_tells_the_raiser() -> None:
    policy = with_stage(quiet(), 1, notify=(notify("resolved", "raiser"),))
    case = run(policy, [RAISED, Resolved(at=at("2026-12-22"))])
    assert [n.to for n in case.notifications] == [("raiser",)]
    assert alerts(case, AlertKind.OUTCOME) == ()
    other = with_stage(quiet(), 1, notify=(notify("resolved", "business_manager"),))
    assert len(alerts(run(other, [RAISED, Resolved(at=at("2026-12-22"))]), AlertKind.OUTCOME)) == 1


def test_the_final_process_decision_is_an_outcome_too() -> None:
    events = [RAISED, *[up("2026-12-21")] * 3, Referred(at=at("2026-12-22"))]
    events.append(Resolved(at=at("2026-12-29")))
    case = run(quiet(), events)
    assert alerted(case, AlertKind.REFERRED, AlertKind.OUTCOME) == [
        ("2026-12-22", "referred"),
        ("2026-12-29", "outcome"),
    ]
    assert alerted(case, AlertKind.RESOLUTION) == [("2026-12-29", "resolution")]


@pytest.mark.parametrize("inform", [(), ("safeguarding_lead",)])
def test_an_urgent_case_tells_its_holders_inform_and_the_receiving_senior_manager(
    inform: tuple[str, ...],
) -> None:
    policy = replace(quiet(), immediate_risk=replace(quiet().immediate_risk, inform=inform))
    case = run(policy, [raise_on("2026-12-21", urgent=True)])
    assert [a.to for a in alerts(case, AlertKind.RAISED_URGENT)] == [
        (*HOLDERS, *inform, RECEIVING_SENIOR)
    ]
    assert alerts(case, AlertKind.RAISED) == ()  # told once, as urgent


def test_each_action_tells_at_once_whoever_must_act_next() -> None:
    events = [
        RAISED,
        Responded(at=at("2026-12-22", "10:00"), position="propose"),
        up("2026-12-23", 3),
        Resolved(at=at("2026-12-29")),
        SignedOff(at=at("2026-12-30"), party="receiving"),
        SignedOff(at=at("2026-12-31"), party="raising"),
    ]
    case = run(replace(quiet(), may_skip=True), events)
    told = {(a.trigger, a.to) for a in case.alerts if a.kind not in (*DATED, AlertKind.NUDGE)}
    assert told == {
        ("stage:1/raised", HOLDERS),
        ("stage:1/responded", ("raising_holder",)),
        ("stage:1/moved_on", HOLDERS),
        ("stage:3/escalated", (*HOLDERS, "raiser")),
        ("stage:3/resolution", HOLDERS),
        ("outcome", ("raiser",)),
    } | {("signed_off", ("raising_holder",)), ("signed_off", ("receiving_holder",))}
    at_once = [a for a in case.alerts if a.kind in (AlertKind.RAISED, AlertKind.RESPONDED)]
    assert [a.at for a in at_once] == [RAISED.at, at("2026-12-22", "10:00")]


def test_explain_says_who_is_told_of_each_alert() -> None:
    text = " ".join(explain(example()).split())
    assert (
        "If a party has not responded 1 working day after a step or stage deadline, tell the"
        " holders of the next stage and the person who raised the case that a response is"
        " needed." in text
    )
    assert (
        "At stage 4, the top of the ladder, tell: Partnership business manager, Partnership"
        " independent chair and the person who raised the case." in text
    )
    assert "The working day before a dated deadline: the holder on the side that must act." in text
    assert "While a deadline has no date, at each reminder: the holder on the raising side" in text
    assert "When the case is closed: the person who raised the case." in text


def test_who_is_told_of_the_actions_the_engine_does_not_read() -> None:
    """A submitted form goes to whom its rule sends it, not to the holders it is asked of; a
    panel to its members, the parties and the raiser; a task to its owner."""
    policies = Path(__file__).resolve().parents[2] / "accord" / "policies"
    bnes = load_policy_file(str(policies / "bath-north-east-somerset.toml"))
    submitted = Recorded.FORM_SUBMITTED
    told_of = who_is_told_of_record(bnes, submitted, form="appendix-a", trigger="stage:1/resolved")
    assert told_of == ("business_manager",)
    northumberland = load_policy_file(str(policies / "northumberland.toml"))
    report = who_is_told_of_record(
        northumberland, submitted, form="agency-report", trigger="stage:1/resolved"
    )
    assert report == ()  # completed by the holders for the service user's file, sent to nobody
    bwd = load_policy_file(str(policies / "blackburn-with-darwen.toml"))
    by_hand = who_is_told_of_record(bwd, submitted, form="stage-3-monitoring")
    assert by_hand == ("lscb_team",)  # no trigger: every rule naming the form
    panel = who_is_told_of_record(bnes, Recorded.PANEL_CONVENED)
    assert panel == (PANEL_MEMBERS, *HOLDERS, "raiser")
    assert who_is_told_of_record(bnes, Recorded.TASK_ASSIGNED) == (TASK_OWNER,)

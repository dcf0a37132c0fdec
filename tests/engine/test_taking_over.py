"""A side that leaves its deadline unanswered is taken over by its next level (issue 14, item 2),
and a stage's advisers record advice: the engine decides when each is open, and who is told.

Blackburn with Darwen: 5 working days a stage, the next level told 1 working day after a missed
deadline. Raised Mon 11 Jan 2027: stage 1 due Mon 18 Jan (12, 13, 14, 15, 18); non-response
after the grace (Tue 19 Jan), at 09:00 on Wed 20 Jan.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from accord.engine.bank_holidays import calendar_for
from accord.engine.calendar import Calendar
from accord.engine.case_state import Alert, AlertKind, CaseState
from accord.engine.events import (
    Advised,
    Escalated,
    Event,
    Raised,
    Resolved,
    Responded,
    TakenOver,
)
from accord.engine.lifecycle import EventRejected
from accord.engine.policy.loader import load_policy_file
from accord.engine.policy.model import Policy
from accord.engine.refusals import CaseRecords, why_not
from accord.engine.replay import replay

from .builders import at

POLICIES = Path(__file__).parents[2] / "accord" / "policies"
RAISED = Raised(at=at("2027-01-11"), raising_agency="education", receiving_agency="social_care")


@cache
def policy(name: str = "blackburn-with-darwen") -> Policy:
    return load_policy_file(str(POLICIES / f"{name}.toml"))


@cache
def calendar(name: str) -> Calendar:
    return calendar_for(policy(name), range(2026, 2029))


def run(*events: Event, as_of: str, name: str = "blackburn-with-darwen") -> CaseState:
    return replay(policy(name), calendar(name), [RAISED, *events], as_of=at(as_of, "10:00"))


def open_to(state: CaseState, action: str, name: str = "blackburn-with-darwen") -> str | None:
    return why_not(policy(name), state, action, CaseRecords())


def test_nobody_takes_a_side_over_before_its_deadline_passes_unanswered() -> None:
    state = run(as_of="2027-01-19")  # due yesterday; the grace runs to the end of today
    assert not any(a.kind is AlertKind.NON_RESPONSE for a in state.alerts)
    assert open_to(state, "take_over_receiving") == (
        "a side is taken over at stage 1 only once its deadline has passed unanswered and the "
        "next level has been told"
    )
    with pytest.raises(EventRejected, match="only once its deadline has passed unanswered"):
        run(TakenOver(at=at("2027-01-19", "10:00"), side="receiving"), as_of="2027-01-19")


def test_the_next_level_of_the_silent_side_takes_it_over_once_told() -> None:
    state = run(as_of="2027-01-20")
    [alert] = [a for a in state.alerts if a.kind is AlertKind.NON_RESPONSE]
    assert alert.at == at("2027-01-20")
    # stage 2's role on both sides (the next level), and the raiser, told the other side is silent
    assert alert.to == ("service_leader", "raiser")
    assert state.unanswered == {(1, "receiving")}  # nobody has responded: the receiving side
    assert open_to(state, "take_over_receiving") is None
    assert open_to(state, "take_over_raising") == (
        "the raising side has not left a deadline unanswered at stage 1: only the side that did "
        "not respond is taken over"
    )

    taken = run(
        TakenOver(at=at("2027-01-20", "10:00"), side="receiving", reason="No reply"),
        as_of="2027-01-20",
    )
    assert taken.taken_over == {(1, "receiving")}
    assert taken.stage == 1
    assert taken.status == "open"
    assert taken.deadline("stage:1") == state.deadline("stage:1")
    assert (
        Alert(
            at("2027-01-20", "10:00"),
            AlertKind.TAKEN_OVER,
            "stage:1",
            ("raiser", "replaced_receiving_holder", "raising_holder"),
        )
        in taken.alerts
    )
    assert open_to(taken, "take_over_receiving") == (
        "the receiving side has already been taken over at stage 1"
    )
    with pytest.raises(EventRejected, match="already been taken over at stage 1"):
        run(
            TakenOver(at=at("2027-01-20", "10:00"), side="receiving"),
            TakenOver(at=at("2027-01-20", "11:00"), side="receiving"),
            as_of="2027-01-21",
        )


def test_once_the_receiving_side_has_responded_the_raising_side_is_the_one_awaited() -> None:
    state = run(Responded(at=at("2027-01-12"), position="disagree"), as_of="2027-01-20")
    assert state.unanswered == {(1, "raising")}
    assert open_to(state, "take_over_raising") is None
    assert open_to(state, "take_over_receiving") is not None


def test_a_new_stage_needs_its_own_silence() -> None:
    escalated = Escalated(at=at("2027-01-20", "11:00"), reason="No reply")
    state = run(escalated, as_of="2027-01-21")
    assert state.stage == 2
    assert state.unanswered == {(1, "receiving")}
    assert open_to(state, "take_over_receiving") == (
        "a side is taken over at stage 2 only once its deadline has passed unanswered and the "
        "next level has been told"
    )


def test_at_the_top_stage_nobody_is_above_to_take_a_side_over() -> None:
    top = Raised(
        at=at("2027-01-11"),
        stage=3,
        urgent=True,
        reason="Risk of suicide",
        raising_agency="education",
        receiving_agency="social_care",
    )
    state = replay(policy(), calendar("blackburn-with-darwen"), [top], as_of=at("2027-02-01"))
    non_response = [a for a in state.alerts if a.kind is AlertKind.NON_RESPONSE]
    assert non_response
    assert non_response[0].to == ("lscb_team", "raiser")  # report_to at the top, and the raiser
    assert open_to(state, "take_over_receiving") == (
        "at stage 3 the procedure has nobody at the next level to take a side over when it does "
        "not respond"
    )


def test_an_ended_stage_takes_no_take_over() -> None:
    state = run(Resolved(at=at("2027-01-21")), as_of="2027-01-21")
    assert open_to(state, "take_over_receiving") == (
        "the case is resolved at stage 1; a side is taken over while the case is open at a stage"
    )


def test_advice_is_recorded_only_at_a_stage_that_names_advisers_and_tells_the_holders() -> None:
    assert open_to(run(as_of="2027-01-12"), "record_advice") == (
        "the procedure names no advisers at stage 1"
    )
    state = run(Advised(at=at("2027-01-12", "10:00")), as_of="2027-01-12", name="stockport")
    assert open_to(state, "record_advice", name="stockport") is None
    assert (
        Alert(
            at("2027-01-12", "10:00"),
            AlertKind.ADVISED,
            "stage:1",
            ("raising_holder", "receiving_holder"),
        )
        in state.alerts
    )
    with pytest.raises(EventRejected, match="names no advisers at stage 1"):
        run(Advised(at=at("2027-01-12", "10:00")), as_of="2027-01-12")


def test_a_take_over_after_the_as_of_instant_is_checked_as_a_later_replay_would_check_it() -> None:
    taken = TakenOver(at=at("2027-01-20", "10:00"), side="receiving")
    state = run(taken, as_of="2027-01-12")  # simulate --as-of before it: the event still holds
    assert state.taken_over == frozenset()

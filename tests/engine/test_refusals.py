"""Why an action is or is not open (`refusals.why_not`), over the five shipped policies.

Each expected reason is the rule's own words, read from `refusals.py`, `lifecycle.py` and
`rules.py`; which rule applies was worked out by hand from each policy file.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from accord.engine.bank_holidays import calendar_for
from accord.engine.case_state import CaseState
from accord.engine.events import (
    Closed,
    Escalated,
    Event,
    Raised,
    Referred,
    Resolved,
    Responded,
    SignedOff,
    StepDone,
    Withdrawn,
)
from accord.engine.lifecycle import allowed_events
from accord.engine.policy.model import Policy
from accord.engine.refusals import ACTION_EVENTS, CaseRecords, waits_for_debrief, why_not
from accord.engine.replay import replay

from .builders import at
from .policies.replaying import load

POLICIES = (
    "bath-north-east-somerset",
    "blackburn-with-darwen",
    "generic-lscb",
    "northumberland",
    "stockport",
)
NONE = CaseRecords()
RAISED = Raised(at=at("2026-06-01"))


def walk(policy: Policy | str, *events: Event) -> tuple[Policy, CaseState]:
    """The policy and the case after `events` (raised on Monday 1 June 2026 unless given)."""
    loaded = load(policy) if isinstance(policy, str) else policy
    if not events or not isinstance(events[0], Raised):
        events = (RAISED, *events)
    state = replay(
        loaded, calendar_for(loaded, range(2025, 2031)), list(events), as_of=at("2026-07-01")
    )
    return loaded, state


def open_now(policy: Policy, state: CaseState, records: CaseRecords = NONE) -> set[str]:
    return {a for a in ACTION_EVENTS if why_not(policy, state, a, records) is None}


def to_top(policy_id: str) -> list[Event]:
    """Escalations one stage at a time, on 2, 3 and 4 June, up to the policy's top stage."""
    top = load(policy_id).top_stage
    return [Escalated(at=at(f"2026-06-{n:02d}"), reason="x") for n in range(2, top + 1)]


# --- What every open case allows, and what no ended case does --------------------------------


@pytest.mark.parametrize("policy_id", POLICIES)
def test_a_case_just_raised_takes_the_ladder_and_the_records_of_the_service(policy_id: str) -> None:
    policy, state = walk(policy_id)
    opened = open_now(policy, state)
    assert {"respond", "escalate", "resolve", "withdraw", "add_task", "record_meeting"} <= opened
    assert not {"record_decision", "refer", "convene_panel", "record_debrief", "close"} & opened
    assert not {"sign_off_raising", "sign_off_receiving"} & opened


@pytest.mark.parametrize("policy_id", POLICIES)
@pytest.mark.parametrize(
    ("ending", "words"),
    [
        (Withdrawn(at=at("2026-06-02"), reason="x"), "the case was withdrawn"),
        (Resolved(at=at("2026-06-02")), None),  # then closed below, when the policy allows
    ],
)
def test_an_ended_case_takes_nothing(policy_id: str, ending: Event, words: str | None) -> None:
    if words is None:  # resolve, sign off as the policy asks, close
        policy = load(policy_id)
        signs = [
            SignedOff(at=at("2026-06-03"), party=p)
            for p in ("raising", "receiving")
            if policy.resolution.sign_off == "both_parties"
        ]
        events = [ending, *signs, Closed(at=at("2026-06-04"))]
        words = "the case is closed"
    else:
        events = [ending]
    policy, state = walk(policy_id, *events)
    for action in ACTION_EVENTS:
        assert why_not(policy, state, action, NONE) == f"{words}: nothing more can be recorded"


def test_a_case_withdrawn_after_its_resolution_takes_nothing() -> None:
    policy, state = walk(
        "generic-lscb", Resolved(at=at("2026-06-02")), Withdrawn(at=at("2026-06-03"))
    )
    assert why_not(policy, state, "sign_off_raising", NONE) == (
        "the case was withdrawn: nothing more can be recorded"
    )


def test_an_unknown_action_is_a_mistake() -> None:
    policy, state = walk("stockport")
    with pytest.raises(ValueError, match="unknown action 'complete_task'"):
        why_not(policy, state, "complete_task", NONE)


# --- One rule at a time --------------------------------------------------------------------------


def test_the_receiving_side_responds_once_a_stage() -> None:
    policy, state = walk("stockport", Responded(at=at("2026-06-02"), position="disagree"))
    assert why_not(policy, state, "respond", NONE) == (
        "the receiving side has already responded at stage 1"
    )
    policy, state = walk(
        "stockport", Responded(at=at("2026-06-02")), Escalated(at=at("2026-06-03"), reason="x")
    )
    assert why_not(policy, state, "respond", NONE) is None


def test_steps_are_done_where_a_stage_has_them() -> None:
    policy, state = walk("blackburn-with-darwen")
    assert why_not(policy, state, "complete_step", NONE) == "stage 1 has no steps"
    policy, state = walk("northumberland")
    assert why_not(policy, state, "complete_step", NONE) is None
    policy, state = walk(
        "northumberland", StepDone(at=at("2026-06-02"), step="line-managers-notified")
    )
    assert why_not(policy, state, "complete_step", NONE) == "every step of stage 1 is done"


def test_facts_are_set_where_the_policy_declares_some() -> None:
    policy, state = walk("blackburn-with-darwen")
    assert why_not(policy, state, "set_fact", NONE) == (
        f"{policy.id} {policy.version} declares no facts"
    )
    policy, state = walk("generic-lscb")
    assert why_not(policy, state, "set_fact", NONE) is None


@pytest.mark.parametrize(("policy_id", "top"), [("blackburn-with-darwen", 3), ("generic-lscb", 4)])
def test_the_top_stage_refers_and_the_others_escalate(policy_id: str, top: int) -> None:
    policy, state = walk(policy_id)
    assert why_not(policy, state, "refer", NONE) == (
        f"only a case unresolved at the top stage ({top}) is referred; "
        "escalate it from stage 1 instead"
    )
    policy, state = walk(policy_id, *to_top(policy_id))
    assert why_not(policy, state, "refer", NONE) is None
    assert why_not(policy, state, "escalate", NONE) == (
        f"stage {top} is the top stage of {policy.id} {policy.version}; "
        "refer the case to the partnership's final process instead"
    )


def test_sign_off_only_by_the_sides_the_policy_asks() -> None:
    policy, state = walk("blackburn-with-darwen", Resolved(at=at("2026-06-02")))
    for side in ("raising", "receiving"):
        assert why_not(policy, state, f"sign_off_{side}", NONE) == (
            "this partnership's procedure has no sign-off: the outcome stands once it is "
            "recorded, and the case is closed when its work is done"
        )
    assert why_not(policy, state, "close", NONE) is None
    policy, state = walk("generic-lscb")
    assert why_not(policy, state, "sign_off_raising", NONE) == (
        "the case is open at stage 1; an outcome is signed off once the case is resolved"
    )
    policy, state = walk(
        "generic-lscb",
        Resolved(at=at("2026-06-02")),
        SignedOff(at=at("2026-06-03"), party="raising"),
    )
    assert why_not(policy, state, "sign_off_raising", NONE) == (
        "the raising side has already signed off"
    )
    assert why_not(policy, state, "sign_off_receiving", NONE) is None
    assert why_not(policy, state, "close", NONE) == (
        "sign-off is not complete: waiting for the receiving party"
    )


def test_a_referred_case_takes_the_decision_not_the_outcome() -> None:
    policy, state = walk("generic-lscb", *to_top("generic-lscb"), Referred(at=at("2026-06-05")))
    assert why_not(policy, state, "record_decision", NONE) is None
    assert why_not(policy, state, "resolve", NONE) == (
        "the case is referred to the partnership's final process (mediation): the partnership's "
        "staff record its decision, not the holders"
    )
    policy, state = walk("generic-lscb")
    assert why_not(policy, state, "record_decision", NONE) == (
        "the final process's decision is recorded once the case is referred to it"
    )


def test_a_panel_is_convened_once_for_a_case_referred_to_one() -> None:
    bath = "bath-north-east-somerset"
    policy, state = walk(bath)
    assert why_not(policy, state, "convene_panel", NONE) == (
        "a resolution panel is convened once the case is referred to the partnership"
    )
    policy, state = walk(bath, *to_top(bath), Referred(at=at("2026-06-05")))
    assert why_not(policy, state, "convene_panel", NONE) is None
    assert why_not(policy, state, "convene_panel", CaseRecords(panel_convened=True)) == (
        "the panel for this case has already been convened"
    )
    policy, state = walk("stockport", *to_top("stockport"), Referred(at=at("2026-06-05")))
    assert why_not(policy, state, "convene_panel", NONE) == (
        "this partnership's procedure ends without a resolution panel"
    )


def test_a_debrief_between_the_outcome_and_closing() -> None:
    policy, state = walk("northumberland", Resolved(at=at("2026-06-02")))
    assert why_not(policy, state, "record_debrief", NONE) == (
        "this partnership's procedure has no debrief"
    )
    policy, state = walk("stockport")
    assert why_not(policy, state, "record_debrief", NONE) == (
        "a debrief is recorded once the outcome has been agreed"
    )
    policy, state = walk("stockport", Resolved(at=at("2026-06-02")))  # offered, no sign-off
    assert why_not(policy, state, "record_debrief", NONE) is None
    assert why_not(policy, state, "close", NONE) is None
    recorded = CaseRecords(debrief_recorded=True)
    assert why_not(policy, state, "record_debrief", recorded) == (
        "the debrief has already been recorded"
    )


def test_a_required_debrief_holds_up_closing_and_nothing_else() -> None:
    stockport = load("stockport")
    required = replace(stockport, resolution=replace(stockport.resolution, debrief="required"))
    policy, state = walk(required, Resolved(at=at("2026-06-02")))
    assert why_not(policy, state, "close", NONE) == (
        "this partnership's procedure requires a debrief: record it before closing the case"
    )
    assert waits_for_debrief(policy, state, NONE)
    recorded = CaseRecords(debrief_recorded=True)
    assert why_not(policy, state, "close", recorded) is None
    assert not waits_for_debrief(policy, state, recorded)
    policy, state = walk(required)  # open: closing waits for more than the debrief
    assert not waits_for_debrief(policy, state, NONE)


# --- Never more than the lifecycle allows ------------------------------------------------------


@pytest.mark.parametrize("policy_id", POLICIES)
def test_an_action_open_now_records_an_event_the_lifecycle_allows(policy_id: str) -> None:
    paths: list[list[Event]] = [
        [],
        [Responded(at=at("2026-06-02"))],
        [Resolved(at=at("2026-06-02"))],
        [*to_top(policy_id), Referred(at=at("2026-06-05"))],
        [Withdrawn(at=at("2026-06-02"))],
    ]
    for path in paths:
        policy, state = walk(policy_id, *path)
        allowed = allowed_events(policy, state)
        for action in open_now(policy, state, CaseRecords()):
            event = ACTION_EVENTS[action]
            assert event is None or event in allowed, (path, action)

"""The lifecycle: every (status, event) pair of the transition table, and each rule's message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from accord.engine.events import (
    Closed,
    DeadlineSet,
    Escalated,
    Event,
    FactSet,
    Raised,
    Referred,
    Resolved,
    Responded,
    SignedOff,
    StepDone,
    Withdrawn,
)
from accord.engine.lifecycle import (
    EVENT_TYPES,
    TRANSITIONS,
    EventRejected,
    Refused,
    Status,
    Transition,
    allowed_events,
)
from accord.engine.policy.model import Policy, Resolution

from .builders import at, day, example, raise_on, run

T = at("2026-12-22")
RAISED = raise_on("2026-12-21")
BOTH_SIGNED = [SignedOff(at=T, party="raising"), SignedOff(at=T, party="receiving")]
UP = Escalated(at=T)

# A way to reach each status (and a resolved case withdrawn), from the example policy.
PREFIXES: dict[str, list[Event]] = {
    "not_raised": [],
    "open": [RAISED],
    "resolved": [RAISED, Resolved(at=T)],
    "signed_off": [RAISED, Resolved(at=T), *BOTH_SIGNED],
    "referred": [RAISED, UP, UP, UP, Referred(at=T)],
    "closed": [RAISED, Resolved(at=T), *BOTH_SIGNED, Closed(at=T)],
    "withdrawn": [RAISED, Withdrawn(at=T)],
    "resolved, then withdrawn": [RAISED, Resolved(at=T), Withdrawn(at=T)],
}

# One ordinary event of each type, as it would be sent in each state.
SAMPLES: dict[str, Event] = {
    "raised": Raised(at=T),
    "step_done": StepDone(at=T, step="response"),
    "responded": Responded(at=T, position="agree"),
    "escalated": Escalated(at=T),
    "resolved": Resolved(at=T),
    "signed_off": SignedOff(at=T, party="raising"),
    "referred": Referred(at=T),
    "closed": Closed(at=T),
    "withdrawn": Withdrawn(at=T),
    "fact_set": FactSet(at=T, fact="cp_plan", value=True),
    "deadline_set": DeadlineSet(at=T, deadline="stage:1", due=day("2026-12-22"), reason="risk"),
}

OPEN = "the case is open at stage 1; "
RESOLVED = "the case is resolved at stage 1; "
SIGNED = "the case is resolved and signed off; "
REFERRED = "the case is referred to the partnership's final process (a resolution panel); "
AT_A_STAGE = "this happens while the case is open at a stage"
DECISION_FIRST = "record the final process's decision with `resolved` first"
CLOSED = "the case is closed; no event follows closing"
WITHDRAWN = "the case was withdrawn; no event follows a withdrawal"

# (state, event) -> the status after it, or the reason it is refused. Written out by hand, so
# the test proves the table rather than repeating it.
EXPECTED: dict[str, dict[str, str]] = {
    "open": {
        "raised": OPEN + "a case is raised once",
        "step_done": "open",
        "responded": "open",
        "escalated": "open",
        "resolved": "resolved",
        "signed_off": OPEN + "an outcome is signed off once the case is resolved",
        "referred": "only a case unresolved at the top stage (4) is referred; "
        "escalate it from stage 1 instead",
        "closed": OPEN + "resolve the case (and have it signed off) before closing it",
        "withdrawn": "withdrawn",
        "fact_set": "open",
        "deadline_set": "open",
    },
    "resolved": {
        "raised": RESOLVED + "a case is raised once",
        "step_done": RESOLVED + AT_A_STAGE,
        "responded": RESOLVED + AT_A_STAGE,
        "escalated": RESOLVED + "a resolved case is signed off and closed, not escalated",
        "resolved": RESOLVED + "it is already resolved",
        "signed_off": "resolved",  # one of two parties
        "referred": RESOLVED + "only a case unresolved at the top stage is referred",
        "closed": "sign-off is not complete: waiting for the raising and receiving parties",
        "withdrawn": "resolved",  # accepted; the outcome stands
        "fact_set": "resolved",
        "deadline_set": RESOLVED + AT_A_STAGE,
    },
    "signed_off": {
        "raised": SIGNED + "a case is raised once",
        "step_done": SIGNED + AT_A_STAGE,
        "responded": SIGNED + AT_A_STAGE,
        "escalated": SIGNED + "a signed-off case is closed, not escalated",
        "resolved": SIGNED + "it is already resolved",
        "signed_off": SIGNED + "every party the policy needs has signed off",
        "referred": SIGNED + "only a case unresolved at the top stage is referred",
        "closed": "closed",
        "withdrawn": SIGNED + "a signed-off case is closed, not withdrawn",
        "fact_set": "signed_off",
        "deadline_set": SIGNED + AT_A_STAGE,
    },
    "referred": {
        "raised": REFERRED + "a case is raised once",
        "step_done": REFERRED + AT_A_STAGE,
        "responded": REFERRED + AT_A_STAGE,
        "escalated": REFERRED + "record the final process's decision with `resolved`",
        "resolved": "resolved",
        "signed_off": REFERRED + DECISION_FIRST,
        "referred": REFERRED + "it is already referred",
        "closed": REFERRED + DECISION_FIRST,
        "withdrawn": "withdrawn",
        "fact_set": "referred",
        "deadline_set": REFERRED + AT_A_STAGE,
    },
    "closed": dict.fromkeys(SAMPLES, CLOSED),
    "withdrawn": dict.fromkeys(SAMPLES, WITHDRAWN),
    "resolved, then withdrawn": dict.fromkeys(SAMPLES, WITHDRAWN),
}

CASES = [(state, name, outcome) for state, row in EXPECTED.items() for name, outcome in row.items()]


@pytest.mark.parametrize(("state", "name", "outcome"), CASES)
def test_every_transition(state: str, name: str, outcome: str) -> None:
    events = [*PREFIXES[state], SAMPLES[name]]
    if outcome in set(Status):
        assert run(example(), events).status == outcome
    else:
        with pytest.raises(EventRejected) as rejected:
            run(example(), events)
        assert rejected.value.index == len(events) - 1
        assert rejected.value.message == f"event {len(events)} ({name}): {outcome}"


@pytest.mark.parametrize("name", [n for n in SAMPLES if n != "raised"])
def test_the_first_event_is_raised(name: str) -> None:
    with pytest.raises(EventRejected) as rejected:
        run(example(), [SAMPLES[name]])
    assert rejected.value.message == (
        f"event 1 ({name}): the case has not been raised yet; the first event of a case is `raised`"
    )


def test_the_table_covers_every_status_and_event() -> None:
    assert set(TRANSITIONS) == {(s, n) for s in Status for n in EVENT_TYPES.values()}


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        ("open", {"step_done", "responded", "escalated", "resolved", "withdrawn", "fact_set"}),
        ("resolved", {"signed_off", "withdrawn", "fact_set"}),
        ("signed_off", {"closed", "fact_set"}),
        ("referred", {"resolved", "withdrawn", "fact_set"}),
        ("closed", set()),
        ("withdrawn", set()),
        ("resolved, then withdrawn", set()),
    ],
)
def test_allowed_events(state: str, allowed: set[str]) -> None:
    case = run(example(), PREFIXES[state])
    offered = set(allowed_events(example(), case))
    assert offered - {"deadline_set"} == allowed
    # every offered event, sent in its ordinary form, is accepted (deadline_set needs a due)
    for name in offered - {"deadline_set", "step_done"}:
        run(example(), [*PREFIXES[state], SAMPLES[name]])


def test_allowed_events_follow_the_stage_and_the_policy() -> None:
    policy = example()
    at_top = run(policy, [RAISED, UP, UP, UP])
    assert {"referred"} <= allowed_events(policy, at_top)
    assert "escalated" not in allowed_events(policy, at_top)
    assert "step_done" not in allowed_events(policy, at_top)  # stage 4 has no steps
    none = replace(policy, resolution=replace(policy.resolution, sign_off="none"))
    resolved = run(none, [RAISED, Resolved(at=T)])
    assert allowed_events(none, resolved) == {"closed", "withdrawn", "fact_set"}
    assert "deadline_set" in allowed_events(policy, run(policy, [RAISED]))
    # overdue day deadlines cannot be brought forward any more: nothing to offer
    assert "deadline_set" not in allowed_events(policy, run(policy, [RAISED], "2027-02-01"))
    at_four = run(policy, [RAISED, UP, UP, UP], "2027-02-01")  # stage 4 is `none`
    assert "deadline_set" in allowed_events(policy, at_four)


def rejected(events: list[Event], policy: Policy | None = None) -> str:
    with pytest.raises(EventRejected) as caught:
        run(policy or example(), events)
    return caught.value.message


@pytest.mark.parametrize(
    ("events", "message"),
    [
        (
            [RAISED, UP, UP, UP, UP],
            "event 5 (escalated): stage 4 is the top stage of example-borough 2026-04; "
            "refer the case to the partnership's final process instead",
        ),
        (
            [RAISED, UP, Escalated(at=T, to_stage=2)],
            "event 3 (escalated): a case never moves down or stays at its stage: it is at "
            "stage 2, and the event names stage 2",
        ),
        (
            [RAISED, UP, Escalated(at=T, to_stage=1)],
            "event 3 (escalated): a case never moves down or stays at its stage: it is at "
            "stage 2, and the event names stage 1",
        ),
        (
            [RAISED, Escalated(at=T, to_stage=3)],
            "event 2 (escalated): escalation moves one stage up, to stage 2; moving to stage 3 "
            "needs an urgent case and stage 3 in immediate_risk.may_start_at, "
            "or [escalation] may_skip = true",
        ),
        (
            [raise_on("2026-12-21", urgent=True), Escalated(at=T, to_stage=4)],
            "event 2 (escalated): escalation moves one stage up, to stage 2; moving to stage 4 "
            "needs an urgent case and stage 4 in immediate_risk.may_start_at, "
            "or [escalation] may_skip = true",
        ),
        (
            [RAISED, Escalated(at=T, to_stage=5)],
            "event 2 (escalated): stage 5 does not exist: "
            "example-borough 2026-04 has stages 1 to 4",
        ),
        (
            [raise_on("2026-12-21", stage=2)],
            "event 1 (raised): a case starts at stage 1 unless it is urgent; "
            "mark it urgent to start at 2",
        ),
        (
            [raise_on("2026-12-21", stage=4, urgent=True)],
            "event 1 (raised): a case may start above stage 1 only at a stage in "
            "immediate_risk.may_start_at (1, 2, 3), not at stage 4",
        ),
        (
            [raise_on("2026-12-21", stage=7, urgent=True)],
            "event 1 (raised): stage 7 does not exist: example-borough 2026-04 has stages 1 to 4",
        ),
        (
            [raise_on("2026-12-21", facts={"high_priority": True})],
            "event 1 (raised): fact 'high_priority' is not declared in [facts] of "
            "example-borough 2026-04 (declared: cp_plan)",
        ),
        (
            [raise_on("2026-12-21", concern_on=date(2026, 12, 22))],
            "event 1 (raised): concern_on 2026-12-22 is after the day the case is raised "
            "(2026-12-21); a concern is identified on or before it is raised",
        ),
        (
            [raise_on("2026-12-21", raising_agency="church")],
            "event 1 (raised): raising_agency 'church' is not a kind of agency (social_care, "
            "police, health, education, housing, probation, voluntary, other)",
        ),
        (
            [raise_on("2026-12-21", subject="adult")],
            "event 1 (raised): subject 'adult' is not one of example-borough 2026-04's subjects "
            "(child)",
        ),
        (
            [RAISED, StepDone(at=T, step="reply")],
            "event 2 (step_done): stage 1 has no step 'reply' (its steps: response, confirmation)",
        ),
        (
            [RAISED, StepDone(at=T, step="response"), StepDone(at=T, step="response")],
            "event 3 (step_done): step 'response' of stage 1 was already done on 2026-12-22",
        ),
        (
            [RAISED, StepDone(at=T, step="confirmation")],
            "event 2 (step_done): step 'confirmation' of stage 1 follows step 'response', "
            "not done yet",
        ),
        (
            [RAISED, UP, StepDone(at=T, step="response")],
            "event 3 (step_done): stage 2 has no steps",
        ),
        (
            [
                RAISED,
                StepDone(at=T, step="response"),
                StepDone(at=T, step="confirmation"),
                StepDone(at=T, step="response"),
            ],
            "event 4 (step_done): every step of stage 1 is done",
        ),
        (
            [RAISED, Resolved(at=T), SignedOff(at=T, party="raising"), BOTH_SIGNED[0]],
            "event 4 (signed_off): the raising party has already signed off",
        ),
        (
            [RAISED, Resolved(at=T), SignedOff(at=T, party="raising"), Closed(at=T)],
            "event 4 (closed): sign-off is not complete: waiting for the receiving party",
        ),
        (
            [RAISED, FactSet(at=T, fact="high_priority", value=True)],
            "event 2 (fact_set): fact 'high_priority' is not declared in [facts] of "
            "example-borough 2026-04 (declared: cp_plan)",
        ),
        (
            [RAISED, Responded(at=T, position="maybe")],
            "event 2 (responded): position must be one of agree, propose, disagree, not 'maybe'",
        ),
        (
            [RAISED, Resolved(at=at("2026-12-20"))],
            "event 2 (resolved): it is dated 2026-12-20T09:00:00+00:00, before event 1 "
            "(2026-12-21T09:00:00+00:00); list events in time order",
        ),
    ],
)
def test_rules_refuse_with_a_reason(events: list[Event], message: str) -> None:
    assert rejected(events) == message


@pytest.mark.parametrize(
    ("events", "status", "stage"),
    [
        ([raise_on("2026-12-21", stage=3, urgent=True, reason="child at risk")], "open", 3),
        ([raise_on("2026-12-21", urgent=True), Escalated(at=T, to_stage=3)], "open", 3),
        ([RAISED, UP, UP, UP, Referred(at=T), Resolved(at=T)], "resolved", 4),
        ([RAISED, Resolved(at=T), *BOTH_SIGNED, Closed(at=T)], "closed", 1),
        ([RAISED, Resolved(at=T), Withdrawn(at=T)], "resolved", 1),
        ([RAISED, UP, UP, UP, Referred(at=T), Withdrawn(at=T)], "withdrawn", 4),
        ([RAISED, Resolved(at=T), SignedOff(at=T, party="receiving")], "resolved", 1),
    ],
)
def test_rules_allow(events: list[Event], status: str, stage: int) -> None:
    case = run(example(), events)
    assert (case.status, case.stage) == (status, stage)


def test_may_skip_moves_up_more_than_one_stage_urgent_or_not() -> None:
    policy = replace(example(), may_skip=True)
    assert run(policy, [RAISED, Escalated(at=T, to_stage=4)]).stage == 4
    # it changes how a case moves up, not where it may start
    assert "mark it urgent" in rejected([raise_on("2026-12-21", stage=2)], policy)


@pytest.mark.parametrize(
    ("sign_off", "events", "outcome"),
    [
        ("none", [Resolved(at=T), Closed(at=T)], "closed"),
        (
            "none",
            [Resolved(at=T), SignedOff(at=T, party="raising")],
            "event 3 (signed_off): example-borough 2026-04 needs no sign-off (sign_off = none); "
            "close the case instead",
        ),
        ("raising_party", [Resolved(at=T), SignedOff(at=T, party="raising")], "signed_off"),
        (
            "raising_party",
            [Resolved(at=T), SignedOff(at=T, party="receiving")],
            "event 3 (signed_off): only the raising party signs off under example-borough "
            "2026-04 (sign_off = raising_party)",
        ),
        ("both_parties", [Resolved(at=T), *BOTH_SIGNED], "signed_off"),
    ],
)
def test_sign_off_follows_the_policy(sign_off: str, events: list[Event], outcome: str) -> None:
    policy = replace(example(), resolution=Resolution(sign_off=sign_off))
    if outcome in set(Status):
        assert run(policy, [RAISED, *events]).status == outcome
    else:
        assert rejected([RAISED, *events], policy) == outcome


def test_refusals_and_transitions_are_the_only_entries() -> None:
    assert all(isinstance(e, Transition | Refused) for e in TRANSITIONS.values())
    ending = [k for k, e in TRANSITIONS.items() if isinstance(e, Transition) and e.ends]
    assert ending == [(Status.RESOLVED, "withdrawn")]

"""What happens next (`next_steps.next_steps`), over the five shipped policies.

The expected lines were written by hand from each policy file: its stages' names, `may_skip`,
`immediate_risk.may_start_at`, and `[resolution]` (final process, sign-off, debrief).
"""

from __future__ import annotations

from accord.engine.events import (
    Closed,
    Escalated,
    Raised,
    Referred,
    Resolved,
    Responded,
    SignedOff,
    Withdrawn,
)
from accord.engine.next_steps import escalation_targets, next_steps
from accord.engine.refusals import CaseRecords

from .builders import at
from .test_refusals import to_top, walk

ESCALATE = "If the disagreement cannot be resolved at this stage, either side may escalate it to "


def test_may_skip_offers_every_higher_stage() -> None:
    """Blackburn with Darwen: three stages of 5 working days, `may_skip = true`, no sign-off.
    Raised Monday 1 June 2026: stage 1 due Monday 8 June (2, 3, 4, 5, 8 June)."""
    policy, state = walk("blackburn-with-darwen")
    assert escalation_targets(policy, state) == [2, 3]
    assert next_steps(policy, state) == (
        "The receiving side responds by 8 June 2026.",
        "When the holders agree, they record the outcome.",
        ESCALATE + "stage 2 (Service Leaders or equivalent), or straight to stage 3 (Head of "
        "Service, Assistant Director or Director).",
    )


def test_without_may_skip_only_the_next_stage() -> None:
    policy, state = walk("generic-lscb", Responded(at=at("2026-06-02"), position="propose"))
    assert escalation_targets(policy, state) == [2]
    assert next_steps(policy, state) == (
        "The receiving side has responded (proposed another way forward).",
        "When the holders agree, they record the outcome, and each side signs it off.",
        ESCALATE + "stage 2 (Line managers with their opposite numbers).",
    )


def test_an_urgent_case_may_jump_to_the_stages_it_could_start_at() -> None:
    """Bath and North East Somerset: no `may_skip`, but `may_start_at = [1, 2, 3, 4]`."""
    urgent = Raised(at=at("2026-06-01"), urgent=True)
    policy, state = walk("bath-north-east-somerset", urgent)
    assert escalation_targets(policy, state) == [2, 3, 4]
    assert next_steps(policy, state)[-1] == (
        ESCALATE + "stage 2 (Line managers), or straight to stage 3 (Senior managers) or "
        "stage 4 (Heads of service or equivalent)."
    )
    policy, state = walk("bath-north-east-somerset")  # not urgent: one stage at a time
    assert escalation_targets(policy, state) == [2]


def test_the_top_stage_goes_to_the_final_process() -> None:
    policy, state = walk("stockport", *to_top("stockport"))
    assert escalation_targets(policy, state) == []
    assert next_steps(policy, state)[-1] == (
        "This is the top stage: if the disagreement cannot be resolved here, it is referred to "
        "the partnership, for a decision by the partnership’s independent chair."
    )


def test_a_referred_case_waits_for_its_panel_and_decision() -> None:
    bath = "bath-north-east-somerset"
    policy, state = walk(bath, *to_top(bath), Referred(at=at("2026-06-05")))
    assert next_steps(policy, state) == (
        "The case is with the partnership, for a resolution panel of members from several "
        "agencies.",
        "The partnership's chair decides whether to convene a resolution panel (recorded yes "
        "or no).",
        "The partnership's staff record the decision.",
    )
    assert next_steps(policy, state, CaseRecords(panel_declined=True)) == (
        "The case is with the partnership, for a resolution panel of members from several "
        "agencies.",
        "The chair decided not to convene a resolution panel.",
        "The partnership's staff record the decision.",
    )
    assert next_steps(policy, state, CaseRecords(panel_convened=True)) == (
        "The case is with the partnership, for a resolution panel of members from several "
        "agencies.",
        "The partnership's staff record the decision.",
    )


def test_sign_off_only_where_the_policy_asks_it() -> None:
    policy, state = walk("generic-lscb", Resolved(at=at("2026-06-02")))
    assert next_steps(policy, state) == (
        "The outcome is recorded.",
        "It waits for the raising side and the receiving side to sign it off.",
        "A debrief is offered to the people involved.",
    )
    signed = [SignedOff(at=at("2026-06-03"), party=p) for p in ("raising", "receiving")]
    policy, state = walk("generic-lscb", Resolved(at=at("2026-06-02")), *signed)
    assert next_steps(policy, state, CaseRecords(debrief_recorded=True)) == (
        "The outcome is recorded.",
        "Both sides have signed it off.",
        "The case can be closed.",
    )
    policy, state = walk("northumberland", Resolved(at=at("2026-06-02")))
    assert next_steps(policy, state) == ("The outcome is recorded.", "The case can be closed.")


def test_an_ended_case_has_nothing_next() -> None:
    policy, state = walk("northumberland", Withdrawn(at=at("2026-06-02")))
    assert next_steps(policy, state) == ("The case was withdrawn. Nothing more happens to it.",)
    policy, state = walk(
        "northumberland", Resolved(at=at("2026-06-02")), Closed(at=at("2026-06-03"))
    )
    assert next_steps(policy, state) == ("The case is closed. Nothing more happens to it.",)
    policy, state = walk("northumberland", Escalated(at=at("2026-06-02"), reason="x"))
    assert escalation_targets(policy, state) == [3]

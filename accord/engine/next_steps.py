"""What happens next on a case, in plain English: the case page's "What happens next".

Read from the policy and the replayed case, with the rules the engine applies: the stages an
escalation may reach now (the next one, and higher ones where `may_skip` or an urgent case's
`may_start_at` allows: `rules.check_escalation`), sign-off only by the sides the policy asks,
the partnership's final process, and its debrief (`refusals.debrief_missing`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from accord.engine import wording
from accord.engine.case_state import CaseState
from accord.engine.deadlines import Due
from accord.engine.events import Escalated
from accord.engine.lifecycle import Status, phase
from accord.engine.london import in_london, london_date
from accord.engine.policy.model import Policy
from accord.engine.refusals import CaseRecords, debrief_missing
from accord.engine.rules import check_escalation, sign_off_parties

FINAL_PROCESSES: Final[dict[str, str]] = {
    "mediation": "mediation: a meeting chaired by the partnership",
    "chair_decision": "a decision by the partnership’s independent chair",
    "panel": "a resolution panel of members from several agencies",
    "senior_decision": "a decision by the agencies’ most senior managers",
}
POSITION_WORDS: Final[dict[str, str]] = {
    "agree": "agreed",
    "propose": "proposed another way forward",
    "disagree": "disagreed",
}


def final_process(policy: Policy) -> str:
    """The partnership's final process as a noun phrase ("mediation: a meeting ...")."""
    return FINAL_PROCESSES.get(policy.resolution.final, policy.resolution.final)


def escalation_targets(policy: Policy, state: CaseState) -> list[int]:
    """The stages an escalation may move the case to now, lowest first (none at the top)."""
    if state.stage is None or phase(state) is not Status.OPEN:
        return []
    return [
        number
        for number in range(state.stage + 1, policy.top_stage + 1)
        if check_escalation(policy, state, Escalated(at=state.as_of, to_stage=number)) is None
    ]


def next_steps(
    policy: Policy, state: CaseState, records: CaseRecords | None = None
) -> tuple[str, ...]:
    """What the case waits for now and what may happen after, one sentence a line."""
    records = records or CaseRecords()
    match phase(state):
        case Status.CLOSED:
            return ("The case is closed. Nothing more happens to it.",)
        case Status.WITHDRAWN:
            return ("The case was withdrawn. Nothing more happens to it.",)
        case Status.REFERRED:
            return _referred(policy, records)
        case Status.RESOLVED | Status.SIGNED_OFF:
            return _resolved(policy, state, records)
        case _:
            return _open(policy, state)


def _referred(policy: Policy, records: CaseRecords) -> tuple[str, ...]:
    lines = [f"The case is with the partnership, for {final_process(policy)}."]
    if policy.resolution.final == "panel" and records.panel_declined:
        lines.append("The chair decided not to convene a resolution panel.")
    elif policy.resolution.final == "panel" and not records.panel_convened:
        lines.append(
            "The partnership's chair decides whether to convene a resolution panel "
            "(recorded yes or no)."
        )
    lines.append("The partnership's staff record the decision.")
    return tuple(lines)


def _resolved(policy: Policy, state: CaseState, records: CaseRecords) -> tuple[str, ...]:
    lines = ["The outcome is recorded."]
    waiting = sorted(sign_off_parties(policy) - state.signed_off)
    if waiting:
        sides = wording.joined([f"the {side} side" for side in waiting])
        lines.append(f"It waits for {sides} to sign it off.")
    elif sign_off_parties(policy):
        lines.append(f"{_signers(policy).capitalize()} signed it off.")
    if policy.resolution.debrief != "none" and not records.debrief_recorded:
        required = debrief_missing(policy, records)
        lines.append(
            "A debrief must be recorded before the case is closed."
            if required
            else "A debrief is offered to the people involved."
        )
    if not waiting and not debrief_missing(policy, records):
        lines.append("The case can be closed.")
    return tuple(lines)


def _signers(policy: Policy) -> str:
    parties = sorted(sign_off_parties(policy))
    return "both sides have" if len(parties) == 2 else f"the {parties[0]} side has"


def _open(policy: Policy, state: CaseState) -> tuple[str, ...]:
    assert state.stage is not None  # an open case is at a stage
    lines = []
    responses = [r for r in state.responses if r.stage == state.stage]
    if responses:
        lines.append(
            f"The receiving side has responded ({POSITION_WORDS[responses[-1].position]})."
        )
    else:
        deadline = state.deadline(f"stage:{state.stage}")
        due = deadline.due if deadline is not None else None
        by = f" by {_due_words(due)}" if due is not None else ""
        lines.append(f"The receiving side responds{by}.")
    lines.append(f"When the holders agree, they record the outcome{_sign_off_words(policy)}.")
    targets = escalation_targets(policy, state)
    if targets:
        first = _stage_words(policy, targets[0])
        further = [_stage_words(policy, n) for n in targets[1:]]
        skip = f", or straight to {wording.joined(further, 'or')}" if further else ""
        lines.append(
            "If the disagreement cannot be resolved at this stage, either side may escalate it "
            f"to {first}{skip}."
        )
    else:
        lines.append(
            "This is the top stage: if the disagreement cannot be resolved here, it is referred "
            f"to the partnership, for {final_process(policy)}."
        )
    return tuple(lines)


def _sign_off_words(policy: Policy) -> str:
    parties = sign_off_parties(policy)
    if not parties:
        return ""
    if len(parties) == 2:
        return ", and each side signs it off"
    return f", and the {next(iter(parties))} side signs it off"


def _stage_words(policy: Policy, number: int) -> str:
    return f"stage {number} ({policy.stage(number).name})"


def _due_words(due: Due) -> str:
    if isinstance(due, datetime):
        moment = in_london(due)
        hour = f"{moment:%-I:%M%p}".lower().replace(":00", "")
        return f"{hour} on {wording.day(london_date(due))}"
    return wording.day(due)

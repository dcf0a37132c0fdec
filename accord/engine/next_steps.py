"""What happens next on a case, in plain words: the case page's "What happens next", in the
reader's language (`accord.engine.speech`; a stage's name in the policy's text for it).

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
from accord.engine.policy.texts import policy_text
from accord.engine.refusals import CaseRecords, debrief_missing
from accord.engine.rules import check_escalation, sign_off_parties
from accord.engine.speech import gettext as _
from accord.engine.speech import gettext_noop, language

FINAL_PROCESSES: Final[dict[str, str]] = {
    "mediation": gettext_noop("mediation: a meeting chaired by the partnership"),
    "chair_decision": gettext_noop("a decision by the partnership’s independent chair"),
    "panel": gettext_noop("a resolution panel of members from several agencies"),
    "senior_decision": gettext_noop("a decision by the agencies’ most senior managers"),
}
RESPONDED: Final[dict[str, str]] = {
    "agree": gettext_noop("The receiving side has responded (agreed)."),
    "propose": gettext_noop("The receiving side has responded (proposed another way forward)."),
    "disagree": gettext_noop("The receiving side has responded (disagreed)."),
}
# Whole sentences for the sides a sign-off waits for, has, or asks for.
_WAITS_FOR: Final = {
    ("raising",): gettext_noop("It waits for the raising side to sign it off."),
    ("receiving",): gettext_noop("It waits for the receiving side to sign it off."),
    ("raising", "receiving"): gettext_noop(
        "It waits for the raising side and the receiving side to sign it off."
    ),
}
_SIGNED: Final = {
    ("raising",): gettext_noop("The raising side has signed it off."),
    ("receiving",): gettext_noop("The receiving side has signed it off."),
    ("raising", "receiving"): gettext_noop("Both sides have signed it off."),
}
_RECORD: Final = {
    (): gettext_noop("When the holders agree, they record the outcome."),
    ("raising",): gettext_noop(
        "When the holders agree, they record the outcome, and the raising side signs it off."
    ),
    ("receiving",): gettext_noop(
        "When the holders agree, they record the outcome, and the receiving side signs it off."
    ),
    ("raising", "receiving"): gettext_noop(
        "When the holders agree, they record the outcome, and each side signs it off."
    ),
}


def final_process(policy: Policy) -> str:
    """The partnership's final process as a noun phrase ("mediation: a meeting ...")."""
    final = policy.resolution.final
    return _(FINAL_PROCESSES[final]) if final in FINAL_PROCESSES else final


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
            return (_("The case is closed. Nothing more happens to it."),)
        case Status.WITHDRAWN:
            return (_("The case was withdrawn. Nothing more happens to it."),)
        case Status.REFERRED:
            return _referred(policy, records)
        case Status.RESOLVED | Status.SIGNED_OFF:
            return _resolved(policy, state, records)
        case _:
            return _open(policy, state)


def _referred(policy: Policy, records: CaseRecords) -> tuple[str, ...]:
    lines = [
        _("The case is with the partnership, for %(process)s.") % {"process": final_process(policy)}
    ]
    if policy.resolution.final == "panel" and records.panel_declined:
        lines.append(_("The chair decided not to convene a resolution panel."))
    elif policy.resolution.final == "panel" and not records.panel_convened:
        lines.append(
            _(
                "The partnership's chair decides whether to convene a resolution panel "
                "(recorded yes or no)."
            )
        )
    lines.append(_("The partnership's staff record the decision."))
    return tuple(lines)


def _resolved(policy: Policy, state: CaseState, records: CaseRecords) -> tuple[str, ...]:
    lines = [_("The outcome is recorded.")]
    waiting = tuple(sorted(sign_off_parties(policy) - state.signed_off))
    if waiting:
        lines.append(_(_WAITS_FOR[waiting]))
    elif sign_off_parties(policy):
        lines.append(_(_SIGNED[tuple(sorted(sign_off_parties(policy)))]))
    if policy.resolution.debrief != "none" and not records.debrief_recorded:
        required = debrief_missing(policy, records)
        lines.append(
            _("A debrief must be recorded before the case is closed.")
            if required
            else _("A debrief is offered to the people involved.")
        )
    if not waiting and not debrief_missing(policy, records):
        lines.append(_("The case can be closed."))
    return tuple(lines)


def _open(policy: Policy, state: CaseState) -> tuple[str, ...]:
    assert state.stage is not None  # an open case is at a stage
    lines = []
    responses = [r for r in state.responses if r.stage == state.stage]
    if responses:
        lines.append(_(RESPONDED[responses[-1].position]))
    else:
        deadline = state.deadline(f"stage:{state.stage}")
        due = deadline.due if deadline is not None else None
        if due is not None:
            lines.append(_("The receiving side responds by %(due)s.") % {"due": _due_words(due)})
        else:
            lines.append(_("The receiving side responds."))
    lines.append(_(_RECORD[tuple(sorted(sign_off_parties(policy)))]))
    targets = escalation_targets(policy, state)
    if targets:
        first = _stage_words(policy, targets[0])
        further = [_stage_words(policy, n) for n in targets[1:]]
        if further:
            lines.append(
                _(
                    "If the disagreement cannot be resolved at this stage, either side may "
                    "escalate it to %(stage)s, or straight to %(further)s."
                )
                % {"stage": first, "further": wording.joined(further, "or")}
            )
        else:
            lines.append(
                _(
                    "If the disagreement cannot be resolved at this stage, either side may "
                    "escalate it to %(stage)s."
                )
                % {"stage": first}
            )
    else:
        lines.append(
            _(
                "This is the top stage: if the disagreement cannot be resolved here, it is "
                "referred to the partnership, for %(process)s."
            )
            % {"process": final_process(policy)}
        )
    return tuple(lines)


def _stage_words(policy: Policy, number: int) -> str:
    """A stage an escalation may go to, as it follows "escalate it to" or "or"."""
    # Translators: follows "to" or "or" in the escalation sentences (Welsh: soft mutation, "gam").
    return _("stage %(number)s (%(name)s)") % {
        "number": number,
        "name": policy_text(policy.stage(number).name, language()),
    }


def _due_words(due: Due) -> str:
    if isinstance(due, datetime):
        moment = in_london(due)
        time = f"{moment:%-I:%M}".replace(":00", "")
        hour = (_("%(time)sam") if moment.hour < 12 else _("%(time)spm")) % {"time": time}
        return _("%(hour)s on %(day)s") % {"hour": hour, "day": wording.day(london_date(due))}
    return wording.day(due)

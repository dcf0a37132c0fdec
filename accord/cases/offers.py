"""What a person may do on a case now: the actions a page offers, and the words of a refusal.

An action is offered when the access rules let this person take it (`PERMISSIONS`: each action's
`may_*` rule of `accord.cases.access`, with the words a refusal says) and the procedure allows it
now (`accord.engine.refusals.why_not`, with the reason when it does not). The pages refuse with
these words (403: not this person; 409: not now), and the actions check both again when they run,
with the same words, so a forged request is refused all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accord.engine.case_state import CaseState
from accord.engine.policy.model import Policy
from accord.engine.refusals import ACTION_EVENTS, CaseRecords, why_not

from . import access
from .access import CaseAccess
from .models import Side, Task


@dataclass(frozen=True)
class Permission:
    """Who may take one action (the access rule), and how a refusal words it:
    "You cannot <doing>" because "<only>"."""

    may: Callable[[CaseAccess], bool]
    doing: str  # "respond to this case"
    only: str  # "only the receiving side's holder at this stage can respond"

    @property
    def refusal(self) -> str:
        """The refusal as a sentence of its own (an action's message)."""
        return self.only[:1].upper() + self.only[1:]


def _signs(side: str) -> Callable[[CaseAccess], bool]:
    return lambda who: access.may_sign_off(who, side)


def _takes_over(side: str) -> Callable[[CaseAccess], bool]:
    return lambda who: access.may_take_over(who, side)


_RAISERS_AND_LEADS = "the case's holders, its raiser, or the partnership's business manager or "
PERMISSIONS: dict[str, Permission] = {
    "respond": Permission(
        access.may_respond,
        "respond to this case",
        "only the receiving side's holder at this stage can respond",
    ),
    "complete_step": Permission(
        access.may_complete_step,
        "mark a step done on this case",
        "only the case's holders at this stage can mark a step done",
    ),
    "escalate": Permission(
        access.may_escalate,
        "escalate this case",
        "only the case's holders at this stage can escalate it",
    ),
    "set_deadline": Permission(
        access.may_set_deadline,
        "set a deadline on this case",
        "only the case's holders at this stage can set a deadline",
    ),
    "set_fact": Permission(
        access.may_set_fact,
        "answer the questions about this case",
        "only the case's holders or the partnership's business manager, independent chair or "
        "panel members can record a fact",
    ),
    "resolve": Permission(
        access.may_resolve,
        "record the outcome",
        "only the case's holders at this stage can record the outcome",
    ),
    "record_decision": Permission(
        access.may_record_decision,
        "record the decision",
        "only the partnership's business manager, independent chair or panel members can record "
        "the decision on a referred case",
    ),
    **{
        f"sign_off_{side}": Permission(
            _signs(side),
            f"sign off the outcome for the {side} side",
            f"only {who} can sign off for the {side} side",
        )
        for side, who in (
            (Side.RAISING.value, "the raising side's holder or the raiser"),
            (Side.RECEIVING.value, "the receiving side's holder"),
        )
    },
    "refer": Permission(
        access.may_refer,
        "refer this case",
        "only the case's holders or the partnership's business manager can refer it",
    ),
    "convene_panel": Permission(
        access.may_convene_panel,
        "convene the resolution panel",
        "only the partnership's business manager or independent chair can convene the panel",
    ),
    "record_debrief": Permission(
        access.may_record_debrief,
        "record the debrief",
        f"only {_RAISERS_AND_LEADS}independent chair can record the debrief",
    ),
    "close": Permission(
        access.may_close,
        "close this case",
        f"only {_RAISERS_AND_LEADS}independent chair can close it",
    ),
    "withdraw": Permission(
        access.may_withdraw,
        "withdraw this case",
        "only the person who raised the case or the raising side's holder can withdraw it",
    ),
    "add_task": Permission(
        access.may_add_task,
        "add a task",
        "only the case's holders, its raiser or the partnership's staff can add a task",
    ),
    "record_meeting": Permission(
        access.may_record_meeting,
        "record a meeting",
        "only the case's holders or the partnership's staff can record a meeting",
    ),
    **{
        f"take_over_{side}": Permission(
            _takes_over(side),
            f"take this case over for the {side} side",
            f"only the line manager of the {side} side's holder (the next level, told when the "
            "side did not respond) can take it over",
        )
        for side in (Side.RAISING.value, Side.RECEIVING.value)
    },
    "record_advice": Permission(
        access.may_record_advice,
        "record advice on this case",
        "only the advisers the procedure names at this stage can record advice",
    ),
}
"""Every action a case offers (the names of `refusals.ACTION_EVENTS`), with its access rule."""

# Two rules outside the offers, with their words beside them as in PERMISSIONS.


def completing_forms(asked: frozenset[int] = frozenset()) -> Permission:
    """Opening, filling in, submitting and correcting a case's form records (whatever its
    status); `asked`: the people the records in hand are asked of (`access.asked_of`)."""
    return Permission(
        lambda who: access.may_complete_form(who, asked),
        "open the form records of this case",
        "only the case's current holders, the people a record is asked of, its raiser, or the "
        "partnership's business manager, chair or panel members can complete its form records. "
        "Anyone who sees the case can download each record as a PDF from its forms and "
        "documents",
    )


COMPLETE_FORM = completing_forms()
"""Completing form records, for someone no record is asked of."""


def completing_task(task: Task) -> Permission:
    """Marking `task` done: `access.may_complete_task` reads the task too."""
    return Permission(
        lambda who: access.may_complete_task(who, task),
        "mark this task as done",
        "only the task's owner, whoever set it, the case's holders or the business manager can "
        "mark it done",
    )


def task_why_not(task: Task) -> str | None:
    """Why `task` cannot be marked done now, beside the case having ended (None: it can)."""
    return "the task is already done" if task.completed_at is not None else None


assert PERMISSIONS.keys() == ACTION_EVENTS.keys(), "every action has its access rule"


def offered_actions(
    policy: Policy, state: CaseState, who: CaseAccess, records: CaseRecords
) -> frozenset[str]:
    """The names of the actions to offer: those the person may take (`PERMISSIONS`) that the
    procedure allows now (`why_not` is None)."""
    return frozenset(
        name
        for name, permission in PERMISSIONS.items()
        if permission.may(who) and why_not(policy, state, name, records) is None
    )

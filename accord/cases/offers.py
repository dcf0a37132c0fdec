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
from typing import TYPE_CHECKING

from django.utils.translation import gettext, gettext_lazy

from accord.engine.case_state import CaseState
from accord.engine.policy.model import Policy
from accord.engine.refusals import ACTION_EVENTS, CaseRecords, why_not

from . import access
from .access import CaseAccess
from .models import Side, Task

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Permission:
    """Who may take one action (the access rule), and how a refusal words it:
    "You cannot <doing>" because "<only>"."""

    may: Callable[[CaseAccess], bool]
    doing: StrOrPromise  # "respond to this case" (translated when shown)
    only: StrOrPromise  # "only the receiving side's holder at this stage can respond"

    @property
    def refusal(self) -> str:
        """The refusal as a sentence of its own (an action's message), in the active language."""
        only = str(self.only)
        return only[:1].upper() + only[1:]


def _signs(side: str) -> Callable[[CaseAccess], bool]:
    return lambda who: access.may_sign_off(who, side)


def _takes_over(side: str) -> Callable[[CaseAccess], bool]:
    return lambda who: access.may_take_over(who, side)


PERMISSIONS: dict[str, Permission] = {
    "respond": Permission(
        access.may_respond,
        gettext_lazy("respond to this case"),
        gettext_lazy("only the receiving side's holder at this stage can respond"),
    ),
    "complete_step": Permission(
        access.may_complete_step,
        gettext_lazy("mark a step done on this case"),
        gettext_lazy("only the case's holders at this stage can mark a step done"),
    ),
    "escalate": Permission(
        access.may_escalate,
        gettext_lazy("escalate this case"),
        gettext_lazy("only the case's holders at this stage can escalate it"),
    ),
    "set_deadline": Permission(
        access.may_set_deadline,
        gettext_lazy("set a deadline on this case"),
        gettext_lazy("only the case's holders at this stage can set a deadline"),
    ),
    "set_fact": Permission(
        access.may_set_fact,
        gettext_lazy("answer the questions about this case"),
        gettext_lazy(
            "only the case's holders or the partnership's business manager, independent chair or "
            "panel members can record a fact"
        ),
    ),
    "resolve": Permission(
        access.may_resolve,
        gettext_lazy("record the outcome"),
        gettext_lazy("only the case's holders at this stage can record the outcome"),
    ),
    "record_decision": Permission(
        access.may_record_decision,
        gettext_lazy("record the decision"),
        gettext_lazy(
            "only the partnership's business manager, independent chair or panel members can "
            "record the decision on a referred case"
        ),
    ),
    f"sign_off_{Side.RAISING.value}": Permission(
        _signs(Side.RAISING.value),
        gettext_lazy("sign off the outcome for the raising side"),
        gettext_lazy(
            "only the raising side's holder or the raiser can sign off for the raising side"
        ),
    ),
    f"sign_off_{Side.RECEIVING.value}": Permission(
        _signs(Side.RECEIVING.value),
        gettext_lazy("sign off the outcome for the receiving side"),
        gettext_lazy("only the receiving side's holder can sign off for the receiving side"),
    ),
    "refer": Permission(
        access.may_refer,
        gettext_lazy("refer this case"),
        gettext_lazy("only the case's holders or the partnership's business manager can refer it"),
    ),
    "convene_panel": Permission(
        access.may_convene_panel,
        gettext_lazy("convene the resolution panel"),
        gettext_lazy(
            "only the partnership's business manager or independent chair can convene the panel"
        ),
    ),
    "record_debrief": Permission(
        access.may_record_debrief,
        gettext_lazy("record the debrief"),
        gettext_lazy(
            "only the case's holders, its raiser, or the partnership's business manager or "
            "independent chair can record the debrief"
        ),
    ),
    "close": Permission(
        access.may_close,
        gettext_lazy("close this case"),
        gettext_lazy(
            "only the case's holders, its raiser, or the partnership's business manager or "
            "independent chair can close it"
        ),
    ),
    "withdraw": Permission(
        access.may_withdraw,
        gettext_lazy("withdraw this case"),
        gettext_lazy(
            "only the person who raised the case or the raising side's holder can withdraw it"
        ),
    ),
    "add_task": Permission(
        access.may_add_task,
        gettext_lazy("add a task"),
        gettext_lazy(
            "only the case's holders, its raiser or the partnership's staff can add a task"
        ),
    ),
    "record_meeting": Permission(
        access.may_record_meeting,
        gettext_lazy("record a meeting"),
        gettext_lazy("only the case's holders or the partnership's staff can record a meeting"),
    ),
    f"take_over_{Side.RAISING.value}": Permission(
        _takes_over(Side.RAISING.value),
        gettext_lazy("take this case over for the raising side"),
        gettext_lazy(
            "only the line manager of the raising side's holder (the next level, told when the "
            "side did not respond) can take it over"
        ),
    ),
    f"take_over_{Side.RECEIVING.value}": Permission(
        _takes_over(Side.RECEIVING.value),
        gettext_lazy("take this case over for the receiving side"),
        gettext_lazy(
            "only the line manager of the receiving side's holder (the next level, told when the "
            "side did not respond) can take it over"
        ),
    ),
    "record_advice": Permission(
        access.may_record_advice,
        gettext_lazy("record advice on this case"),
        gettext_lazy("only the advisers the procedure names at this stage can record advice"),
    ),
}
"""Every action a case offers (the names of `refusals.ACTION_EVENTS`), with its access rule."""

# Two rules outside the offers, with their words beside them as in PERMISSIONS.


def completing_forms(asked: frozenset[int] = frozenset()) -> Permission:
    """Opening, filling in, submitting and correcting a case's form records (whatever its
    status); `asked`: the people the records in hand are asked of (`access.asked_of`)."""
    return Permission(
        lambda who: access.may_complete_form(who, asked),
        gettext_lazy("open the form records of this case"),
        gettext_lazy(
            "only the case's current holders, the people a record is asked of, its raiser, or the "
            "partnership's business manager, chair or panel members can complete its form records. "
            "Anyone who sees the case can download each record as a PDF from its forms and "
            "documents"
        ),
    )


COMPLETE_FORM = completing_forms()
"""Completing form records, for someone no record is asked of."""


def completing_task(task: Task) -> Permission:
    """Marking `task` done: `access.may_complete_task` reads the task too."""
    return Permission(
        lambda who: access.may_complete_task(who, task),
        gettext_lazy("mark this task as done"),
        gettext_lazy(
            "only the task's owner, whoever set it, the case's holders or the business manager can "
            "mark it done"
        ),
    )


def task_why_not(task: Task) -> str | None:
    """Why `task` cannot be marked done now, beside the case having ended (None: it can)."""
    return gettext("the task is already done") if task.completed_at is not None else None


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

"""Every write to a case: one atomic action each, checked by the engine, with its audit event.

Each takes keyword-only arguments and `now` (the caller reads the clock). A refusal raises
`CaseActionRejected` carrying a message for the person acting; nothing is written then.
"""

from ._core import CaseActionRejected, CaseHistoryUnreplayable
from .calendar import DeadlineChange, recompute_deadlines
from .ending import close_case, refer_case, resolve_case, sign_off, withdraw_case
from .progress import complete_step, escalate_case, record_response
from .raising import raise_case
from .work import add_task, complete_task, log_case_view, record_meeting

__all__ = [
    "CaseActionRejected",
    "CaseHistoryUnreplayable",
    "DeadlineChange",
    "add_task",
    "close_case",
    "complete_step",
    "complete_task",
    "escalate_case",
    "log_case_view",
    "raise_case",
    "recompute_deadlines",
    "record_meeting",
    "record_response",
    "refer_case",
    "resolve_case",
    "sign_off",
    "withdraw_case",
]

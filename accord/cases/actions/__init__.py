"""Every write to a case: one atomic action each, checked by the engine, with its audit event.

Each takes keyword-only arguments and `now` (the caller reads the clock). A refusal raises
`CaseActionRejected` carrying a message for the person acting; nothing is written then.
"""

from ._core import CaseActionRejected, CaseChanged, CaseHistoryUnreplayable
from .advice import record_advice
from .calendar import (
    DeadlineChange,
    add_closure_day,
    change_alert_time,
    recompute_deadlines,
    recompute_open_deadlines,
    remove_closure_day,
)
from .ending import (
    close_case,
    record_debrief,
    refer_case,
    resolve_case,
    sign_off,
    withdraw_case,
)
from .exports import log_cases_exported
from .forms import correct_form, save_form_draft, submit_form
from .meetings import cancel_meeting, move_meeting, plan_meeting, record_meeting
from .panel import convene_panel
from .progress import complete_step, escalate_case, record_response
from .raising import AlreadyRaised, raise_case
from .retention import lift_legal_hold, place_legal_hold
from .subject_access import request_subject_access
from .taking_over import take_over
from .timescales import set_deadline, set_fact
from .work import add_task, complete_task, log_case_view

__all__ = [
    "AlreadyRaised",
    "CaseActionRejected",
    "CaseChanged",
    "CaseHistoryUnreplayable",
    "DeadlineChange",
    "add_closure_day",
    "add_task",
    "cancel_meeting",
    "change_alert_time",
    "close_case",
    "complete_step",
    "complete_task",
    "convene_panel",
    "correct_form",
    "escalate_case",
    "lift_legal_hold",
    "log_case_view",
    "log_cases_exported",
    "move_meeting",
    "place_legal_hold",
    "plan_meeting",
    "raise_case",
    "recompute_deadlines",
    "recompute_open_deadlines",
    "record_advice",
    "record_debrief",
    "record_meeting",
    "record_response",
    "refer_case",
    "remove_closure_day",
    "request_subject_access",
    "resolve_case",
    "save_form_draft",
    "set_deadline",
    "set_fact",
    "sign_off",
    "submit_form",
    "take_over",
    "withdraw_case",
]

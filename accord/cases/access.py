"""The access rules: who may see a case, and who may do what on it. Deny by default.

Every page, export and API call asks this module, the one place to look: seeing a case is
decided in `visibility` (`cases_visible_to`, `get_case_for`), the `may_*` rule of each action in
`action_rules`, and the administration rules in `accord.accounts.scope`; all are re-exported here.
"""

from __future__ import annotations

from accord.accounts.scope import (
    DECISION_ROLES,
    OVERSIGHT_ROLES,
    Roles,
    administered,
    has_oversight,
    is_administrator,
    managed_agencies,
    managed_people,
    may_manage_agency,
    may_manage_person,
    may_read_access_log_of,
    roles_of,
)

from .action_rules import (
    CaseAccess,
    asked_of,
    case_access,
    load_case_access,
    may_add_task,
    may_close,
    may_complete_form,
    may_complete_step,
    may_complete_task,
    may_convene_panel,
    may_escalate,
    may_record_advice,
    may_record_debrief,
    may_record_decision,
    may_record_meeting,
    may_refer,
    may_resolve,
    may_respond,
    may_set_deadline,
    may_set_fact,
    may_sign_off,
    may_take_over,
    may_view_access_log,
    may_withdraw,
)
from .visibility import agency_system_sees, cases_visible_to, get_case_for, readable_by

__all__ = [
    "DECISION_ROLES",
    "OVERSIGHT_ROLES",
    "CaseAccess",
    "Roles",
    "administered",
    "agency_system_sees",
    "asked_of",
    "case_access",
    "cases_visible_to",
    "get_case_for",
    "has_oversight",
    "is_administrator",
    "load_case_access",
    "managed_agencies",
    "managed_people",
    "may_add_task",
    "may_close",
    "may_complete_form",
    "may_complete_step",
    "may_complete_task",
    "may_convene_panel",
    "may_escalate",
    "may_manage_agency",
    "may_manage_person",
    "may_read_access_log_of",
    "may_record_advice",
    "may_record_debrief",
    "may_record_decision",
    "may_record_meeting",
    "may_refer",
    "may_resolve",
    "may_respond",
    "may_set_deadline",
    "may_set_fact",
    "may_sign_off",
    "may_take_over",
    "may_view_access_log",
    "may_withdraw",
    "readable_by",
    "roles_of",
]

"""Every write a partnership administrator makes: agencies, people, staff roles, imports, policy
roles, closures, policy files, going live; and a site administrator's creating a partnership.

One transaction each, refused (`AdminActionRejected`, nothing written) unless the actor
administers what they change, and recorded in the append-only `AdminEvent` log with the fields
changed. People are deactivated, never deleted. Each takes keyword arguments and `now`.
"""

from ._common import AdminActionRejected, ImportRejected, is_site_administrator
from .agencies import create_agency, update_agency
from .api_clients import log_api_client
from .closures import add_closure, remove_closure
from .imports import import_people
from .partnerships import (
    Created,
    create_partnership,
    go_live,
    set_alert_time,
    set_default_language,
    set_retention,
    stop_new_cases,
)
from .people import create_person, set_person_active, update_person
from .policies import (
    CheckedPolicy,
    check_policy,
    may_administer_policies,
    publish_policy,
    record_failed_check,
    upload_policy,
    withdraw_policy,
)
from .policy_roles import assign_policy_role, remove_policy_role, roles_to_assign
from .staff import add_staff_role, remove_staff_role
from .subject_access import log_subject_access

__all__ = [
    "AdminActionRejected",
    "CheckedPolicy",
    "Created",
    "ImportRejected",
    "add_closure",
    "add_staff_role",
    "assign_policy_role",
    "check_policy",
    "create_agency",
    "create_partnership",
    "create_person",
    "go_live",
    "import_people",
    "is_site_administrator",
    "log_api_client",
    "log_subject_access",
    "may_administer_policies",
    "publish_policy",
    "record_failed_check",
    "remove_closure",
    "remove_policy_role",
    "remove_staff_role",
    "roles_to_assign",
    "set_alert_time",
    "set_default_language",
    "set_person_active",
    "set_retention",
    "stop_new_cases",
    "update_agency",
    "update_person",
    "upload_policy",
    "withdraw_policy",
]

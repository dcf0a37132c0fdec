"""Every write a partnership administrator makes: agencies, people, staff roles, imports,
policy files.

One transaction each, refused (`AdminActionRejected`, nothing written) unless the actor
administers what they change, and recorded in the append-only `AdminEvent` log with the fields
changed. People are deactivated, never deleted. Each takes keyword arguments and `now`.
"""

from ._common import AdminActionRejected, ImportRejected
from .agencies import create_agency, update_agency
from .imports import import_people
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
from .staff import add_staff_role, remove_staff_role

__all__ = [
    "AdminActionRejected",
    "CheckedPolicy",
    "ImportRejected",
    "add_staff_role",
    "check_policy",
    "create_agency",
    "create_person",
    "import_people",
    "may_administer_policies",
    "publish_policy",
    "record_failed_check",
    "remove_staff_role",
    "set_person_active",
    "update_agency",
    "update_person",
    "upload_policy",
    "withdraw_policy",
]

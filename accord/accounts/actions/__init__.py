"""Every write a partnership administrator makes: agencies, people, staff roles, imports.

One transaction each, refused (`AdminActionRejected`, nothing written) unless the actor
administers what they change, and recorded in the append-only `AdminEvent` log with the fields
changed. People are deactivated, never deleted. Each takes keyword arguments and `now`.
"""

from ._common import AdminActionRejected, ImportRejected
from .agencies import create_agency, update_agency
from .imports import import_people
from .people import create_person, set_person_active, update_person
from .staff import add_staff_role, remove_staff_role

__all__ = [
    "AdminActionRejected",
    "ImportRejected",
    "add_staff_role",
    "create_agency",
    "create_person",
    "import_people",
    "remove_staff_role",
    "set_person_active",
    "update_agency",
    "update_person",
]

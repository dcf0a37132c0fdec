"""The access matrix's rules for setting a partnership up (/manage/setup/...).

Creating a partnership is for site administrators, and nobody in the matrix is one. The
checklist, going live, the policy's roles and closure days of the world's home partnership are
for its administrators; `values` gives the matrix the home partnership, one of its closure days
and one of its role assignments.
"""

from __future__ import annotations

from datetime import date

from accord.partnerships.models import Closure, RoleAssignment

from ..helpers import World
from ..rule_kinds import ANY_ADMINISTRATOR, HOME_ADMINISTRATOR, Rule, admin

RULES: dict[str, Rule] = {
    "web:manage-setup-index": admin(ANY_ADMINISTRATOR),
    "web:manage-partnership-add": admin(set()),  # site administrators only
    "web:manage-status": admin(set()),  # the service's status: site administrators only
    **dict.fromkeys(
        [
            "web:manage-setup",
            "web:manage-go-live",
            "web:manage-stop-new-cases",
            "web:manage-alert-time",
            "web:manage-default-language",
            "web:manage-policy-roles",
            "web:manage-policy-role-add",
            "web:manage-policy-role-remove",
            "web:manage-closures",
            "web:manage-closure-add",
            "web:manage-closure-remove",
        ],
        admin(HOME_ADMINISTRATOR),
    ),
}


def values(world: World) -> dict[str, object]:
    """`partnership_id`, `closure_id` and `assignment_id` of the world's home partnership."""
    closure, _ = Closure.objects.get_or_create(
        partnership=world.home, date=date(2026, 12, 29), defaults={"reason": "Winter closure"}
    )
    assignment, _ = RoleAssignment.objects.get_or_create(
        partnership=world.home, role_key="business_manager", person=world["business_manager"]
    )
    return {
        "partnership_id": world.home.pk,
        "closure_id": closure.pk,
        "assignment_id": assignment.pk,
    }

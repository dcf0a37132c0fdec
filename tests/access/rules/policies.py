"""The access matrix's rules for the policy pages: the list and the upload for any partnership
administrator (each sees and uploads for their own partnerships); one version's pages for the
administrators of its partnership only (and site administrators, who are not in the matrix's
world: `tests/web/test_policy_pages.py`)."""

from ..helpers import World
from ..rule_kinds import ANY_ADMINISTRATOR, HOME_ADMINISTRATOR, Rule, admin

RULES: dict[str, Rule] = {
    "web:manage-policies": admin(ANY_ADMINISTRATOR),
    "web:manage-policy-upload": admin(ANY_ADMINISTRATOR),
    **dict.fromkeys(
        ["web:manage-policy", "web:manage-policy-publish", "web:manage-policy-withdraw"],
        admin(HOME_ADMINISTRATOR),
    ),
}


def values(world: World) -> dict[str, object]:
    """The world's case's policy version."""
    return {"version_id": world.case.policy_version_id}

"""The access matrix's rules for the partnership pages (board, trends, learning, report)."""

from ..rule_kinds import ANY_ADMINISTRATOR, Rule, admin

# Everyone holding a staff role in some partnership: each sees their own partnership's figures.
PARTNERSHIP_STAFF = {
    "business_manager", "independent_chair", "panel_member", "administrator",
    "neighbour_staff", "other_partnership_admin", "other_partnership_staff",
}  # fmt: skip

RULES: dict[str, Rule] = {
    **dict.fromkeys(
        [
            "web:partnership-board",
            "web:partnership-trends",
            "web:partnership-learning",
            "web:partnership-learning-point-add",
            "web:partnership-learning-point",
            "web:partnership-recognition-add",
            "web:partnership-report",
            "web:partnership-report-pdf",
            "web:partnership-report-xlsx",
        ],
        admin(PARTNERSHIP_STAFF),
    ),
    "web:partnership-themes": admin(ANY_ADMINISTRATOR),
    # Only national readers (none in the matrix's world: decision 0007).
    "web:partnership-national": admin(set()),
}

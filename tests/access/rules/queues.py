"""The access matrix's rules for the work queues, the partnership's list and finding a case."""

from ..rule_kinds import HOME_OVERSIGHT, SIGNED_IN, Rule, admin

# The staff of any partnership open its list (of the cases involving their partnership).
PARTNERSHIP_STAFF = HOME_OVERSIGHT | {
    "panel_member",
    "neighbour_staff",
    "other_partnership_admin",
    "other_partnership_staff",
}

RULES: dict[str, Rule] = {
    "web:cases-due-soon": SIGNED_IN,
    "web:cases-overdue": SIGNED_IN,
    "web:cases-raised": SIGNED_IN,
    "web:cases-all": SIGNED_IN,
    "web:case-find": SIGNED_IN,
    "web:partnership-cases": admin(PARTNERSHIP_STAFF),
}

# Exporting the list is for the oversight staff only (business manager, chair, administrator).
PARTNERSHIP_OVERSIGHT = PARTNERSHIP_STAFF - {"panel_member"}

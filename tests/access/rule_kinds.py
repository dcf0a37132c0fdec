"""The access matrix's vocabulary: the kinds of person around one case, and the kinds of rule.

`tests/access/test_matrix.py` asks every URL as every kind; the rules for each group of pages
are in `tests/access/rules/`.
"""

from __future__ import annotations

from dataclasses import dataclass

SEES_CASE = {
    "raiser", "receiving_holder_1", "raising_holder", "receiving_holder", "manager_up_chain",
    "lead_involved_agency", "business_manager", "independent_chair", "panel_member",
    "administrator", "neighbour_staff",
}  # fmt: skip
REFUSED_CASE = {
    "colleague_same_agency", "unrelated_agency_person", "lead_other_agency",
    "other_partnership_admin", "other_partnership_staff",
}  # fmt: skip
KINDS = sorted(SEES_CASE | REFUSED_CASE)
CASE_OVERSIGHT = {"business_manager", "independent_chair", "administrator", "neighbour_staff"}
ANY_ADMINISTRATOR = {"administrator", "other_partnership_admin"}
HOME_ADMINISTRATOR = {"administrator"}
HOME_OVERSIGHT = {"business_manager", "independent_chair", "administrator"}
# The world's case is open at stage 2: these hold it now (they act on it at this stage).
CURRENT_HOLDERS = {"raising_holder", "receiving_holder"}


@dataclass(frozen=True)
class Rule:
    # case | case_action | admin | signed_in | own_account | public | redirect | api (a token's,
    # a 401 to any session) | api_missing (no such API address: a 404 for everyone)
    kind: str
    allowed: frozenset[str] = frozenset()


def case(allowed: set[str]) -> Rule:
    """A case page: `allowed` get it; everyone else a 404, as for a case that does not exist."""
    return Rule("case", frozenset(allowed))


def case_action(allowed: set[str]) -> Rule:
    """A page acting on a case: `allowed` get it (or a redirect after a POST); people who see the
    case but may not take this action get a 403 saying why; everyone else a 404."""
    return Rule("case_action", frozenset(allowed))


def admin(allowed: set[str]) -> Rule:
    return Rule("admin", frozenset(allowed))


SIGNED_IN = Rule("signed_in")
OWN_ACCOUNT = Rule("own_account")
PUBLIC = Rule("public")

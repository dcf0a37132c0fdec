"""The access matrix's rules for the API (`/api/v1/`) and the API tokens page.

The matrix asks with a session: the API takes only tokens, so every operation is a 401 to every
session, signed in or not (`tests/access/test_api_matrix.py` asks each operation with each kind
of person's token). The schema and the reference page are public; the tokens page is the
person's own."""

from ..helpers import World
from ..rule_kinds import OWN_ACCOUNT, PUBLIC, Rule

TOKEN_OPERATIONS = [
    "api:token",
    "api:cases",
    "api:partnership-cases",
    "api:case-detail",
    "api:case-respond",
    "api:case-complete-step",
    "api:case-escalate",
    "api:case-resolve",
    "api:case-withdraw",
    "api:case-set-deadline",
    "api:case-refer",
    "api:case-close",
    "api:partnership-board",
]

RULES: dict[str, Rule] = {
    "api:schema": PUBLIC,
    "api:reference": PUBLIC,
    **dict.fromkeys(TOKEN_OPERATIONS, Rule("api")),
    "api:not-found": Rule("api_missing"),
    "api-not-found": Rule("api_missing"),
    "api-tokens": OWN_ACCOUNT,
    "api-token-add": OWN_ACCOUNT,
    "api-token-revoke": OWN_ACCOUNT,  # another's token, or none: a 404 like none
}


def values(world: World) -> dict[str, object]:
    return {"token_id": 1, "rest": "no-such/"}

"""The access matrix's rules for the API (`/api/v1/`) and the API tokens page.

The matrix asks with a session: the API takes only tokens, so every operation is a 401 to every
session, signed in or not (`tests/access/test_api_matrix.py` asks each operation with each kind
of person's token). The schema, the reference page and the token endpoint (a system's client id
and secret are its credential) are public; the tokens page is the person's own; the API clients
pages are the partnership administrators'."""

from accord.accounts.models import Agency
from accord.api.clients import register_client
from accord.api.models import ApiClient

from ..helpers import World
from ..rule_kinds import ANY_ADMINISTRATOR, HOME_ADMINISTRATOR, OWN_ACCOUNT, PUBLIC, Rule, admin

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
    "api:case-forms",
    "api:case-form",
    "api:case-sign-off",
    "api:case-set-fact",
    "api:case-add-task",
    "api:case-complete-task",
    "api:case-record-meeting",
    "api:case-plan-meeting",
    "api:case-meeting-held",
    "api:case-move-meeting",
    "api:case-cancel-meeting",
    "api:case-advice",
    "api:case-take-over",
    "api:case-panel",
    "api:case-debrief",
    "api:partnership-board",
]

RULES: dict[str, Rule] = {
    "api:schema": PUBLIC,
    "api:reference": PUBLIC,
    "api:oauth-token": PUBLIC,
    **dict.fromkeys(TOKEN_OPERATIONS, Rule("api")),
    "api:not-found": Rule("api_missing"),
    "api-not-found": Rule("api_missing"),
    "api-tokens": OWN_ACCOUNT,
    "api-token-add": OWN_ACCOUNT,
    "api-token-revoke": OWN_ACCOUNT,  # another's token, or none: a 404 like none
    "api-clients": admin(ANY_ADMINISTRATOR),
    "api-client-add": admin(ANY_ADMINISTRATOR),
    "api-client-revoke": admin(HOME_ADMINISTRATOR),
}


def values(world: World) -> dict[str, object]:
    """`client_id`: the system of an agency of the home partnership, registered once."""
    agency = Agency.objects.filter(home_partnership=world.home).order_by("pk").first()
    assert agency is not None
    found = ApiClient.objects.filter(agency=agency).first()
    client = (
        found
        or register_client(
            actor=world["administrator"],
            agency=agency,
            name="Case system",
            scope="read",
            now=world.case.last_event_at,
        ).client
    )
    return {"token_id": 1, "rest": "no-such/", "client_id": client.pk}

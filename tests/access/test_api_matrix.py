"""The access matrix of the API: every operation of the published schema, as every kind of
person around one case, with their read-write token, and with a read-only token.

The operations come from the schema itself (`/api/v1/schema/`), so a new one cannot be
forgotten: one this file does not classify fails. Each is held to its page's rule in the pages'
matrix (`SAME_AS_PAGE`):
a case the caller may not see is a 404, as for no case; an action the caller sees the case
for but may not take is a 403; a read-only token may not write (403). Every refusal is problem
details, and nothing is a server error. Each request runs in a transaction rolled back after.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.api.helpers import token_for

from .helpers import World, build_world
from .rule_kinds import CURRENT_HOLDERS, HOME_OVERSIGHT, KINDS, PUBLIC, Rule, admin
from .rules.case_ending import values as case_ending_values
from .rules.documents import values as form_record
from .test_matrix import RULES as PAGE_RULES
from .test_matrix import SIGNED_IN, verdict

pytestmark = pytest.mark.django_db

# The people of an agency raise disagreements; partnership staff (of no agency) may not.
OF_AN_AGENCY = {
    "raiser", "receiving_holder_1", "raising_holder", "receiving_holder", "manager_up_chain",
    "colleague_same_agency", "unrelated_agency_person", "lead_involved_agency",
    "lead_other_agency",
}  # fmt: skip

# Each operation is asked as its page is: the same rule (`test_matrix.RULES`).
SAME_AS_PAGE = {
    "read_case": "web:case-detail",
    "list_my_cases": "web:cases-all",
    "list_partnership_cases": "web:partnership-cases",
    "respond": "web:case-respond",
    "complete_step": "web:case-complete-step",
    "escalate": "web:case-escalate",
    "resolve": "web:case-resolve",
    "withdraw": "web:case-withdraw",
    "set_deadline": "web:case-set-deadline",
    "refer": "web:case-refer",
    "close": "web:case-close",
    "list_case_forms": "web:case-forms",
    "read_case_form": "web:case-form",
    "complete_form": "web:case-form",
    "sign_off": "web:case-sign-off",  # side=raising, as the page's
    "set_fact": "web:case-set-fact",
    "add_task": "web:case-task-add",
    "complete_task": "web:case-task-complete",
    "record_meeting": "web:case-meeting-add",
    "plan_meeting": "web:case-meeting-plan",
    "record_planned_meeting": "web:case-meeting-held",
    "move_meeting": "web:case-meeting-move",
    "cancel_meeting": "web:case-meeting-cancel",
    "record_advice": "web:case-advice",
    "take_over": "web:case-take-over",
    "convene_panel": "web:case-panel",
    "record_debrief": "web:case-debrief",
}
RULES: dict[str, Rule] = {
    "issue_system_token": PUBLIC,  # takes no token: tests/api/test_systems.py
    "read_token": SIGNED_IN,
    "raise_case": admin(OF_AN_AGENCY),  # the others: 403
    "read_board": admin(HOME_OVERSIGHT | {"panel_member"}),  # the home partnership's staff
    **{operation: PAGE_RULES[page] for operation, page in SAME_AS_PAGE.items()},
}


def operations(client: Client) -> list[tuple[str, str, str]]:
    """(operationId, method, path) of every operation of the served schema."""
    schema = json.loads(client.get("/api/v1/schema/").content)
    return [
        (operation["operationId"], method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def ask(token: str, method: str, url: str) -> Any:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "matrix"}
    with transaction.atomic():
        client = Client()
        if method == "GET":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, "{}", content_type="application/json", headers=headers)
        transaction.set_rollback(True)
    return response


def _check(world: World, kind: str, token: str, *, read_only: bool = False) -> list[str]:
    wrong = []
    # the pages' task, planned meeting, side and form record
    on_the_case = case_ending_values(world) | form_record(world)
    for operation, method, path in operations(Client()):
        assert operation in RULES, f"add the API operation {operation} to the API matrix"
        url = path.replace("{reference}", world.case.reference)
        url = url.replace("{partnership_id}", str(world.home.pk))
        for name, value in on_the_case.items():
            url = url.replace(f"{{{name}}}", str(value))
        response = ask(token, method, url)
        status = response.status_code
        if read_only and method != "GET" and RULES[operation] is not PUBLIC:
            problem = None if status == 403 else f"answered {status} to a read-only token"
        else:
            problem = verdict(RULES[operation], kind, status, "")
        if status >= 400 and response.headers["Content-Type"] != "application/problem+json":
            problem = problem or "a refusal that is not problem details"
        if problem:
            wrong.append(f"{kind}: {method} {url} [{operation}] {status}: {problem}")
    return wrong


def test_every_operation_as_every_kind_of_person() -> None:
    world = build_world()
    wrong: list[str] = []
    for kind in KINDS:
        wrong += _check(world, kind, token_for(world[kind]))
    assert not wrong, "\n".join(wrong)


def test_a_read_only_token_writes_nothing_for_anyone() -> None:
    world = build_world()
    wrong: list[str] = []
    for kind in sorted(CURRENT_HOLDERS | {"raiser", "business_manager"}):
        wrong += _check(world, kind, token_for(world[kind], "read"), read_only=True)
    assert not wrong, "\n".join(wrong)

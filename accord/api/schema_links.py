"""The OpenAPI links between the API's operations (a drf-spectacular post-processing hook): from
a case as raised, read or acted on, and from a list's first row, to reading the case and to each
action on it by its `reference`, with the case's `seen` sent back in the action's body; from a
case to its form records and on to reading and completing one (with its `revision`)."""

from __future__ import annotations

import re
from typing import Any

READ = "read_case"
RAISE = "raise_case"
LISTS = ("list_my_cases", "list_partnership_cases")
LIST_FORMS, READ_FORM, COMPLETE_FORM = "list_case_forms", "read_case_form", "complete_form"
SIGN_OFF, SIDES = "sign_off", ("raising", "receiving")


# The path's other values an action takes, from the case it acts on: its first task, its first
# planned meeting (a side is the caller's choice: sign-off gets its own links, taking over none).
FROM_CASE = {"task_id": "/tasks/0/id", "planned_id": "/planned_meetings/0/id"}


def _actions(schema: dict[str, Any]) -> list[str]:
    """The operations that act on a case from the case itself: a POST under
    `/cases/{reference}/` whose other path values the case gives (`FROM_CASE`). A form record
    is reached through the case's list of them; sign-off, which names a side, has its own."""
    return sorted(
        operation["operationId"]
        for path, item in schema.get("paths", {}).items()
        if path.startswith("/api/v1/cases/{reference}/") and path != "/api/v1/cases/{reference}/"
        if set(re.findall(r"{(\w+)}", path)) <= {"reference", *FROM_CASE}
        for method, operation in item.items()
        if method == "post"
    )


def _path_values(schema: dict[str, Any]) -> dict[str, list[str]]:
    """The path parameters beside `reference` of each operation under `/cases/{reference}/`."""
    return {
        operation["operationId"]: [
            p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"
        ]
        for path, item in schema.get("paths", {}).items()
        if path.startswith("/api/v1/cases/{reference}/")
        for method, operation in item.items()
        if method == "post"
    }


def _from_case(actions: list[str], body: str, values: dict[str, list[str]]) -> dict[str, Any]:
    """Links from a response whose body (at JSON pointer `body`) is a case."""
    reference = f"$response.body#{body}/reference"
    links: dict[str, Any] = {
        "ReadCase": {
            "operationId": READ,
            "parameters": {"reference": reference},
            "description": "Read the case again.",
        }
    }
    for action in actions:
        name = "".join(word.title() for word in action.split("_"))
        links[name] = {
            "operationId": action,
            "parameters": {
                "reference": reference,
                **{
                    name: f"$response.body#{body}{FROM_CASE[name]}"
                    for name in values.get(action, [])
                    if name in FROM_CASE
                },
            },
            "requestBody": {"seen": f"$response.body#{body}/seen"},
            "description": "Act on the case, sending back its `seen`.",
        }
    return links | _forms_and_signing(reference, body)


def _forms_and_signing(reference: str, body: str) -> dict[str, Any]:
    """From a case to its form records and to signing off for each side."""
    links: dict[str, Any] = {
        "ListCaseForms": {
            "operationId": LIST_FORMS,
            "parameters": {"reference": reference},
            "description": "The case's form records.",
        }
    }
    for side in SIDES:
        links[f"SignOff{side.title()}"] = {
            "operationId": SIGN_OFF,
            "parameters": {"reference": reference, "side": side},
            "requestBody": {"seen": f"$response.body#{body}/seen", "confirmed": True},
            "description": f"Sign off the outcome for the {side} side, sending back its `seen`.",
        }
    return links


def _form_links() -> tuple[dict[str, Any], dict[str, Any]]:
    """From a list of form records to its first, and from a record to reading and completing
    it (sending back its `revision`)."""
    first = {
        "ReadFirstForm": {
            "operationId": READ_FORM,
            "parameters": {
                "reference": "$request.path.reference",
                "form_id": "$response.body#/results/0/id",
            },
            "description": "Read the case's first form record.",
        }
    }
    record = {"reference": "$response.body#/case", "form_id": "$response.body#/id"}
    to_record = {
        "ReadForm": {
            "operationId": READ_FORM,
            "parameters": record,
            "description": "Read the record again.",
        },
        "CompleteForm": {
            "operationId": COMPLETE_FORM,
            "parameters": record,
            "requestBody": {"revision": "$response.body#/revision", "action": "save"},
            "description": "Save the record's answers, sending back its `revision`.",
        },
    }
    return first, to_record


def add_links(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular's `POSTPROCESSING_HOOKS` entry: `links` on the responses that give a
    case (raise, read, every action) or a page of cases (to read its first row)."""
    actions = _actions(result)
    to_case = _from_case(actions, "", _path_values(result))
    from_list = {
        "ReadFirstCase": {
            "operationId": READ,
            "parameters": {"reference": "$response.body#/results/0/reference"},
            "description": "Read the page's first case.",
        }
    }
    first_form, to_form = _form_links()
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            op_id = operation.get("operationId")
            responses = operation.get("responses", {})
            if op_id in (READ, RAISE, SIGN_OFF, *actions):
                for code in ("200", "201"):
                    if code in responses:
                        responses[code]["links"] = to_case
            elif op_id in LISTS and "200" in responses:
                responses["200"]["links"] = from_list
            elif op_id == LIST_FORMS and "200" in responses:
                responses["200"]["links"] = first_form
            elif op_id in (READ_FORM, COMPLETE_FORM) and "200" in responses:
                responses["200"]["links"] = to_form
    return result

"""The OpenAPI links between the API's operations (a drf-spectacular post-processing hook): from
a case as raised, read or acted on, and from a list's first row, to reading the case and to each
action on it by its `reference`, with the case's `seen` sent back in the action's body."""

from __future__ import annotations

from typing import Any

READ = "read_case"
RAISE = "raise_case"
LISTS = ("list_my_cases", "list_partnership_cases")


def _actions(schema: dict[str, Any]) -> list[str]:
    """The operations that act on a case: a POST under `/cases/{reference}/`."""
    return sorted(
        operation["operationId"]
        for path, item in schema.get("paths", {}).items()
        if path.startswith("/api/v1/cases/{reference}/") and path != "/api/v1/cases/{reference}/"
        for method, operation in item.items()
        if method == "post"
    )


# The path's other values an action takes, from the case it acts on: its first task, its first
# planned meeting (a side is the caller's choice: not linked).
FROM_CASE = {"task_id": "/tasks/0/id", "planned_id": "/planned_meetings/0/id"}


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
    return links


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
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            op_id = operation.get("operationId")
            responses = operation.get("responses", {})
            if op_id in (READ, RAISE, *actions):
                for code in ("200", "201"):
                    if code in responses:
                        responses[code]["links"] = to_case
            elif op_id in LISTS and "200" in responses:
                responses["200"]["links"] = from_list
    return result

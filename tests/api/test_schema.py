"""The published contract: the OpenAPI 3.1 schema validates (drf-spectacular's validation,
warnings failing), is served at /api/v1/schema/ without a token, the reference page lists every
operation and problem type, and real responses match the schema's shapes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from jsonschema import Draft202012Validator

from accord.api.problems import TYPES
from accord.notifications.models import WebhookEvent
from tests.factories import RAISED_AT, OpenCaseFactory, holder

from .helpers import api_as

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_raising() -> Iterator[None]:
    with time_machine.travel(RAISED_AT + timedelta(hours=2), tick=False):
        yield


def served() -> dict[str, Any]:
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema: dict[str, Any] = json.loads(response.content)
    return schema


def test_the_schema_validates_as_openapi_3_1_with_no_warnings(tmp_path: Any) -> None:
    out = tmp_path / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json",
        "--file", str(out), stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    written = json.loads(out.read_text())
    assert written["openapi"] == "3.1.0"
    assert served() == written
    operations = {op["operationId"] for item in written["paths"].values() for op in item.values()}
    assert operations == {
        "read_token", "list_my_cases", "raise_case", "read_case", "respond",
        "list_partnership_cases", "complete_step", "escalate", "resolve", "withdraw",
        "set_deadline", "refer", "close", "read_board", "issue_system_token",
        "list_case_forms", "read_case_form", "complete_form", "sign_off",
    } | {
        "set_fact", "add_task", "complete_task", "record_meeting", "plan_meeting",
        "record_planned_meeting", "move_meeting", "cancel_meeting", "record_advice",
        "take_over", "convene_panel", "record_debrief",
    }  # fmt: skip
    schemes = written["components"]["securitySchemes"]
    assert schemes["personalToken"]["scheme"] == "bearer"
    assert schemes["agencySystem"]["flows"]["clientCredentials"]["tokenUrl"] == (
        "/api/v1/oauth/token"
    )


def test_the_reference_page_lists_every_operation_and_problem() -> None:
    page = Client().get("/api/v1/reference/")
    assert page.status_code == 200
    text = page.content.decode()
    for path, item in served()["paths"].items():
        for method, operation in item.items():
            assert f'id="{operation["operationId"]}"' in text
            assert f"{method.upper()} <code>{path}</code>" in text
    for slug in TYPES:
        assert f'id="problem-{slug}"' in text
    assert '<script src="http' not in text
    assert "cdn" not in text.lower()


def _validate(schema: dict[str, Any], component: str, body: Any) -> None:
    root = {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    errors = list(Draft202012Validator(root).iter_errors(body))
    assert not errors, [e.message for e in errors]


def test_responses_match_the_schema() -> None:
    schema = served()
    case = OpenCaseFactory()
    api = api_as(holder(case))
    _validate(schema, "CaseOut", api.get(f"/api/v1/cases/{case.reference}/").json())
    _validate(schema, "CasePage", api.get("/api/v1/cases/").json())
    _validate(schema, "TokenOut", api.get("/api/v1/token/").json())
    with pytest.raises(AssertionError):  # the check can fail
        _validate(schema, "CaseOut", {"reference": 1})


# The actions on a task or a planned meeting take the case's first one.
FROM_CASE = {
    "complete_task": {"task_id": "$response.body#/tasks/0/id"},
    **{
        operation: {"planned_id": "$response.body#/planned_meetings/0/id"}
        for operation in ("record_planned_meeting", "move_meeting", "cancel_meeting")
    },
}


def test_a_case_links_to_reading_it_and_to_every_action_with_its_seen() -> None:
    """The schema's links, which the contract tests' sequences follow: from a case raised, read
    or acted on, and from a list's first row."""
    schema = served()
    operations = {
        op["operationId"]: op for item in schema["paths"].values() for op in item.values()
    }
    acting = {  # by the case's reference, and its first task or planned meeting
        op["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/cases/{reference}/") and path != "/api/v1/cases/{reference}/"
        if set(re.findall(r"{(\w+)}", path)) <= {"reference", "task_id", "planned_id"}
        for method, op in item.items()
        if method == "post"
    }
    assert "respond" in acting
    for source, code in [("raise_case", "201"), ("raise_case", "200"), ("read_case", "200"),
                         ("sign_off", "200"), *((action, "200") for action in acting)]:  # fmt: skip
        links = operations[source]["responses"][code]["links"]
        assert {link["operationId"] for link in links.values()} == {
            "read_case", "list_case_forms", "sign_off", *acting,
        }  # fmt: skip
        for link in links.values():
            if link["operationId"] == "sign_off":
                assert link["parameters"]["side"] in {"raising", "receiving"}
                assert link["requestBody"] == {"seen": "$response.body#/seen", "confirmed": True}
                continue
            assert link["parameters"] == {
                "reference": "$response.body#/reference",
                **FROM_CASE.get(link["operationId"], {}),
            }
            if link["operationId"] not in {"read_case", "list_case_forms"}:
                assert link["requestBody"] == {"seen": "$response.body#/seen"}
    for listing in ("list_my_cases", "list_partnership_cases"):
        (link,) = operations[listing]["responses"]["200"]["links"].values()
        assert link == {
            "operationId": "read_case",
            "parameters": {"reference": "$response.body#/results/0/reference"},
            "description": "Read the page's first case.",
        }
    assert "links" not in operations["read_token"]["responses"]["200"]


def test_the_schema_publishes_each_webhook_with_its_headers_and_body() -> None:
    """Every event type Accord posts (decision 32) is a webhook of the schema: its Standard
    Webhooks headers, how to verify the signature, and its body, whose `type` is its own."""
    schema = served()
    assert set(schema["webhooks"]) == set(WebhookEvent.values)
    for name, item in schema["webhooks"].items():
        operation = item["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}
        assert all(p["required"] for p in operation["parameters"])
        assert "{webhook-id}.{webhook-timestamp}.{body}" in operation["description"]
        assert "2XX" in operation["responses"]
        shape = operation["requestBody"]["content"]["application/json"]["schema"]
        body = {
            "type": name,
            "timestamp": "2027-01-20T10:00:00+00:00",
            "data": {
                "reference": "ACC-2027-00042",
                "stage": 2,
                "status": "open",
                "url": "https://accord.example.org/api/v1/cases/ACC-2027-00042/",
                "deadline": "stage:2",
            },
        }
        root = {**shape, "components": schema["components"]}
        assert not list(Draft202012Validator(root).iter_errors(body))
        for wrong in ({**body, "type": "case.other"}, {**body, "data": {"stage": 2}}):
            assert list(Draft202012Validator(root).iter_errors(wrong))
    deadline = schema["webhooks"]["case.deadline_breached"]["post"]["requestBody"]
    assert "DeadlineEvent" in json.dumps(deadline)


def test_the_reference_page_shows_the_webhooks() -> None:
    text = Client().get("/api/v1/reference/").content.decode()
    for name, item in served()["webhooks"].items():
        assert f'id="{item["post"]["operationId"]}"' in text
        assert f"<code>{name}</code>" in text
    assert "<code>webhook-signature</code>" in text
    assert "HMAC-SHA256" in text


def test_form_records_link_to_reading_and_completing_them_with_their_revision() -> None:
    operations = {
        op["operationId"]: op for item in served()["paths"].values() for op in item.values()
    }
    (first,) = operations["list_case_forms"]["responses"]["200"]["links"].values()
    assert first["operationId"] == "read_case_form"
    assert first["parameters"]["form_id"] == "$response.body#/results/0/id"
    for source in ("read_case_form", "complete_form"):
        links = operations[source]["responses"]["200"]["links"]
        assert {link["operationId"] for link in links.values()} == {
            "read_case_form", "complete_form",
        }  # fmt: skip
        assert links["CompleteForm"]["requestBody"]["revision"] == "$response.body#/revision"

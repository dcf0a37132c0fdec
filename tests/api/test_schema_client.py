"""A client written only from the published schema raises a case and answers it, against a live
Accord: it knows operation ids, finds each operation's method and path, its header parameters
and its body's required fields in `/api/v1/schema/`, follows the `href` a case gives for an
action, and checks every answer against the schema's response for its status and media type."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.web.test_raise_journey import world

from .helpers import token_for
from .test_raising import body as raise_body


class SchemaClient:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        with urllib.request.urlopen(f"{base}/api/v1/schema/") as answer:  # noqa: S310 - the test's server
            self.schema: dict[str, Any] = json.load(answer)
        self.operations = {
            operation["operationId"]: (method.upper(), path, operation)
            for path, item in self.schema["paths"].items()
            for method, operation in item.items()
        }

    def body_fields(self, operation_id: str) -> tuple[set[str], set[str]]:
        """The operation's body fields, and those required."""
        content = self.operations[operation_id][2]["requestBody"]["content"]["application/json"]
        name = content["schema"]["$ref"].rsplit("/", 1)[1]
        body = self.schema["components"]["schemas"][name]
        return set(body["properties"]), set(body.get("required", []))

    def call(
        self,
        operation_id: str,
        *,
        path: str | None = None,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **params: str,
    ) -> tuple[int, Any]:
        method, template, operation = self.operations[operation_id]
        for wanted in operation.get("parameters", []):
            if wanted["in"] == "header" and wanted.get("required"):
                assert wanted["name"] in (headers or {}), f"{operation_id} needs {wanted['name']}"
        if body is not None:
            fields, required = self.body_fields(operation_id)
            assert set(body) <= fields, set(body) - fields
            assert required <= set(body), required - set(body)
        url = self.base + (path or template.format(**params))
        request = urllib.request.Request(  # noqa: S310 - the test's server
            url,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request) as answer:  # noqa: S310
                status, media, data = answer.status, answer.headers["Content-Type"], answer.read()
        except urllib.error.HTTPError as error:
            status, media, data = error.code, error.headers["Content-Type"], error.read()
        documented = operation["responses"].get(str(status))
        assert documented is not None, f"{operation_id} answered {status}, not in the schema"
        assert media in documented["content"], f"{operation_id} {status}: {media}"
        shape = documented["content"][media]["schema"]
        parsed = json.loads(data)
        root = {**shape, "components": self.schema["components"]}
        errors = [e.message for e in Draft202012Validator(root).iter_errors(parsed)]
        assert not errors, f"{operation_id} {status}: {errors}"
        return status, parsed


@pytest.mark.django_db(transaction=True)
def test_a_client_from_the_schema_raises_and_answers_a_case(live_server: Any) -> None:
    w = world()
    raiser = SchemaClient(live_server.url, token_for(w.raiser))
    receiver = SchemaClient(live_server.url, token_for(w.social_worker))
    key = {"Idempotency-Key": "from-the-schema"}
    status, problem = raiser.call("raise_case", body={"decision": ""}, headers=key)
    assert status == 422
    assert problem["errors"]
    status, case = raiser.call("raise_case", body=raise_body(w), headers=key)
    assert status == 201
    again, same = raiser.call("raise_case", body=raise_body(w), headers=key)
    assert (again, same["reference"]) == (200, case["reference"])
    status, waiting = receiver.call("list_my_cases", path="/api/v1/cases/?queue=needs_action")
    assert [row["reference"] for row in waiting["results"]] == [case["reference"]]
    status, read = receiver.call("read_case", reference=case["reference"])
    respond = next(a for a in read["actions"] if a["action"] == "respond")
    answer = {"seen": read["seen"], "position": "disagree", "note": "We stand by it."}
    status, after = receiver.call("respond", path=respond["href"], body=answer)
    assert status == 200
    assert "respond" not in {a["action"] for a in after["actions"]}
    status, _ = receiver.call("respond", path=respond["href"], body=answer)
    assert status == 409  # the same answer again: the case has moved on
    status, _ = raiser.call("respond", reference=case["reference"], body=answer)
    assert status in {403, 409}

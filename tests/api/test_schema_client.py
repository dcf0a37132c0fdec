"""A client written only from the published schema raises a case, answers it and receives the
webhooks, against a live Accord: it knows operation ids, finds each operation's method and path,
its header parameters and its body's required fields in `/api/v1/schema/`, follows the `href` a
case gives for an action, and checks every answer against the schema's response for its status
and media type. Each agency's system, given only its endpoint's secret (shown once on the page
where the administrator adds the endpoint), checks every webhook post it receives against the
schema's `webhooks`: its headers, its signature by the scheme the schema describes, its body
against its event's body schema; then reads the case by the reference in it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.request
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from jsonschema import Draft202012Validator

from tests.access.helpers import signed_in
from tests.factories import PartnershipRoleFactory
from tests.notifications.webhook_receiver import Post, receiving
from tests.web.test_raise_journey import World, world

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
        errors = self.errors(shape, parsed)
        assert not errors, f"{operation_id} {status}: {errors}"
        return status, parsed

    def errors(self, shape: dict[str, Any], value: Any) -> list[str]:
        """How `value` fails the schema's `shape` (none: it conforms)."""
        root = {**shape, "components": self.schema["components"]}
        return [e.message for e in Draft202012Validator(root).iter_errors(value)]

    def received(self, secret: str, post: Post) -> dict[str, Any]:
        """A webhook post checked as the schema's `webhooks` describe it: every header it
        requires, matching its schema; the signature, as its description says (the key is the
        base64 after `whsec_`; HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`; any
        of the space-separated `v1,` signatures; the timestamp within five minutes); the body
        against its event's body schema. The event, parsed."""
        event = json.loads(post.body)
        operation = self.schema["webhooks"][event["type"]]["post"]
        assert "HMAC-SHA256" in operation["description"]
        for header in operation["parameters"]:
            assert header["in"] == "header"
            assert header["required"]
            value = post.headers[header["name"]]
            assert not self.errors(header["schema"], value), (header["name"], value)
        timestamp = post.headers["webhook-timestamp"]
        assert abs(time.time() - int(timestamp)) <= 5 * 60
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signed = f"{post.headers['webhook-id']}.{timestamp}.".encode() + post.body
        mine = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        given = [s.partition(",") for s in post.headers["webhook-signature"].split(" ")]
        assert any(v == "v1" and hmac.compare_digest(mine, sig) for v, _, sig in given)
        shape = operation["requestBody"]["content"][post.headers["content-type"]]["schema"]
        assert not self.errors(shape, event), self.errors(shape, event)
        return event  # type: ignore[no-any-return]


def add_endpoint(w: World, agency_id: int, url: str, events: list[str]) -> str:
    """The partnership's administrator adds an endpoint on the webhooks page, as they would in
    the browser: the signing secret the page shows once, which they pass on to the system."""
    admin = PartnershipRoleFactory(partnership=w.partnership, role="administrator").person
    page = signed_in(admin).post(
        reverse("web:manage-webhook-add", args=[w.partnership.pk]),
        {"agency": agency_id, "name": "Case system", "url": url, "events": events},
    )
    assert page.status_code == 200
    found = re.search(r'data-testid="webhook-secret">(whsec_[A-Za-z0-9+/=]+)<', page.text)
    assert found is not None, page.text
    return found.group(1)


def deliver() -> None:
    """The task worker posts every delivery waiting (as in production: tasks enqueued when the
    API's writes committed)."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_client_from_the_schema_raises_and_answers_a_case_and_hears_of_it(
    live_server: Any,
) -> None:
    w = world()
    raiser = SchemaClient(live_server.url, token_for(w.raiser))
    receiver = SchemaClient(live_server.url, token_for(w.social_worker))
    with receiving() as systems:
        events = sorted(raiser.schema["webhooks"])
        secrets = {
            "/school": add_endpoint(w, w.school.pk, systems.url("/school"), events),
            "/social-care": add_endpoint(w, w.social_care.pk, systems.url("/social-care"), events),
        }
        case = raise_and_answer(w, raiser, receiver)
        deliver()
        deliver()  # nothing more: each was delivered once
    clients = {"/school": raiser, "/social-care": receiver}
    heard: dict[str, list[str]] = {"/school": [], "/social-care": []}
    for post in systems.posts:
        client = clients[post.path]
        event = client.received(secrets[post.path], post)
        assert "Zebedee" not in post.body.decode()  # the child is never in a post
        heard[post.path].append(event["type"])
        others = {p.headers["webhook-id"] for p in systems.posts if p is not post}
        assert post.headers["webhook-id"] not in others
        data = event["data"]
        status, read = client.call("read_case", reference=data["reference"])
        assert (status, read["reference"]) == (200, case["reference"])
        assert data["url"].endswith(f"/api/v1/cases/{case['reference']}/")
        assert data["stage"] == read["stage"]["number"]
        wrong = "case.closed" if event["type"] != "case.closed" else "case.raised"
        other = client.schema["webhooks"][wrong]["post"]["requestBody"]["content"]
        assert client.errors(other["application/json"]["schema"], event)  # each its own type
    for types in heard.values():
        assert sorted(t for t in types if "deadline" not in t) == ["case.raised", "case.responded"]
        # and, by the time of day, the response's deadline of one working day due soon (at
        # 09:00 the day before): each deadline event checked against its own body schema above
        assert set(types) <= {"case.raised", "case.responded", "case.deadline_due_soon"}
    to_social_care = next(p for p in systems.posts if p.path == "/social-care")
    with pytest.raises(AssertionError):  # signed with another endpoint's secret
        receiver.received(secrets["/school"], to_social_care)


def raise_and_answer(w: World, raiser: SchemaClient, receiver: SchemaClient) -> dict[str, Any]:
    """The raising side's system raises a case; the receiving side's finds it and responds."""
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
    return case

"""The webhooks Accord posts, published in the OpenAPI schema's top-level `webhooks` (decision
32): one per event type (`WebhookEvent`), each with its JSON body and the Standard Webhooks
headers, and how to verify the signature. drf-spectacular's `WEBHOOKS` setting lists them;
`add_webhook_headers` (a post-processing hook) adds the headers, which its webhooks cannot
declare, and pins each body's `type` to its event.

The body itself is written by `accord.cases.webhooks`; tests/api/test_schema_client.py holds
what it posts to these shapes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema
from rest_framework import serializers

from accord.cases.models import CaseStatus
from accord.notifications.models import WebhookEvent

VERIFYING = (
    "Signed as Standard Webhooks (https://www.standardwebhooks.com/) says. To verify a post: "
    "take the secret shown once when the endpoint was added (`whsec_` and base64) and "
    "base64-decode what follows `whsec_`: that is the key. Sign "
    "`{webhook-id}.{webhook-timestamp}.{body}` (the body's bytes exactly as received, before "
    "parsing) with HMAC-SHA256 under that key and base64-encode the result. `webhook-signature` "
    "holds one or more space-separated signatures, each `v1,` and such a base64 value: accept "
    "the post if any `v1` one equals yours (compare in constant time), and refuse a "
    "`webhook-timestamp` more than five minutes from your clock. A retry carries the same "
    "`webhook-id`: do each only once. Answer any 2xx within 10 seconds; anything else is retried "
    "with back-off for 72 hours."
)

HEADERS: list[dict[str, Any]] = [
    {
        "name": "webhook-id",
        "in": "header",
        "required": True,
        "description": "The delivery's id, the same on every attempt: do each delivery once.",
        "schema": {"type": "string", "pattern": "^msg_[0-9a-f]{32}$"},
    },
    {
        "name": "webhook-timestamp",
        "in": "header",
        "required": True,
        "description": "When this attempt was made, in seconds since 1970 (UTC). Part of what "
        "is signed: refuse one more than five minutes from your clock.",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    },
    {
        "name": "webhook-signature",
        "in": "header",
        "required": True,
        "description": "One or more space-separated `v1,<base64 HMAC-SHA256>` signatures of "
        "`{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded secret after "
        "`whsec_`. Accept the post if any matches.",
        "schema": {"type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$"},
    },
]


class CaseEventData(serializers.Serializer[Any]):
    reference = serializers.CharField(
        help_text="The case's reference: read it with `read_case` (or `url`)."
    )
    stage = serializers.IntegerField(min_value=1, help_text="The case's stage when it happened.")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    url = serializers.URLField(help_text="The API's address of the case.")


class DeadlineEventData(CaseEventData):
    deadline = serializers.CharField(
        help_text="The policy's id for the deadline: `stage:1`, `stage:2/step:meeting`."
    )


class CaseEvent(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=WebhookEvent.choices, help_text="The event.")
    timestamp = serializers.DateTimeField(help_text="When it happened.")
    # A field named as the body's member (DRF's metaclass takes it out of the class, so the
    # serializer's own `data` is untouched; the stubs cannot see that).
    data = CaseEventData(  # type: ignore[assignment]
        help_text="Which case, and where it stands: nothing about who it is about."
    )


class DeadlineEvent(CaseEvent):
    data = DeadlineEventData(help_text="Which case and deadline: nothing about who it is about.")


WHEN = {
    WebhookEvent.RAISED: "A case your agency raised or received was raised.",
    WebhookEvent.RESPONDED: "The receiving side responded at a stage.",
    WebhookEvent.ESCALATED: "The case reached a new stage.",
    WebhookEvent.DEADLINE_DUE_SOON: "A dated deadline falls due on the next working day.",
    WebhookEvent.DEADLINE_BREACHED: "A dated deadline has passed, not done.",
    WebhookEvent.RESOLVED: "An outcome was recorded.",
    WebhookEvent.CLOSED: "The case was closed.",
}
DEADLINES = frozenset({WebhookEvent.DEADLINE_DUE_SOON, WebhookEvent.DEADLINE_BREACHED})


def operation_id(event: WebhookEvent) -> str:
    """`case.raised` -> `on_case_raised`."""
    return "on_" + event.value.replace(".", "_")


def _webhook(event: WebhookEvent) -> OpenApiWebhook:
    return OpenApiWebhook(
        name=event.value,
        decorator=extend_schema(
            operation_id=operation_id(event),
            summary=WHEN[event],
            description=f"Accord posts `{event.value}` to the endpoints that hear of it. "
            + VERIFYING,
            request=DeadlineEvent if event in DEADLINES else CaseEvent,
            responses={"2XX": OpenApiResponse(description="Received: Accord posts it no more.")},
        ),
    )


RAISED = _webhook(WebhookEvent.RAISED)
RESPONDED = _webhook(WebhookEvent.RESPONDED)
ESCALATED = _webhook(WebhookEvent.ESCALATED)
DEADLINE_DUE_SOON = _webhook(WebhookEvent.DEADLINE_DUE_SOON)
DEADLINE_BREACHED = _webhook(WebhookEvent.DEADLINE_BREACHED)
RESOLVED = _webhook(WebhookEvent.RESOLVED)
CLOSED = _webhook(WebhookEvent.CLOSED)


def add_webhook_headers(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """Each webhook's Standard Webhooks headers, and its body's `type` pinned to its event.

    Run before drf-spectacular's enum hook: the components are built before the webhooks'
    bodies are registered, so they are built again here, and their enums (the case status, the
    event type) become the shared components as everywhere else."""
    result["components"] = generator.registry.build(spectacular_settings.APPEND_COMPONENTS)
    for name, item in result.get("webhooks", {}).items():
        operation = item["post"]
        operation["parameters"] = [dict(header) for header in HEADERS]
        content = operation["requestBody"]["content"]["application/json"]
        content["schema"] = {
            "allOf": [content["schema"], {"properties": {"type": {"const": name}}}]
        }
    return result

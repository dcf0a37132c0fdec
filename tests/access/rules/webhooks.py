"""The access matrix's rules for webhooks (/manage/webhooks/...): any partnership administrator
opens the list; the home partnership's administrators add, rotate the secrets of, deactivate and
read its endpoints and send their deliveries again. `values` gives the matrix an endpoint of the
world's partnership with one given-up delivery."""

from __future__ import annotations

from accord.cases.webhooks import register_endpoint
from accord.notifications.models import OutboxStatus, WebhookDelivery, WebhookEndpoint

from ..helpers import World
from ..rule_kinds import ANY_ADMINISTRATOR, HOME_ADMINISTRATOR, Rule, admin

RULES: dict[str, Rule] = {
    "web:manage-webhooks": admin(ANY_ADMINISTRATOR),
    "web:manage-webhook-add": admin(HOME_ADMINISTRATOR),
    "web:manage-webhook-deliveries": admin(HOME_ADMINISTRATOR),
    "web:manage-webhook-rotate": admin(HOME_ADMINISTRATOR),
    "web:manage-webhook-deactivate": admin(HOME_ADMINISTRATOR),
    "web:manage-webhook-send-again": admin(HOME_ADMINISTRATOR),
}


def values(world: World) -> dict[str, object]:
    """`endpoint_id` and `delivery_id`: an endpoint of the world's case's raising agency, and a
    delivery to it that was given up (made once)."""
    case = world.case
    endpoint = WebhookEndpoint.objects.filter(partnership=case.partnership).first()
    if endpoint is None:
        endpoint = register_endpoint(
            actor=world["administrator"],
            partnership=case.partnership,
            agency=case.raising_agency,
            name="Case system",
            url="https://cms.example.org/accord",
            events=["case.escalated"],
            now=case.last_event_at,
        ).endpoint
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint).first()
    if delivery is None:
        delivery = WebhookDelivery.objects.create(
            key=f"{endpoint.pk}/{case.reference}/case.escalated/matrix",
            endpoint=endpoint,
            reference=case.reference,
            event="case.escalated",
            message_id="msg_matrix",
            body="{}",
            status=OutboxStatus.DEAD,
            attempts=3,
            last_error="The system answered 500",
            next_attempt_at=case.last_event_at,
            created_at=case.last_event_at,
            dead_at=case.last_event_at,
        )
    return {"endpoint_id": endpoint.pk, "delivery_id": delivery.pk}

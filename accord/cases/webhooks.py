"""Webhooks to agencies' systems (decision 32): which case notifications are which events, who
hears of them, the deliveries written in the case event's transaction, and the administrators'
writes (registering an endpoint, rotating its secret, deactivating it, sending a delivery
again).

A case event reaches an endpoint when the endpoint is active, subscribes to the event's type,
and its agency's system may see the case (`visibility.agency_system_sees`: the case is the
registering partnership's and the agency raised or received it). Deny by default: anything
else hears nothing. The body names the case by reference, with its stage, its status and the
API's address for it (and, for a deadline, the deadline's id in the policy): never who or what
the case is about. The receiver fetches the case through the API.

Deliveries are written by `record_webhooks`, called where case notifications are recorded
(`notifying.record_notifications`), in the same transaction; each is unique per endpoint and
event, so an action and a sweep, or two sweeps, write one.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from accord.accounts.models import AdminEvent, Agency, Person
from accord.accounts.rejections import AdminActionRejected
from accord.accounts.scope import administered
from accord.notifications import webhooks
from accord.notifications.inserts import insert_returning
from accord.notifications.models import (
    OutboxStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from accord.partnerships.models import Partnership
from accord.prepared_reads import PreparedRead
from accord.site_paths import path_to

from .models import Case, NotificationKind
from .notices import Notice
from .visibility import agency_system_sees

K = NotificationKind
# The notifications that are webhook events, and whether the event is once per case (True) or
# once per topic (a stage, a deadline). Several notifications of one happening (the holders'
# and the raiser's) make one event: the delivery's key leaves out the notification's kind.
EVENTS: dict[str, tuple[WebhookEvent, bool]] = {
    K.RAISED: (WebhookEvent.RAISED, True),
    K.RAISED_URGENT: (WebhookEvent.RAISED, True),
    K.RESPONDED: (WebhookEvent.RESPONDED, False),
    K.ESCALATED: (WebhookEvent.ESCALATED, False),
    K.DUE_SOON: (WebhookEvent.DEADLINE_DUE_SOON, False),
    K.STAGE_DUE_SOON: (WebhookEvent.DEADLINE_DUE_SOON, False),
    K.PASSED: (WebhookEvent.DEADLINE_BREACHED, False),
    K.STAGE_BREACHED: (WebhookEvent.DEADLINE_BREACHED, False),
    K.RESOLUTION: (WebhookEvent.RESOLVED, True),
    K.OUTCOME: (WebhookEvent.RESOLVED, True),
    K.CLOSED: (WebhookEvent.CLOSED, True),
}
DEADLINES = frozenset({WebhookEvent.DEADLINE_DUE_SOON, WebhookEvent.DEADLINE_BREACHED})
_PLACEHOLDER = "ACC-0000-00000"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def record_webhooks(rows: Sequence[Notice], *, cases: Mapping[int, Case], now: datetime) -> int:
    """Write, in the caller's transaction, a delivery for each endpoint that hears of the events
    of the notifications `rows` just recorded, and their tasks (seen by the worker when it
    commits). Returns how many were new. No query when none of `rows` is an event."""
    events = [(row, EVENTS[row.kind]) for row in rows if row.kind in EVENTS]
    if not events:
        return 0
    partnerships = {cases[row.case_id].partnership_id for row, _ in events}
    endpoints = _listening(partnerships)
    if not endpoints:
        return 0
    page = settings.ACCORD_BASE_URL + path_to("api:case-detail", _PLACEHOLDER)
    wanted: dict[str, WebhookDelivery] = {}
    for row, (event, once) in events:
        case = cases[row.case_id]
        place = "case" if once else f"{row.topic}/{row.number}"
        for endpoint in endpoints:
            if event.value not in endpoint.events or not agency_system_sees(
                case, partnership_id=endpoint.partnership_id, agency_id=endpoint.agency_id
            ):
                continue
            key = f"{endpoint.pk}/{case.reference}/{event.value}/{place}"
            if key not in wanted:
                wanted[key] = _delivery(key, endpoint, case, row, event, page=page, now=now)
    rows_in_order = [wanted[k] for k in sorted(wanted)]
    ids = [pk for (pk,) in insert_returning(WebhookDelivery, rows_in_order, ("id",))]
    webhooks.enqueue(ids)
    return len(ids)


type _Columns = tuple[int, int, int, list[str]]


class _Endpoint(NamedTuple):
    """What `record_webhooks` reads of an active endpoint."""

    pk: int
    partnership_id: int
    agency_id: int
    events: list[str]


def _active_endpoints(partnerships: Iterable[int]) -> QuerySet[WebhookEndpoint, _Columns]:
    return (
        WebhookEndpoint.objects.filter(active=True, partnership_id__in=partnerships)
        .order_by()
        .values_list("id", "partnership_id", "agency_id", "events")
    )


# One partnership's (each write that records an event): the query built once (`prepared_reads`;
# no partnership has the marker's id), not compiled by the ORM each time, most of its cost.
_ACTIVE_IN_ONE = PreparedRead(lambda pk: _active_endpoints([pk]), -7_310_592_654)


def _listening(partnerships: Collection[int]) -> list[_Endpoint]:
    """The active endpoints of `partnerships` (one query)."""
    if len(partnerships) == 1:
        rows = _ACTIVE_IN_ONE(*partnerships)
    else:
        rows = list(_active_endpoints(sorted(partnerships)))
    return [_Endpoint(*row) for row in rows]


def _delivery(
    key: str,
    endpoint: _Endpoint,
    case: Case,
    row: Notice,
    event: WebhookEvent,
    *,
    page: str,
    now: datetime,
) -> WebhookDelivery:
    data: dict[str, object] = {
        "reference": case.reference,
        "stage": case.stage,
        "status": case.status,
        "url": page.replace(_PLACEHOLDER, case.reference),
    }
    if event in DEADLINES:
        data["deadline"] = row.topic  # the policy's id for it (`stage:1/step:response`)
    body = {"type": event.value, "timestamp": row.due_at.isoformat(), "data": data}
    return WebhookDelivery(
        key=key,
        endpoint_id=endpoint.pk,
        reference=case.reference,
        event=event.value,
        message_id="msg_" + hashlib.sha256(key.encode()).hexdigest()[:32],
        body=json.dumps(body, separators=(",", ":"), sort_keys=True),
        next_attempt_at=now,
        created_at=now,
    )


# --- The administrators' writes ------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    """An endpoint just registered, with its secret: shown this once."""

    endpoint: WebhookEndpoint
    secret: str


def agencies_for(partnership: Partnership) -> Iterable[Agency]:
    """The agencies whose systems the partnership may register: its own and those serving it."""
    return (
        Agency.objects.filter(Q(home_partnership=partnership) | Q(serves=partnership))
        .distinct()
        .order_by("name", "pk")
    )


def check_url(url: str) -> str:
    """The address, or `AdminActionRejected` saying what is wrong with it: https, with a host
    and no user name or password in it; plain http only to this machine where
    `ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP` is on (tests, a developer's machine)."""
    url = url.strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise AdminActionRejected(
            gettext(
                "Enter the address in full, starting https://, like https://cms.example.org/accord"
            ),
            field="url",
        )
    if parts.username or parts.password:
        raise AdminActionRejected(
            gettext("Take the user name and password out of the address: posts are signed instead"),
            field="url",
        )
    if parts.scheme == "http" and not (
        settings.ACCORD_WEBHOOK_ALLOW_LOCAL_HTTP and host in LOCAL_HOSTS
    ):
        raise AdminActionRejected(gettext("The address must start https://"), field="url")
    if parts.scheme == "https" and _is_address(host) and not _is_public(host):
        raise AdminActionRejected(
            gettext("The address must be the system's public name, not a private network address"),
            field="url",
        )
    return url


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _is_public(host: str) -> bool:
    return ipaddress.ip_address(host).is_global


def _require_admin(actor: Person, partnership_id: int) -> None:
    if partnership_id not in administered(actor):
        raise AdminActionRejected(
            gettext("Only the partnership's administrators can change its webhooks")
        )


def _record(
    actor: Person,
    endpoint: WebhookEndpoint,
    kind: str,
    summary: str,
    now: datetime,
    **details: object,
) -> None:
    AdminEvent.objects.create(
        actor=actor,
        partnership_id=endpoint.partnership_id,
        at=now,
        kind=kind,
        target_agency_id=endpoint.agency_id,
        summary=summary[:300],
        details={"endpoint": endpoint.pk, **details},
    )


@transaction.atomic
def register_endpoint(
    *,
    actor: Person,
    partnership: Partnership,
    agency: Agency,
    name: str,
    url: str,
    events: Sequence[str],
    now: datetime,
) -> Registered:
    """Register an endpoint of `agency`'s system for the partnership, with a new secret."""
    _require_admin(actor, partnership.pk)
    if not any(a.pk == agency.pk for a in agencies_for(partnership)):
        raise AdminActionRejected(
            gettext("Choose an agency of the partnership, or one serving it"), field="agency"
        )
    name = name.strip()
    if not name:
        raise AdminActionRejected(gettext("Enter a name for the system"), field="name")
    url = check_url(url)
    chosen = [e for e in WebhookEvent.values if e in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise AdminActionRejected(gettext("Choose the events the system hears of"), field="events")
    secret = webhooks.new_secret()
    endpoint = WebhookEndpoint.objects.create(
        partnership=partnership,
        agency=agency,
        name=name[:100],
        url=url,
        secret=secret,
        events=chosen,
        created_at=now,
        created_by=actor,
    )
    _record(actor, endpoint, "webhook_added", f"Webhook endpoint {endpoint.name} added", now)
    return Registered(endpoint, secret)


@transaction.atomic
def deactivate_endpoint(
    *, actor: Person, endpoint: WebhookEndpoint, now: datetime
) -> WebhookEndpoint:
    """Stop posting to `endpoint` (its waiting deliveries are given up when next tried)."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    _require_admin(actor, endpoint.partnership_id)
    if not endpoint.active:
        raise AdminActionRejected(
            gettext("%(name)s is already deactivated") % {"name": endpoint.name}
        )
    endpoint.active = False
    endpoint.deactivated_at = now
    endpoint.save(update_fields=["active", "deactivated_at"])
    _record(
        actor, endpoint, "webhook_deactivated", f"Webhook endpoint {endpoint.name} deactivated", now
    )
    return endpoint


@transaction.atomic
def rotate_secret(*, actor: Person, endpoint: WebhookEndpoint, now: datetime) -> Registered:
    """Give `endpoint` a new secret (shown this once). For `webhooks.ROTATION_GRACE` its posts
    are signed with the replaced secret too, so the system can change over without missing
    one; rotating again within that time drops the oldest."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    _require_admin(actor, endpoint.partnership_id)
    if not endpoint.active:
        raise AdminActionRejected(
            gettext("%(name)s is deactivated: nothing is signed for it") % {"name": endpoint.name}
        )
    secret = webhooks.new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = now + webhooks.ROTATION_GRACE
    endpoint.secret = secret
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    _record(
        actor,
        endpoint,
        "webhook_secret_rotated",
        f"Webhook endpoint {endpoint.name}'s secret rotated",
        now,
        previous_secret_until=endpoint.previous_secret_until.isoformat(),
    )
    return Registered(endpoint, secret)


@transaction.atomic
def send_delivery_again(*, actor: Person, delivery: WebhookDelivery, now: datetime) -> int:
    """Queue a delivery that failed or was given up again, with a new retry window."""
    delivery = (
        WebhookDelivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    )
    endpoint = delivery.endpoint
    _require_admin(actor, endpoint.partnership_id)
    if not endpoint.active:
        raise AdminActionRejected(
            gettext("%(name)s is deactivated: nothing is sent to it") % {"name": endpoint.name}
        )
    if delivery.status == OutboxStatus.SENT:
        raise AdminActionRejected(
            gettext("That delivery was delivered: there is nothing to send again")
        )
    if delivery.status == OutboxStatus.PENDING and not delivery.last_error:
        raise AdminActionRejected(gettext("That delivery has not been tried yet: it goes shortly"))
    count = webhooks.send_again(WebhookDelivery.objects.filter(pk=delivery.pk), now=now)
    _record(
        actor,
        endpoint,
        "webhook_sent_again",
        f"Webhook delivery {delivery.event} of {delivery.reference} to {endpoint.name} sent again",
        now,
    )
    return count

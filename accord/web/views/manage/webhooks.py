"""Webhooks (decision 32): a partnership administrator registers the endpoints of its agencies'
systems (the signing secret shown once), rotates an endpoint's secret (the new one shown once),
deactivates them, and reads each one's delivery history, sending a failed or given-up delivery
again. Cases are named by reference only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accord.accounts.actions import AdminActionRejected
from accord.cases.webhooks import (
    Registered,
    agencies_for,
    deactivate_endpoint,
    register_endpoint,
    rotate_secret,
    send_delivery_again,
)
from accord.notifications.models import OutboxStatus, WebhookDelivery, WebhookEndpoint
from accord.notifications.webhooks import ROTATION_GRACE, signing_secrets
from accord.partnerships.models import Partnership
from accord.web.reauth import reauthentication_required

from .common import (
    administrator_required,
    applied,
    confirm_removal,
    page_of,
    partnerships_of,
    person_of,
    posted,
    sections,
)
from .webhook_forms import WebhookEndpointForm

SECTION = "web:manage-webhooks"


def _administered[T: (Partnership, WebhookEndpoint, WebhookDelivery)](
    request: HttpRequest, model: type[T], pk: int, partnership_field: str
) -> T:
    """The row `pk` of `model` if the administrator administers its partnership; a 403 when
    they do not, a 404 when there is no such row."""
    ids = set(partnerships_of(person_of(request)).values_list("pk", flat=True))
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such webhook")
    if _partnership_of(found, partnership_field) not in ids:
        raise PermissionDenied("You do not administer this partnership")
    return found


def _partnership_of(row: Any, path: str) -> int:
    for name in path.split("."):
        row = getattr(row, name)
    return int(row)


@administrator_required
def webhooks(request: HttpRequest) -> HttpResponse:
    """The endpoints of the administrator's partnerships, with their deliveries waiting and
    given up."""
    partnerships = list(partnerships_of(person_of(request)))
    endpoints = (
        WebhookEndpoint.objects.filter(partnership__in=partnerships)
        .select_related("partnership", "agency")
        .annotate(
            waiting=Count("deliveries", filter=Q(deliveries__status=OutboxStatus.PENDING)),
            given_up=Count("deliveries", filter=Q(deliveries__status=OutboxStatus.DEAD)),
        )
        .order_by("partnership__name", "-active", "name", "pk")
    )
    return render(
        request,
        "web/manage/webhooks.html",
        {
            "partnerships": partnerships,
            "endpoints": endpoints,
            "sections": sections(request, SECTION),
        },
    )


@administrator_required
@reauthentication_required(allow_get=True)  # the secret leaves Accord on the answer
def webhook_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Register an endpoint; once added, its secret is shown on this one page, never again."""
    partnership = _administered(request, Partnership, partnership_id, "pk")
    form = WebhookEndpointForm(posted(request), agencies=agencies_for(partnership))
    made: dict[str, Any] = {}

    def add(values: dict[str, Any]) -> str:
        registered = register_endpoint(
            actor=person_of(request),
            partnership=partnership,
            agency=values["agency"],
            name=values["name"],
            url=values["url"],
            events=values["events"],
            now=timezone.now(),
        )
        made["registered"] = registered
        return f"{registered.endpoint.name} added"

    if applied(request, form, add):
        return _secret_page(request, made["registered"])
    return render(
        request,
        "web/manage/webhook_form.html",
        {"form": form, "partnership": partnership, "sections": sections(request, SECTION)},
    )


def _secret_page(
    request: HttpRequest, registered: Registered, *, rotated: bool = False
) -> HttpResponse:
    """The one page that shows an endpoint's secret, never kept by the browser."""
    response = render(
        request,
        "web/manage/webhook_secret.html",
        {
            "endpoint": registered.endpoint,
            "secret": registered.secret,
            "rotated": rotated,
            "grace_hours": int(ROTATION_GRACE.total_seconds() // 3600),
            "sections": sections(request, SECTION),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@administrator_required
@reauthentication_required(allow_get=True)  # the new secret leaves Accord on the answer
def webhook_rotate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """Give an endpoint a new secret (asks to confirm), shown once; the old one signs too for
    `ROTATION_GRACE`."""
    endpoint = _administered(request, WebhookEndpoint, endpoint_id, "partnership_id")
    error = ""
    if request.method == "POST":
        try:
            rotated = rotate_secret(actor=person_of(request), endpoint=endpoint, now=timezone.now())
        except AdminActionRejected as refused:
            error = refused.message
        else:
            return _secret_page(request, rotated, rotated=True)
    return render(
        request,
        "web/manage/webhook_rotate.html",
        {
            "endpoint": endpoint,
            "error": error,
            "grace_hours": int(ROTATION_GRACE.total_seconds() // 3600),
            "sections": sections(request, SECTION),
        },
    )


@administrator_required
def webhook_deactivate(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """Stop posting to an endpoint (asks to confirm)."""
    endpoint = _administered(request, WebhookEndpoint, endpoint_id, "partnership_id")

    def deactivate() -> str:
        done = deactivate_endpoint(actor=person_of(request), endpoint=endpoint, now=timezone.now())
        return f"{done.name} deactivated: nothing more is posted to it"

    return confirm_removal(
        request,
        deactivate,
        back_to=SECTION,
        template="web/manage/webhook_deactivate.html",
        section=SECTION,
        endpoint=endpoint,
    )


@administrator_required
def webhook_deliveries(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """An endpoint's deliveries, newest first, with each one's attempts."""
    endpoint = _administered(request, WebhookEndpoint, endpoint_id, "partnership_id")
    page = page_of(
        request, WebhookDelivery.objects.filter(endpoint=endpoint).prefetch_related("tries")
    )
    return render(
        request,
        "web/manage/webhook_deliveries.html",
        {
            "endpoint": endpoint,
            "page": page,
            "both_sign": len(signing_secrets(endpoint, at=timezone.now())) > 1,
            "sections": sections(request, SECTION),
        },
    )


@administrator_required
def webhook_send_again(request: HttpRequest, delivery_id: int) -> HttpResponse:
    """Send a failed or given-up delivery again, with a new retry window (asks to confirm)."""
    delivery = _administered(request, WebhookDelivery, delivery_id, "endpoint.partnership_id")

    def again() -> str:
        send_delivery_again(actor=person_of(request), delivery=delivery, now=timezone.now())
        return f"The {delivery.event} delivery of {delivery.reference} is being sent again"

    return confirm_removal(
        request,
        again,
        back_to=reverse("web:manage-webhook-deliveries", args=[delivery.endpoint_id]),
        template="web/manage/webhook_send_again.html",
        section=SECTION,
        delivery=delivery,
        window=settings.ACCORD_OUTBOX_GIVE_UP_AFTER_HOURS,
    )

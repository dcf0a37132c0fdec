"""What every page's template needs: the service navigation, sign-out and the phase banner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from accord.accounts.actions import is_site_administrator
from accord.cases import access

PHASE = gettext_noop("Beta")  # translated per request
# The work queues, each under "Cases" (accord/web/urls_queues.py).
YOUR_CASES = frozenset(
    f"web:{name}"
    for name in ("case-list", "cases-due-soon", "cases-overdue", "cases-raised", "cases-all")
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`navigation` and `sign_out_url` for signed-in people; `phase` for everyone.

    Reads `request.user`, which the pages that show navigation have loaded already, and the
    person's partnership roles (one query, remembered for the request, which the access rules
    use too) for the administrators' link.
    """
    context: dict[str, Any] = {"phase": gettext(PHASE)}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    match = request.resolver_match
    view_name = match.view_name if match is not None else ""
    context["navigation"] = [
        {
            "text": gettext("Cases"),
            "href": reverse("web:case-list"),
            "current": view_name in YOUR_CASES,
        }
    ]
    if access.has_oversight(user):  # business managers, chairs, administrators
        context["navigation"].append(
            {
                "text": gettext("Partnership cases"),
                "href": reverse("web:partnership-cases"),
                "current": view_name == "web:partnership-cases",
            }
        )
    if access.roles_of(user).any:  # partnership staff: the board, trends, learning, report
        context["navigation"].append(
            {
                "text": gettext("Partnership"),
                "href": reverse("web:partnership-board"),
                "current": view_name.startswith("web:partnership-")
                and view_name != "web:partnership-cases",
            }
        )
    if getattr(user, "agency_id", None) is not None:  # people of an agency raise disagreements
        context["navigation"].append(
            {
                "text": gettext("Raise a disagreement"),
                "href": reverse("web:raise-start"),
                "current": view_name.startswith("web:raise-"),
            }
        )
    if access.is_administrator(user):
        context["navigation"].append(
            {
                "text": gettext("Administration"),
                "href": reverse("web:manage"),
                "current": view_name.startswith("web:manage") and view_name != "web:manage-status",
            }
        )
    elif is_site_administrator(user):  # creates partnerships, administers none
        context["navigation"].append(
            {
                "text": gettext("Set-up"),
                "href": reverse("web:manage-setup-index"),
                "current": view_name.startswith("web:manage") and view_name != "web:manage-status",
            }
        )
    if is_site_administrator(user):  # runs the service
        context["navigation"].append(
            {
                "text": gettext("Service status"),
                "href": reverse("web:manage-status"),
                "current": view_name == "web:manage-status",
            }
        )
    context["sign_out_url"] = reverse("web:sign-out")
    return context

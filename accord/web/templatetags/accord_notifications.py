"""The header's link to a person's notifications, with their unread count (one indexed query).

{% load accord_notifications %}
{% notifications_link %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from accord.accounts.models import Person
from accord.notifications.queries import unread_count

register = template.Library()


@register.inclusion_tag("web/_notifications_link.html", takes_context=True)
def notifications_link(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    if not isinstance(user, Person) or not user.is_authenticated:
        return {"show": False}
    unread = context.get("notifications_unread")  # a page that counted them already
    if unread is None:
        unread = unread_count(user)
    return {"show": True, "href": reverse("web:notifications"), "unread": unread}

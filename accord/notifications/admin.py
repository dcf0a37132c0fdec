"""Administration of the outbox (dead e-mails can be retried) and of in-app notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import InAppNotification, OutboxMessage
from .outbox import send_again


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnly):
    list_display = [
        "key",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "dead_at",
    ]
    list_filter = ["status", "partnership"]
    search_fields = ["key", "reference", "to_address"]
    date_hierarchy = "created_at"
    actions = ["retry"]

    @admin.action(description="Send again (dead or waiting e-mails)")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = send_again(queryset, now=timezone.now())
        self.message_user(request, f"{count} e-mail(s) queued again.", messages.SUCCESS)


@admin.register(InAppNotification)
class InAppNotificationAdmin(ReadOnly):
    list_display = ["reference", "what", "person", "roles", "created_at", "read_at"]
    list_filter = ["kind", "partnership"]
    search_fields = ["reference", "key"]
    list_select_related = ["person"]
    date_hierarchy = "created_at"

"""Read-only administration of cases: every change goes through `accord.cases.actions`.

Nothing identifying a child appears in list views, titles or breadcrumbs: cases show their
reference, subjects show "Subject of case N", and the subject's details only on its own page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AccessLog, Case, CaseEvent, Deadline, Holding, Subject


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HoldingInline(admin.TabularInline[Holding, Case]):
    model = Holding
    extra = 0
    fields = ("stage", "side", "person", "started_at", "ended_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeadlineInline(admin.TabularInline[Deadline, Case]):
    model = Deadline
    extra = 0
    fields = ("key", "label", "due_on", "due_at", "done_at", "status", "calendar_revision")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "partnership", "status", "stage", "urgent", "raised_at"]
    list_filter = ["partnership", "status", "urgent"]
    search_fields = ["reference"]
    exclude = ["facts"]
    inlines = [HoldingInline, DeadlineInline]


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "case"]
    search_fields = ["case__reference"]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "sequence", "kind", "at", "summary"]
    list_filter = ["kind"]
    search_fields = ["case__reference"]
    list_select_related = ["case"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["case", "person", "action", "at", "ip_address"]
    search_fields = ["case__reference", "person__email"]
    list_select_related = ["case", "person"]

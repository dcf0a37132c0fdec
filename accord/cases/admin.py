"""Read-only administration of cases: every change goes through `accord.cases.actions`.

The admin shows a case's bookkeeping (reference, status, stage, holders, deadlines, events'
kinds and summaries), never what it is about: no subject (child or adult), no decision or outcome
text, no event payloads. Those are read on the case pages, where access is checked and logged
(decision 6).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from accord.accounts.models import Person

from .models import AccessLog, Case, CaseEvent, CaseNotification, Deadline, Holding


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
    exclude = ["facts", "decision_summary", "outcome_sought", "theme"]  # what it is about
    inlines = [HoldingInline, DeadlineInline]
    actions = ["recompute_deadlines_action"]

    @admin.action(description="Recompute open deadlines with the calendar in force")
    def recompute_deadlines_action(
        self, request: HttpRequest, queryset: QuerySet[Case]
    ) -> HttpResponse | None:
        """Asks for a reason first; each case's before and after go into its log."""
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or not reason:
            context = {
                **self.admin_site.each_context(request),
                "title": "Recompute deadlines",
                "cases": queryset,
                "missing_reason": "apply" in request.POST,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/cases/case/recompute_deadlines.html", context)
        # Imported here, not at the top: Django imports every admin module at start-up, and
        # `accord tick`, run each minute, need not load the actions with it (issue 17).
        from .actions import CaseActionRejected, recompute_deadlines

        now = timezone.now()
        actor = request.user
        assert isinstance(actor, Person)  # the admin site lets only signed-in staff here
        moved = 0
        for case in queryset:
            try:
                changes = recompute_deadlines(case=case, actor=actor, now=now, reason=reason)
            except CaseActionRejected as rejected:
                self.message_user(request, f"{case}: {rejected.message}", messages.ERROR)
                continue
            moved += len(changes)
            if changes:
                text = "; ".join(f"{c.key} {c.before} to {c.after}" for c in changes)
                self.message_user(request, f"{case}: {text}", messages.SUCCESS)
        if not moved:
            self.message_user(request, "No open deadline moved.", messages.INFO)
        return None


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "sequence", "kind", "at", "summary"]
    exclude = ["payload"]  # free text (notes, reasons) may name the child
    list_filter = ["kind"]
    search_fields = ["case__reference"]
    list_select_related = ["case"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["case", "person", "action", "at", "ip_address"]
    search_fields = ["case__reference", "person__email"]
    list_select_related = ["case", "person"]


@admin.register(CaseNotification)
class CaseNotificationAdmin(ReadOnlyAdmin):
    list_display = ["case", "trigger", "kind", "number", "due_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["case__reference"]
    list_select_related = ["case"]
    date_hierarchy = "due_at"

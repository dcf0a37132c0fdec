"""Administration of partnerships, their policy versions (read-only) and calendars."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import BankHoliday, Closure, Partnership, PolicyVersion, RoleAssignment


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin[Partnership]):
    """Going live is a step of its own, refused while the set-up checklist has gaps
    (`/manage/setup/<id>/go-live/`), so `live` is read-only here."""

    list_display = ["name", "short_name", "slug", "jurisdiction", "live"]
    search_fields = ["name", "slug", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["live"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin[PolicyVersion]):
    """Versions are loaded through the engine's validation (Administration > Policies, or
    `accord policy load`), never typed in or edited here."""

    list_display = [
        "policy_id", "version", "partnership", "state", "effective_from", "effective_to",
    ]  # fmt: skip
    list_filter = ["partnership", "state"]
    readonly_fields = [f.name for f in PolicyVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin[BankHoliday]):
    list_display = ["date", "name", "jurisdiction"]
    list_filter = ["jurisdiction"]
    date_hierarchy = "date"


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin[Closure]):
    list_display = ["date", "reason", "partnership"]
    list_filter = ["partnership"]
    date_hierarchy = "date"


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    """Who receives the notifications a policy addresses to one of its roles."""

    list_display = ["role_key", "person", "agency", "partnership"]
    list_filter = ["partnership", "role_key"]
    search_fields = ["role_key", "person__full_name", "person__email"]
    autocomplete_fields = ["person", "agency"]

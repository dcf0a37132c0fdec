"""Administration of people, agencies and partnership roles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, PartnershipRole, Person


class PartnershipRoleInline(admin.TabularInline[PartnershipRole, Person]):
    model = PartnershipRole
    extra = 0


@admin.register(Person)
class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    ordering = ["full_name"]
    list_display = ["full_name", "email", "agency", "level", "is_safeguarding_lead", "is_active"]
    list_filter = ["level", "is_safeguarding_lead", "is_active", "is_staff", "agency__kind"]
    search_fields = ["full_name", "email", "job_title"]
    autocomplete_fields = ["agency", "line_manager"]
    inlines = [PartnershipRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "agency", "level", "line_manager")}),
        ("Safeguarding", {"fields": ("is_safeguarding_lead",)}),
        ("Notifications", {"fields": ("email_frequency",)}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "agency", "level", "password1", "password2"),
            },
        ),
    )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "kind", "home_partnership"]
    list_filter = ["kind", "home_partnership"]
    search_fields = ["name"]
    filter_horizontal = ["serves"]


@admin.register(PartnershipRole)
class PartnershipRoleAdmin(admin.ModelAdmin[PartnershipRole]):
    list_display = ["person", "partnership", "role"]
    list_filter = ["role", "partnership"]
    autocomplete_fields = ["person"]

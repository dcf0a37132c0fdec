"""Granting the national view (counts across every partnership) in the Django admin."""

from __future__ import annotations

from django.contrib import admin

from .models import NationalReader


@admin.register(NationalReader)
class NationalReaderAdmin(admin.ModelAdmin[NationalReader]):
    list_display = ["person", "granted_at", "note"]
    autocomplete_fields = ["person"]
    search_fields = ["person__email", "person__full_name"]

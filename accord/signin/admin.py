"""Administration of identity providers (the OpenID Connect client is allauth's social app)."""

from __future__ import annotations

from django.contrib import admin

from .models import IdentityProvider


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin[IdentityProvider]):
    list_display = ["__str__", "email_domains", "assume_email_verified"]
    search_fields = ["app__name", "email_domains", "agencies__name"]
    autocomplete_fields = ["agencies"]
    list_select_related = ["app"]

"""Admins map the identity provider's groups to organisations and roles (docs/operations.md)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lagesbild.sso.models import GroupMapping, SsoIdentity, SsoMembership


@admin.register(GroupMapping)
class GroupMappingAdmin(admin.ModelAdmin):
    list_display = ["group", "organisation", "municipality", "role"]
    list_filter = ["role", "organisation__municipality", "organisation"]
    search_fields = ["group", "organisation__name"]
    autocomplete_fields = ["organisation"]

    @admin.display(description=_("kommun"), ordering="organisation__municipality__name")
    def municipality(self, mapping: GroupMapping) -> str:
        return str(mapping.organisation.municipality)


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "subject"]
    search_fields = ["user__username", "subject"]
    readonly_fields = ["user", "issuer", "subject"]


@admin.register(SsoMembership)
class SsoMembershipAdmin(admin.ModelAdmin):
    list_display = ["membership", "group"]
    search_fields = ["membership__user__username", "group"]
    readonly_fields = ["membership", "group"]

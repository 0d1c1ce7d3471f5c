from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lagesbild.audit.models import AuditEntry


def action_prefix(action: str) -> str:
    """``lagesbild.report.sensitive_read`` → ``lagesbild.report``: what kind of thing was done."""
    return ".".join(action.split(".")[:2])


class ActionPrefixFilter(admin.SimpleListFilter):
    """Filter on the first two parts of the action code: every report action, every export…"""

    title = _("händelsegrupp")
    parameter_name = "grupp"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        actions = model_admin.get_queryset(request).values_list("action", flat=True).distinct()
        prefixes = sorted({action_prefix(a) for a in actions})
        return [(p, p) for p in prefixes]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(action__startswith=f"{self.value()}.")
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log is read-only: nobody adds, edits or deletes history from the app.

    Filters: date (also any range as ?at__gte=2024-01-01&at__lt=2024-02-01), actor, action
    group, action and object type. The search box finds an object id exactly, or words in the
    actor's name and the action.
    """

    list_display = ["at", "actor_label", "action", "object_type", "object_id", "ip_address"]
    list_filter = [
        ("at", admin.DateFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
        ActionPrefixFilter,
        "action",
        "object_type",
    ]
    search_fields = ["=object_id", "actor_label", "action"]
    search_help_text = _("Objekt-id (exakt), användare eller händelse.")
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

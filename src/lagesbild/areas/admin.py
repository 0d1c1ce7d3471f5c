from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import lock_municipalities, lock_municipality
from lagesbild.areas.signals import announce_redrawn


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "public_page_enabled"]
    search_fields = ["name", "code"]


# What decides which area a point lies in (the innermost area that holds it); the municipality
# is read-only once the area exists.
PLACING_FIELDS = frozenset({"geometry", "parent"})


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Areas edited here move the reports as the areas import does: a report with a point is
    put in the area its point lies in now (``areas.signals.areas_redrawn``)."""

    list_display = ["name", "code", "kind", "parent", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "code"]
    readonly_fields = ["min_lon", "min_lat", "max_lon", "max_lat", "updated_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Area | None = None) -> list[str]:
        # An area stays in its municipality: its reports (and their districts) are that
        # municipality's; a district of another one is a new area.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "municipality"] if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Area, form: Any, change: bool) -> None:
        redrawn = not change or bool(PLACING_FIELDS & set(form.changed_data))
        if redrawn:
            lock_municipality(obj.municipality_id)  # before the area changes (in the view's atomic)
        super().save_model(request, obj, form, change)
        if redrawn:
            announce_redrawn(obj.municipality_id, request.user)

    def delete_model(self, request: HttpRequest, obj: Area) -> None:
        municipality_id = obj.municipality_id
        lock_municipality(municipality_id)
        super().delete_model(request, obj)
        announce_redrawn(municipality_id, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Area]) -> None:
        # The list's delete action, unlike the change and delete pages, runs outside a
        # transaction: the areas and the reports they move go together or not at all.
        with transaction.atomic():
            municipality_ids = set(queryset.values_list("municipality_id", flat=True))
            lock_municipalities(municipality_ids)
            super().delete_queryset(request, queryset)
            for municipality_id in sorted(municipality_ids):
                announce_redrawn(municipality_id, request.user)

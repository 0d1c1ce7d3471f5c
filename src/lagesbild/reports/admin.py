from django.contrib import admin
from django.db import transaction

from lagesbild.areas.services import locate_area, lock_municipalities
from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.reports.rollup import counts_follow


def _lock_municipalities(*reports: Report) -> None:
    """Lock the reports' municipalities, as stored and as edited, in the order of their ids,
    before any report row: the order every writer of reports keeps (``lock_municipality``), so
    an edit here, which recounts and so locks the municipality, cannot deadlock with an areas
    import that holds it and waits for the edited rows."""
    stored = Report.objects.filter(pk__in=[r.pk for r in reports if r.pk is not None])
    lock_municipalities(
        [*stored.values_list("municipality_id", flat=True), *(r.municipality_id for r in reports)]
    )


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["occurred_from", "category", "area", "organisation", "insecurity", "source"]
    list_filter = ["source", "category", "organisation", "area"]
    date_hierarchy = "occurred_from"
    search_fields = ["place_text", "description", "external_id"]
    readonly_fields = ["area", "chosen_area", "created_at", "updated_at"]
    raw_id_fields = ["reporter"]
    list_select_related = ["category", "area", "organisation"]

    # An edit here bypasses the report services; the counts and the area must follow it all the
    # same. A point given here is a pin: the report lies in the area the pin is in (none outside).
    def save_model(self, request, obj, form, change) -> None:
        with transaction.atomic():
            _lock_municipalities(obj)
            if obj.has_point and {"latitude", "longitude"} & set(form.changed_data):
                obj.area = locate_area(obj.municipality, obj.latitude, obj.longitude)
                obj.geocoded = False
            with counts_follow(obj):
                super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        with transaction.atomic():
            _lock_municipalities(obj)
            with counts_follow(obj):
                super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            reports = list(queryset)
            _lock_municipalities(*reports)
            with counts_follow(*reports):
                super().delete_queryset(request, queryset)


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "date_format", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation"]


@admin.register(QuarantinedRow)
class QuarantinedRowAdmin(admin.ModelAdmin):
    list_display = ["file_name", "line", "organisation", "reason", "imported_at", "resolved"]
    list_filter = ["resolved", "organisation"]
    search_fields = ["file_name", "reason"]
    # The row is evidence of what arrived; a person marks it resolved after fixing the source.
    readonly_fields = ["organisation", "file_name", "line", "reason", "data", "imported_at"]
    list_select_related = ["organisation"]

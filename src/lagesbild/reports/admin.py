from django.contrib import admin
from django.db import transaction

from lagesbild.reports.models import ImportMapping, QuarantinedRow, Report
from lagesbild.reports.rollup import counts_follow


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["occurred_from", "category", "area", "organisation", "insecurity", "source"]
    list_filter = ["source", "category", "organisation", "area"]
    date_hierarchy = "occurred_from"
    search_fields = ["place_text", "description", "external_id"]
    readonly_fields = ["area", "created_at", "updated_at"]
    raw_id_fields = ["reporter"]
    list_select_related = ["category", "area", "organisation"]

    # An edit here bypasses the report services; the counts must follow it all the same.
    def save_model(self, request, obj, form, change) -> None:
        with transaction.atomic(), counts_follow(obj):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        with transaction.atomic(), counts_follow(obj):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            reports = list(queryset)
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

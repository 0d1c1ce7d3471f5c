from django.contrib import admin

from lagesbild.reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["occurred_from", "category", "area", "organisation", "insecurity", "source"]
    list_filter = ["source", "category", "organisation", "area"]
    date_hierarchy = "occurred_from"
    search_fields = ["place_text", "description", "external_id"]
    readonly_fields = ["area", "created_at", "updated_at"]
    raw_id_fields = ["reporter"]
    list_select_related = ["category", "area", "organisation"]

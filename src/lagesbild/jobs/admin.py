from django.contrib import admin

from lagesbild.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change through ``jobs.services`` only."""

    list_display = ("title", "status", "progress", "created_by", "municipality", "queued_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "created_by__username")
    exclude = ("key", "params", "rights")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

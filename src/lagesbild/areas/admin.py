from django.contrib import admin

from lagesbild.areas.models import Area, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "public_page_enabled"]
    search_fields = ["name", "code"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "code"]
    readonly_fields = ["min_lon", "min_lat", "max_lon", "max_lat", "updated_at"]

from django.contrib import admin

from lagesbild.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "latitude", "longitude", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]
    readonly_fields = ["key", "updated_at"]

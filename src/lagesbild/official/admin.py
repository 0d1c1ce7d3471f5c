from typing import Any

from django.contrib import admin

from lagesbild.areas.signals import announce_change
from lagesbild.official.models import (
    DistrictPopulation,
    FetchLog,
    OfficialStatistic,
    PoliceEvent,
    Population,
)


class AnnouncesChange(admin.ModelAdmin):
    """A figure changed by hand is announced to every municipality, as an import announces its
    figures: the weekly pages show police events, the yearly reports compare each municipality
    with its peers' Brå figures and populations."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        announce_change(None)

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        announce_change(None)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        announce_change(None)


@admin.register(OfficialStatistic)
class OfficialStatisticAdmin(AnnouncesChange):
    list_display = [
        "municipality_code",
        "series",
        "period",
        "value",
        "per_100k",
        "source",
        "preliminary",
    ]
    list_filter = ["source", "preliminary", "year", "category"]
    search_fields = ["municipality_code", "series"]


@admin.register(Population)
class PopulationAdmin(AnnouncesChange):
    list_display = ["municipality_code", "year", "population", "source"]
    list_filter = ["year"]
    search_fields = ["municipality_code"]


@admin.register(DistrictPopulation)
class DistrictPopulationAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "population", "source"]
    list_filter = ["year", "area__municipality"]
    search_fields = ["area__code", "area__name"]


@admin.register(PoliceEvent)
class PoliceEventAdmin(AnnouncesChange):
    list_display = ["event_id", "event_time", "type", "municipality_name", "location_name"]
    list_filter = ["is_summary", "county_level", "category"]
    search_fields = ["event_id", "type", "municipality_name", "municipality_code"]
    date_hierarchy = "event_time"


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    """The call history is evidence that the sources' rules were kept: read-only."""

    list_display = ["at", "source", "status", "url"]
    list_filter = ["source", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

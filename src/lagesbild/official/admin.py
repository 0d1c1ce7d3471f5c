from django.contrib import admin

from lagesbild.official.models import OfficialStatistic, Population


@admin.register(OfficialStatistic)
class OfficialStatisticAdmin(admin.ModelAdmin):
    list_display = ["municipality_code", "series", "period", "value", "per_100k", "source", "preliminary"]
    list_filter = ["source", "preliminary", "year", "category"]
    search_fields = ["municipality_code", "series"]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["municipality_code", "year", "population", "source"]
    list_filter = ["year"]
    search_fields = ["municipality_code"]

from django.contrib import admin

from lagesbild.categories.models import BraCrimeTypeMapping, Category, PoliceEventTypeMapping


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "name_en", "parent", "sensitive", "active", "sort_order"]
    list_filter = ["sensitive", "active", "parent"]
    search_fields = ["code", "name_sv", "name_en"]


@admin.register(PoliceEventTypeMapping)
class PoliceEventTypeMappingAdmin(admin.ModelAdmin):
    list_display = ["event_type", "category"]
    list_filter = ["category"]
    search_fields = ["event_type"]


@admin.register(BraCrimeTypeMapping)
class BraCrimeTypeMappingAdmin(admin.ModelAdmin):
    list_display = ["crime_type", "category"]
    list_filter = ["category"]
    search_fields = ["crime_type"]

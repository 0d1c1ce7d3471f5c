from django.contrib import admin

from lagesbild.measures.models import Measure, MeasureEvaluation


class EvaluationInline(admin.StackedInline):
    model = MeasureEvaluation
    extra = 0
    filter_horizontal = ["categories"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "owner", "due_date", "municipality"]
    list_filter = ["status", "owner", "municipality"]
    search_fields = ["title", "problem"]
    filter_horizontal = ["areas", "categories", "partners"]
    inlines = [EvaluationInline]

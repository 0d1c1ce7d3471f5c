from django.contrib import admin

from lagesbild.goals.models import Goal, Indicator, IndicatorValue


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "sort_order"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "goal", "kind", "direction", "baseline_value", "target_value"]
    list_filter = ["kind", "direction"]
    inlines = [IndicatorValueInline]

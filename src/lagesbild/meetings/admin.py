from django.contrib import admin

from lagesbild.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "iso_week", "title", "municipality"]
    list_filter = ["municipality"]
    filter_horizontal = ["participants"]

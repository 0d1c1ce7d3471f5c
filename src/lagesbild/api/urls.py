from django.urls import path, re_path

from lagesbild.api import (
    docs,
    views,
    views_analysis,
    views_export,
    views_maps,
    views_read,
    views_region,
)

# Exports end in .<format> (export.csv, export.xlsx, export.geojson) rather than ?format=, which
# DRF reserves for choosing a renderer; an unknown format answers 404 JSON naming the formats.
FMT = r"(?P<fmt>[A-Za-z0-9]+)"

urlpatterns = [
    path("v1/reports/", views.ReportPushView.as_view(), name="api-reports"),
    re_path(
        rf"^v1/reports/export\.{FMT}$",
        views_export.ReportExportView.as_view(),
        name="api-reports-export",
    ),
    path("v1/reports/<int:pk>/", views_read.ReportDetailView.as_view(), name="api-report"),
    path("v1/districts/", views_read.DistrictListView.as_view(), name="api-districts"),
    path("v1/categories/", views_read.CategoryListView.as_view(), name="api-categories"),
    path("v1/weeks/<str:week>/", views_read.WeekView.as_view(), name="api-week"),
    re_path(
        rf"^v1/weeks/(?P<week>[^/]+)/export\.{FMT}$",
        views_export.WeekExportView.as_view(),
        name="api-week-export",
    ),
    path("v1/measures/", views_read.MeasureListView.as_view(), name="api-measures"),
    re_path(
        rf"^v1/measures/export\.{FMT}$",
        views_export.MeasureExportView.as_view(),
        name="api-measures-export",
    ),
    path("v1/measures/<int:pk>/", views_read.MeasureDetailView.as_view(), name="api-measure"),
    path("v1/meetings/", views_read.MeetingListView.as_view(), name="api-meetings"),
    path("v1/meetings/<int:pk>/", views_read.MeetingDetailView.as_view(), name="api-meeting"),
    path("v1/goals/", views_read.GoalListView.as_view(), name="api-goals"),
    path("v1/statistics/trends/", views_read.TrendListView.as_view(), name="api-trends"),
    re_path(
        rf"^v1/statistics/trends/export\.{FMT}$",
        views_export.TrendExportView.as_view(),
        name="api-trends-export",
    ),
    path("v1/statistics/series/", views_read.SeriesView.as_view(), name="api-series"),
    path(
        "v1/statistics/police-events/",
        views_read.PoliceEventCountView.as_view(),
        name="api-police-events",
    ),
    path(
        "v1/analysis/near-repeats/",
        views_analysis.NearRepeatView.as_view(),
        name="api-analysis-near-repeats",
    ),
    path(
        "v1/analysis/time-profile/",
        views_analysis.TimeProfileView.as_view(),
        name="api-analysis-time-profile",
    ),
    path(
        "v1/analysis/reporting-effort/",
        views_analysis.ReportingEffortView.as_view(),
        name="api-analysis-reporting-effort",
    ),
    path(
        "v1/analysis/police-events/",
        views_analysis.PoliceEventListView.as_view(),
        name="api-analysis-police-events",
    ),
    path("v1/region/", views_region.RegionView.as_view(), name="api-region"),
    path(
        "v1/analysis/statistics/",
        views_analysis.StatisticsExplorerView.as_view(),
        name="api-analysis-statistics",
    ),
    path("v1/analysis/density/", views_maps.DensityView.as_view(), name="api-analysis-density"),
    path(
        "v1/analysis/district-rates/",
        views_maps.DistrictRatesView.as_view(),
        name="api-analysis-district-rates",
    ),
    re_path(
        rf"^v1/tertials/(?P<tertial>[^/]+)/export\.{FMT}$",
        views_export.TertialExportView.as_view(),
        name="api-tertial-export",
    ),
    # The title and version are the settings' (SPECTACULAR_SETTINGS): the served schema is the
    # one docs.api_schema() makes, with an ASCII title for client generators and for the file
    # name in its Content-Disposition header ("Lägesbild API.yaml" sent a raw Latin-1 byte).
    path("schema/", docs.SchemaView.as_view(), name="api-schema"),
    path("docs/", docs.docs, name="api-docs"),
]

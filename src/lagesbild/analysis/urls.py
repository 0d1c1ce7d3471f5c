from django.urls import path, re_path

from lagesbild.analysis import views, views_explorer, views_map

CODE = r"(?P<code>[0-9A-Za-z_-]{1,10})"

urlpatterns = [
    path("analys/", views.index, name="analysis-index"),
    path("analys/<str:code>/", views.overview, name="analysis-overview"),
    path("analys/<str:code>/narupprepning/", views.near_repeats, name="analysis-near-repeat"),
    path("analys/<str:code>/tidsprofil/", views.time_profile_page, name="analysis-time-profile"),
    re_path(
        rf"^analys/{CODE}/tidsprofil\.(?P<fmt>[A-Za-z0-9]+)$",
        views.time_profile_export,
        name="analysis-time-profile-export",
    ),
    path("analys/<str:code>/rapporteringsinsats/", views.effort_page, name="analysis-effort"),
    re_path(
        rf"^analys/{CODE}/rapporteringsinsats\.(?P<fmt>[A-Za-z0-9]+)$",
        views.effort_export,
        name="analysis-effort-export",
    ),
    path("analys/<str:code>/polishandelser/", views.police_events_page, name="analysis-police"),
    path("analys/<str:code>/statistik/", views_explorer.explorer_page, name="analysis-explorer"),
    re_path(
        rf"^analys/{CODE}/statistik\.(?P<fmt>[A-Za-z0-9]+)$",
        views_explorer.explorer_export,
        name="analysis-explorer-export",
    ),
    re_path(
        rf"^analys/{CODE}/statistik/(?P<category>[0-9a-z_-]{{1,50}})\.(?P<fmt>[A-Za-z0-9]+)$",
        views_explorer.explorer_chart,
        name="analysis-explorer-chart",
    ),
    path("analys/<str:code>/karta/", views_map.map_page, name="analysis-map"),
    path("analys/<str:code>/karta/vecka/<str:week>/", views_map.map_week, name="analysis-map-week"),
]

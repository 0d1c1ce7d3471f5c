from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from lagesbild.api import views

urlpatterns = [
    path("v1/reports/", views.ReportPushView.as_view(), name="api-reports"),
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings={"TITLE": "Lägesbild API", "VERSION": "1"}),
        name="api-schema",
    ),
]

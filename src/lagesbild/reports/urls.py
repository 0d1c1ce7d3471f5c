from django.urls import path

from lagesbild.reports import views

urlpatterns = [
    path("rapporter/ny/", views.report_create, name="report-create"),
    path("rapporter/", views.report_list, name="report-list"),
    path("rapporter/<int:pk>/", views.report_detail, name="report-detail"),
]

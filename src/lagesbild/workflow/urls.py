from django.urls import path

from lagesbild.workflow import views

urlpatterns = [
    path("", views.home, name="home"),
    path("data/", views.official_data, name="official-data"),
    path("installningar/", views.municipality_settings, name="municipality-settings"),
]

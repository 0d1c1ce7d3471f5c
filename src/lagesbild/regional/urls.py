from django.urls import path

from lagesbild.regional import views

urlpatterns = [
    path("region/", views.overview, name="regional-overview"),
]

from django.urls import path

from lagesbild.briefings import views

urlpatterns = [
    path("", views.home, name="home"),
    path("vecka/", views.week_current, name="week-current"),
    path("vecka/<str:week>/", views.week, name="week"),
]

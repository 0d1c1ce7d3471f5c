from django.urls import path

from lagesbild.goals import views

urlpatterns = [
    path("mal/", views.dashboard, name="goal-dashboard"),
    path("mal/nytt/", views.goal_create, name="goal-create"),
    path("mal/<int:pk>/andra/", views.goal_edit, name="goal-edit"),
    path("mal/<int:goal_pk>/indikatorer/ny/", views.indicator_create, name="indicator-create"),
    path("mal/indikatorer/<int:pk>/andra/", views.indicator_edit, name="indicator-edit"),
    path("mal/indikatorer/<int:pk>/varden/", views.indicator_values, name="indicator-values"),
]

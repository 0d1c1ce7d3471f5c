from django.urls import path

from lagesbild.measures import views, views_export

urlpatterns = [
    path("atgarder/", views.board, name="measure-board"),
    path("atgarder/export.<str:fmt>", views_export.board_export, name="measure-export"),
    path("atgarder/ny/", views.create, name="measure-create"),
    path("atgarder/<int:pk>/", views.detail, name="measure-detail"),
    path("atgarder/<int:pk>/andra/", views.edit, name="measure-edit"),
    path("atgarder/<int:pk>/utvardering/", views.evaluation_setup, name="measure-evaluation"),
]

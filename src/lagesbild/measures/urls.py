from django.urls import path

from lagesbild.measures import views

urlpatterns = [
    path("atgarder/", views.board, name="measure-board"),
    path("atgarder/ny/", views.create, name="measure-create"),
    path("atgarder/<int:pk>/", views.detail, name="measure-detail"),
    path("atgarder/<int:pk>/andra/", views.edit, name="measure-edit"),
]

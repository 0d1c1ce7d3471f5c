from django.urls import path, re_path

from lagesbild.statutory import views

PREFIX = "lagesbild-atgardsplan/<int:pk>/"

urlpatterns = [
    path("lagesbild-atgardsplan/", views.document_list, name="statutory-list"),
    path(PREFIX, views.document_detail, name="statutory-document"),
    path(PREFIX + "avsnitt/<slug:key>/", views.section_update, name="statutory-section"),
    path(PREFIX + "besluta/", views.decide, name="statutory-decide"),
    path(PREFIX + "ny-version/", views.version_create, name="statutory-new-version"),
    path(PREFIX + "problem/ny/", views.problem_edit, name="statutory-problem-new"),
    path(PREFIX + "problem/<int:problem_id>/", views.problem_edit, name="statutory-problem"),
    path(
        PREFIX + "problem/<int:problem_id>/ta-bort/",
        views.problem_delete,
        name="statutory-problem-delete",
    ),
    path(PREFIX + "atgard/ny/", views.plan_item_edit, name="statutory-item-new"),
    path(PREFIX + "atgard/<int:item_id>/", views.plan_item_edit, name="statutory-item"),
    path(
        PREFIX + "atgard/<int:item_id>/ta-bort/",
        views.plan_item_delete,
        name="statutory-item-delete",
    ),
    re_path(
        r"^lagesbild-atgardsplan/(?P<pk>\d+)\.(?P<fmt>pdf|docx|json)$",
        views.export,
        name="statutory-export",
    ),
]

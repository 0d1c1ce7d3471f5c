from django.urls import path

from lagesbild.meetings import views

urlpatterns = [
    path("moten/", views.meeting_list, name="meeting-list"),
    path("moten/ny/", views.meeting_create, name="meeting-create"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("moten/<int:pk>/anteckningar/", views.minutes, name="meeting-minutes"),
    path("moten/<int:pk>/fokus/", views.focus_add, name="meeting-focus-add"),
    path(
        "moten/<int:pk>/fokus/<int:focus_pk>/ta-bort/",
        views.focus_remove,
        name="meeting-focus-remove",
    ),
    path("moten/<int:pk>/beslut/", views.decision, name="meeting-decision"),
    path("moten/<int:pk>/dagordning/", views.agenda_refresh, name="meeting-agenda"),
    path("moten/<int:pk>/protokoll.pdf", views.minutes_pdf, name="meeting-pdf"),
]

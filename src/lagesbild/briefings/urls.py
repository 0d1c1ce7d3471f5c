from django.urls import path, re_path

from lagesbild.briefings import views, views_export

urlpatterns = [
    path("vecka/", views.week_current, name="week-current"),
    path("vecka/<str:week>.pdf", views.week_pdf_view, name="week-pdf"),
    re_path(
        r"^vecka/(?P<week>[^/]+)\.(?P<fmt>csv|xlsx|geojson)$",
        views_export.week_export,
        name="week-export",
    ),
    path("vecka/<str:week>/", views.week, name="week"),
    path("vecka/<str:week>/underlag/", views.week_brief, name="week-brief"),
    path("vecka/<str:week>/underlag.pdf", views.week_brief_pdf_view, name="week-brief-pdf"),
    path("tertial/", views.tertial_current, name="tertial-current"),
    path("tertial/<str:tertial>.pdf", views.tertial_pdf_view, name="tertial-pdf"),
    path("tertial/<str:tertial>.xlsx", views.tertial_xlsx_view, name="tertial-xlsx"),
    path("tertial/<str:tertial>/", views.tertial, name="tertial"),
]

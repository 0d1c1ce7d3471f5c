from django.urls import path, re_path

from lagesbild.annual import views

urlpatterns = [
    path("arsrapport/", views.current, name="annual-current"),
    re_path(r"^arsrapport/(?P<code>\d{4})/(?P<year>\d{4})/$", views.report, name="annual-report"),
    re_path(
        r"^arsrapport/(?P<code>\d{4})/(?P<year>\d{4})\.pdf$", views.report_pdf, name="annual-pdf"
    ),
    re_path(
        r"^arsrapport/(?P<code>\d{4})/(?P<year>\d{4})\.docx$",
        views.report_docx,
        name="annual-docx",
    ),
]

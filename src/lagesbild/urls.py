from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("lagesbild.workflow.urls")),
    path("", include("lagesbild.briefings.urls")),
    path("", include("lagesbild.analysis.urls")),
    path("", include("lagesbild.reports.urls")),
    path("", include("lagesbild.places.urls")),
    path("", include("lagesbild.meetings.urls")),
    path("", include("lagesbild.measures.urls")),
    path("", include("lagesbild.goals.urls")),
    path("", include("lagesbild.annual.urls")),
    path("", include("lagesbild.statutory.urls")),
    path("", include("lagesbild.public.urls")),
    path("", include("lagesbild.accounts.urls")),
    path("", include("lagesbild.sso.urls")),
    path("", include("lagesbild.jobs.urls")),
    path("", include("lagesbild.api.urls_pages")),
    path("", include("lagesbild.regional.urls")),
    path("", include("lagesbild.organisations.urls")),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("lagesbild.api.urls")),
]

# Under /api/ a 404 or 500 answers JSON in the API's shape; elsewhere the HTML pages.
handler404 = "lagesbild.api.errors.not_found"
handler500 = "lagesbild.api.errors.server_error"

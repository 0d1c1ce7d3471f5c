from django.urls import path, re_path

from lagesbild.public import views

KOD = r"(?P<code>\d{4})"

urlpatterns = [
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("offentlig/installningar/", views.public_settings, name="public-settings"),
    re_path(rf"^offentlig/{KOD}/$", views.public_page, name="public-page"),
    re_path(rf"^offentlig/{KOD}/statistik\.csv$", views.public_csv, name="public-csv"),
    re_path(rf"^offentlig/{KOD}/otrygg-plats/$", views.unsafe_place, name="public-unsafe-place"),
    re_path(
        rf"^offentlig/{KOD}/otrygg-plats/tack/$",
        views.unsafe_place_thanks,
        name="public-unsafe-place-thanks",
    ),
]

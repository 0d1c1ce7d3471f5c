from django.urls import re_path

from lagesbild.places import views

# A municipality code is four digits; anything else is no municipality (404, never a query).
urlpatterns = [
    re_path(r"^platser/(?P<code>\d{4})/$", views.gazetteer_page, name="place-list"),
    re_path(
        r"^platser/(?P<code>\d{4})/(?P<pk>\d+)/ta-bort/$", views.place_delete, name="place-delete"
    ),
    re_path(
        r"^platser/(?P<code>\d{4})/forslag/$", views.place_suggestions, name="place-suggestions"
    ),
    re_path(r"^platser/(?P<code>\d{4})/narmast/$", views.nearest_place, name="place-nearest"),
]

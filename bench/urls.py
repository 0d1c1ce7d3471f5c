"""The app's URLs and ``/bench/trivial/``: a constant answer with no data (the load baseline)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("lagesbild.urls")),
]

"""Django's 404, 405 and 500 answers under /api/: JSON in the API's shape (``api/exceptions.py``).

An address no route matches (``/api/v1/nonexistent/``, ``/api/v1/reports/abc/``) and a crash
outside REST framework's views never reach its exception handler: Django answers them with
``handler404``/``handler500`` (``lagesbild/urls.py``), which rendered the site's HTML page to a
program that parses JSON, and ``ApiAddressMiddleware`` answers an address no route takes before
Django's middleware does. The web pages keep their HTML pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.urls import is_valid_path, reverse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status

from lagesbild.api.exceptions import SERVER_ERROR
from lagesbild.api.language import activate_asked_language, say_language
from lagesbild.web.middleware import too_large_limit, too_large_message

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(body: dict[str, Any], status_code: int) -> JsonResponse:
    """Answer ``body`` as the API's views do: UTF-8 JSON naming its language."""
    response = JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})
    say_language(response)
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404: under /api/ JSON pointing at the list of endpoints, else the page."""
    if not is_api_request(request):
        return defaults.page_not_found(request, exception)
    activate_asked_language(request)
    detail = _("Ingen sådan adress i API:t: %(path)s. Alla adresser finns på %(docs)s.") % {
        "path": request.path,
        "docs": reverse("api-docs"),
    }
    return json_error(
        {"error": exceptions.NotFound.default_code, "detail": detail},
        status.HTTP_404_NOT_FOUND,
    )


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """A 405 naming the method, as REST framework's views answer it, for a plain view."""
    activate_asked_language(request)
    refused = exceptions.MethodNotAllowed(request.method or "")
    response = json_error(
        {"error": refused.default_code, "detail": str(refused.detail)},
        status.HTTP_405_METHOD_NOT_ALLOWED,
    )
    response["Allow"] = ", ".join(allowed)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500: JSON under /api/ (Django has logged the error), else the page."""
    if not is_api_request(request):
        return defaults.server_error(request)
    return json_error(SERVER_ERROR, status.HTTP_500_INTERNAL_SERVER_ERROR)


def with_slash(request: HttpRequest) -> HttpResponseRedirectBase:
    """Send a call to an endpoint's address without its final slash on to the address with it,
    by a 308, which clients follow with the same method and body (a push stays a push)."""
    activate_asked_language(request)
    target = f"{request.path}/"
    if query := request.META.get("QUERY_STRING"):
        target += f"?{query}"
    detail = _("Adressen slutar med /: %(path)s") % {"path": target}
    return HttpResponseRedirectBase(
        target,
        status=status.HTTP_308_PERMANENT_REDIRECT,
        content=json.dumps({"error": "moved", "detail": detail}),
        content_type="application/json",
    )


class ApiAddressMiddleware:
    """Answer an address under /api/ that no route takes: a 308 to the address with its final
    slash when that one is an endpoint's, else the JSON 404.

    Django's CommonMiddleware answered a missing slash with a 301 in HTML, which clients follow
    as a GET (a push became a read). With DEBUG on (``lagesbild serve``, the demo a partner's
    developer tries first) it answered such a POST with its HTML error page (500), and an
    unknown address with its HTML debugging page, as handler404 serves only with DEBUG off.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_request(request):
            urlconf = getattr(request, "urlconf", None)
            path = request.path_info
            if not is_valid_path(path, urlconf):
                if not path.endswith("/") and is_valid_path(f"{path}/", urlconf):
                    return with_slash(request)
                return not_found(request)
        return self.get_response(request)


class ApiBodyLimitMiddleware:
    """Refuse an API body over the upload limit with 413 in JSON, in the language the program
    asks for, as every other API answer (web's ``UploadSizeLimitMiddleware``, after this one,
    answers the pages with the same sentence; it had been Swedish HTML for programs too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = too_large_limit(request) if is_api_request(request) else None
        if limit is None:
            return self.get_response(request)
        activate_asked_language(request)
        return json_error({"error": "payload_too_large", "detail": too_large_message(limit)}, 413)

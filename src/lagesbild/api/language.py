"""The language of API answers (messages, labels): what the caller asks for.

The pages ignore the browser's Accept-Language on purpose (``web.middleware``:
SwedishFirstLocaleMiddleware). A program sets the header on purpose, and has no language switch
to click: for the API, the switch's cookie wins, then Accept-Language, then Swedish.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def activate_asked_language(request: HttpRequest) -> None:
    """Answer ``request`` in the language its cookie or Accept-Language names (sv or en)."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def say_language(response: HttpResponse) -> None:
    """Name the answer's language, and that it depends on Accept-Language (for caches)."""
    response["Content-Language"] = translation.get_language()
    patch_vary_headers(response, ["Accept-Language"])

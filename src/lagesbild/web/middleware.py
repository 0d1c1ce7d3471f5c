from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The report form's "use my position" button needs geolocation; nothing uses camera or microphone.
PERMISSIONS_POLICY = "camera=(), geolocation=(self), microphone=(), payment=(), usb=()"


def content_security_policy() -> str:
    """Return the CSP: everything from 'self', no inline script or style.

    A configured map tile server or WMS is the one exception, for images only.
    """
    img_sources = ["'self'", "data:"]
    for url in (settings.MAP_TILE_URL, settings.MAP_WMS_URL):
        if url:
            parts = urlsplit(url)
            # Tile URL templates may name subdomains as {s}; allow them with a wildcard.
            img_sources.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(img_sources)}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy and Permissions-Policy headers on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivateResponsesMiddleware:
    """Keep every answer to a signed-in user or an authenticated API caller out of all caches.

    Such answers carry report text or personal settings, so neither the browser's disk cache
    nor a proxy may keep them. Read after the view, when the API has authenticated its caller
    (REST framework sets ``request.user`` then). Anonymous answers (the public statistics, the
    login page) are left as they are; static files are served before this by WhiteNoise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
        return response


class UploadSizeLimitMiddleware:
    """Refuse a request body larger than FILE_UPLOAD_MAX_MEMORY_SIZE with 413 and a message.

    Uploads are kept in memory only (FILE_UPLOAD_HANDLERS); without this check Django's memory
    handler would silently drop a larger file and the form would claim no file was chosen.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = too_large_limit(request)
        if limit is not None:
            return render(request, "error.html", {"message": too_large_message(limit)}, status=413)
        return self.get_response(request)


def too_large_limit(request: HttpRequest) -> int | None:
    """The upload limit in bytes when the request's body is larger, else None (the API asks
    too: ``api.errors.ApiBodyLimitMiddleware`` answers its own callers in JSON before this)."""
    limit: int = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    return limit if _content_length(request) > limit else None


def too_large_message(limit: int) -> str:
    return _("Det du skickade är för stort: högst %(limit)s MB tas emot.") % {
        # "10,5" in Swedish (it wrote "10.5"); number_format cuts off digits, round() rounds.
        "limit": number_format(round(limit / 1e6, 1), 1)
    }


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class SwedishFirstLocaleMiddleware:
    """Show Swedish unless the user chose another language with the switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; municipal staff often
    have English browsers but work in Swedish, so the browser's wish is not followed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lagesbild.accounts.twofactor import must_verify


class TwoFactorRequiredMiddleware:
    """Send a user who must use a second factor and has not confirmed it to the code page.

    Who must is ``organisations.access.requires_second_factor`` (staff, and every role that reads
    all organisations' text or the sensitive categories). Sits after OTPMiddleware, which tells
    whether the session is verified. The API is left to answer for itself: its session
    authentication refuses such a user with a 403 in JSON (``api/authentication.py``), where a
    redirect to an HTML page would help no API client.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not _exempt(request.path_info) and must_verify(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two-factor')}?{query}")
        return self.get_response(request)


def _exempt(path: str) -> bool:
    # The two-factor pages themselves, logging out, the language switch, static files and the
    # API (see above).
    prefixes = (
        reverse("two-factor"),
        reverse("logout"),
        "/i18n/",
        "/api/",
        "/" + settings.STATIC_URL.lstrip("/"),
    )
    return path.startswith(prefixes)

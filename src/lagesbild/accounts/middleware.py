from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from lagesbild.accounts.twofactor import requires_two_factor


class TwoFactorRequiredMiddleware:
    """Send a coordinator, admin or staff user without a verified code to the two-factor page.

    Sits after OTPMiddleware (which tells whether the session is verified). The setting
    LAGESBILD_REQUIRE_2FA is read on every request so that tests can switch it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LAGESBILD_REQUIRE_2FA and _must_verify(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two-factor')}?{query}")
        return self.get_response(request)


def _exempt(path: str) -> bool:
    # The two-factor pages themselves, logging out, the language switch and static files.
    prefixes = (
        reverse("two-factor"),
        reverse("logout"),
        "/i18n/",
        "/" + settings.STATIC_URL.lstrip("/"),
    )
    return path.startswith(prefixes)


def _must_verify(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return False
    return not _exempt(request.path_info) and requires_two_factor(user)

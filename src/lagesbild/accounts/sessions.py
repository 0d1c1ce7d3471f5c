"""How long a login lasts: hours without activity, within a longest time from login.

A guard who logs in at 21:00 and files a report at 05:10 must not meet the login page and an
empty form: the session is renewed while it is used (``LAGESBILD_SESSION_HOURS`` counts from the
last activity, not from the login). However active, a login ends ``LAGESBILD_SESSION_MAX_HOURS``
after it began, so a forgotten tab on a shared computer does not stay logged in for days.

Renewing means saving the session, so it is done at most once per renewal interval (an eighth of
the idle time, an hour by default): the weekly page under load writes no session per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

__all__ = ["ActiveSessionMiddleware", "LOGIN_AT", "SEEN_AT"]

LOGIN_AT = "lagesbild_login_at"
SEEN_AT = "lagesbild_seen_at"


@receiver(user_logged_in, dispatch_uid="lagesbild-session-login-at")
def remember_login_time(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """Every way in (password, two-factor, OpenID Connect, SAML) goes through ``login()``."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class ActiveSessionMiddleware:
    """End a login older than the longest time; renew a used one before it runs out.

    Sits after AuthenticationMiddleware. A request whose login has outlived
    ``SESSION_MAX_AGE`` is logged out before the view runs, so the view sees an anonymous
    visitor and sends a page to the login (the API answers 401/403 as for anyone)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        # A session from before this rule began counts from its first request under it.
        login_at = session.setdefault(LOGIN_AT, now)
        if now - login_at >= settings.SESSION_MAX_AGE:
            logout(request)
            return
        if now - session.get(SEEN_AT, 0) >= settings.SESSION_COOKIE_AGE // 8:
            session[SEEN_AT] = now  # saving the session moves its expiry forward

"""Rate limits per token, per signed-in user, and per address for anonymous calls."""

from __future__ import annotations

import math
from typing import Any

from django.core.cache import cache
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from lagesbild.api.authentication import TokenPrincipal
from lagesbild.shared_cache import Unavailable, reaching


class _Counts:
    """REST framework's throttles' view of the shared cache: its outage is ``Unavailable``."""

    def get(self, key: str, default: Any = None) -> Any:
        with reaching():
            return cache.get(key, default)

    def set(self, key: str, value: Any, timeout: int) -> None:
        with reaching():
            cache.set(key, value, timeout)


class ApiRateThrottle(SimpleRateThrottle):
    """Limit calls per token (its prefix), per user, or per client address.

    The rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]`` (and ``"api_anon"``), read
    on each call so a changed setting applies at once. The counts live in Django's cache, which
    every server process shares (the database or Redis; settings.py).

    When that cache does not answer (Redis down), the call goes through uncounted: the limit
    protects the servers' time, not against harm that cannot be undone, and refusing every call
    of every integration for the length of an outage would do more harm than a caller held to
    no rate meanwhile. The outage is logged once (``lagesbild.shared_cache``).
    """

    scope = "api"
    cache = _Counts()

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Unavailable:
            return True

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        return rates.get(self.scope)

    def get_cache_key(self, request, view) -> str | None:
        user = request.user
        if isinstance(user, TokenPrincipal):
            ident = f"token:{user.token_prefix}"
        elif getattr(user, "is_authenticated", False):
            ident = f"user:{user.pk}"
        else:
            return None  # anonymous calls are limited by AnonRateThrottle below
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonApiRateThrottle(ApiRateThrottle):
    """Limit unauthenticated calls (the schema, failed logins with a token) per address."""

    scope = "api_anon"

    def get_cache_key(self, request, view) -> str | None:
        if getattr(request.user, "is_authenticated", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RateLimited(exceptions.Throttled):
    """The 429 answer, in one language: REST framework's Swedish catalogue lacks its second
    sentence ("Förfrågan stoppades eftersom du har skickat för många. Expected available in 37
    seconds.")."""

    def __init__(self, wait: float | None) -> None:
        seconds = max(1, math.ceil(wait or 0))
        detail = ngettext(
            "För många anrop: försök igen om %(seconds)d sekund.",
            "För många anrop: försök igen om %(seconds)d sekunder.",
            seconds,
        ) % {"seconds": seconds}
        self.wait = seconds  # the Retry-After header
        exceptions.APIException.__init__(self, detail, self.default_code)


def count_refused_call(request, view) -> None:
    """Count a call refused for its credentials (none, or an unknown or revoked token) against
    its address's limit (``api_anon``); beyond it, 429.

    REST framework checks the limits after the credentials, so a program guessing tokens, or
    one left running with a revoked token, was answered 401 as often as it asked."""
    throttle = AnonApiRateThrottle()
    if not throttle.allow_request(request, view):
        raise RateLimited(throttle.wait())

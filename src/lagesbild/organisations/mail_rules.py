"""Rules every e-mail to a person follows, wherever it is sent from (the password reset, the
member page's invitations and notices): the address its links name, and how many may go out an
hour.

* **The link's host.** ``site_root``: LAGESBILD_BASE_URL (or the SAML base URL, the same public
  address) when configured, so a forged Host header never reaches an e-mail; else the request's
  host, which ALLOWED_HOSTS has checked.
* **Hourly limits.** ``allow_mail`` counts in the shared cache under a keyed hash (HMAC with the
  secret key) of what is counted and the hour, as the public form counts (public/antispam.py):
  no address or id is stored as such, and the counters expire after the hour.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

HOUR = 60 * 60


def site_root(request: HttpRequest) -> str:
    """The scheme and host that links in e-mails name."""
    configured = settings.LAGESBILD_BASE_URL or settings.LAGESBILD_SAML_BASE_URL
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


def allow_mail(kind: str, value: str, limit: int) -> bool:
    """Count one e-mail (or request for one) of ``kind`` for ``value`` this hour; False once
    over ``limit``."""
    return _count(_key(kind, value)) <= limit


def _key(kind: str, value: str) -> str:
    hour = int(time.time() // HOUR)
    digest = salted_hmac(f"lagesbild.mail.{kind}", f"{value}|{hour}").hexdigest()
    return f"lagesbild.mail.{kind}:{hour}:{digest[:32]}"


def _count(key: str) -> int:
    """Add one to the counter under ``key`` and return the new count."""
    cache.add(key, 0, HOUR + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, HOUR + 60)
        return 1

"""Rules every e-mail to a person follows, wherever it is sent from (the password reset, the
member page's invitations and notices): the address its links name, and how many may go out an
hour.

* **The link's host.** ``site_root``: LAGESBILD_BASE_URL (or the SAML base URL, the same public
  address) when configured, so a forged Host header never reaches an e-mail; else the request's
  host, which ALLOWED_HOSTS has checked.
* **Hourly limits.** ``allow_mail`` counts in the shared cache (``lagesbild.hourly_counts``, as
  the public form counts): no address or id is stored as such, and the counters expire after
  the hour. When the cache does not answer (Redis down), nothing is sent: an e-mail cannot be
  taken back, so ``allow_mail`` raises ``shared_cache.Unavailable`` and the page says so
  (``lagesbild.shared_cache``) rather than let unlimited mail through.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from lagesbild.hourly_counts import count, hourly_key


def site_root(request: HttpRequest) -> str:
    """The scheme and host that links in e-mails name."""
    configured = settings.LAGESBILD_BASE_URL or settings.LAGESBILD_SAML_BASE_URL
    if configured:
        parts = urlsplit(configured)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


def allow_mail(kind: str, value: str, limit: int) -> bool:
    """Count one e-mail (or request for one) of ``kind`` for ``value`` this hour; False once
    over ``limit``, ``shared_cache.Unavailable`` when the cache does not answer."""
    return count(hourly_key(f"mail.{kind}", value)) <= limit

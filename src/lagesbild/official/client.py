"""The one HTTP client for polisen.se, Kolada and SCB: polite, HTTPS only, retrying, rate-limited.

Every request names the app in its User-Agent (polisen.se answers 403 without one), goes over
HTTPS only (redirects to plain HTTP are refused), and is retried with exponential backoff on a
timeout, a lost connection or a 5xx answer. A 404 is never retried.

For polisen.se the published rules apply (``core.parsers.polisen.next_allowed_call``): at least
10 s between calls, at most 60 an hour and 1 440 a day, and a 404 is permanent: that address is
never requested again. The call history is the ``FetchLog`` table, so the limits hold across
processes, cron runs and restarts. A call that would have to wait longer than ``max_wait`` is
refused with the time it becomes allowed, rather than sleeping for an hour.

Tests inject a ``transport`` (a callable from :class:`HttpRequest` to :class:`HttpResponse`), a
``clock`` and a ``sleep``, so nothing touches the network or waits.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from typing import Any

from django.conf import settings

from lagesbild.core.parsers import polisen, scb
from lagesbild.core.parsers.common import ParseError
from lagesbild.core.parsers.kolada import next_page_url
from lagesbild.official.models import FetchLog

__all__ = [
    "KOLADA_BASE_URL",
    "FetchError",
    "HttpRequest",
    "HttpResponse",
    "NotFoundError",
    "RateLimitedError",
    "SourceClient",
    "default_client",
    "fetch_kolada",
    "fetch_polisen",
    "fetch_scb",
    "urllib_transport",
    "user_agent",
]

KOLADA_BASE_URL = "https://api.kolada.se/v3"

# Sources whose rules say how often they may be called; others are only called once per command.
_RATE_LIMITS: Mapping[str, polisen.RateLimitPolicy] = {"polisen": polisen.DEFAULT_RATE_LIMIT}
# Sources whose 404 means "gone for good" (polisen.se's rules say so explicitly).
_PERMANENT_404 = frozenset({"polisen"})
# The rate rules look back one day; a month of history is kept to show the rules were kept.
_RETENTION = timedelta(days=30)
# Kolada pages are followed at most this many times: a loop in next_url must end.
_MAX_PAGES = 100


class FetchError(Exception):
    """A source could not be fetched; the message is one line for the user."""


class NotFoundError(FetchError):
    """The source answered 404 (or did before, for sources where that is permanent)."""


class RateLimitedError(FetchError):
    """The source's rules (or its 429 answer) forbid a call now."""


@dataclass(frozen=True)
class HttpRequest:
    """One request as the transport receives it."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: float


@dataclass(frozen=True)
class HttpResponse:
    """The status and body of an answer (also of 4xx and 5xx answers)."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


Transport = Callable[[HttpRequest], HttpResponse]


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to HTTPS addresses."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201
        if not newurl.startswith("https://"):
            raise urllib.error.URLError(f"refused redirect to non-HTTPS address {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpsOnlyRedirects)


def urllib_transport(request: HttpRequest) -> HttpResponse:
    """Send a request with urllib; HTTP errors come back as responses, network errors raise."""
    raw = urllib.request.Request(
        request.url, data=request.body, headers=dict(request.headers), method=request.method
    )
    try:
        with _OPENER.open(raw, timeout=request.timeout) as answer:
            return HttpResponse(answer.status, answer.read(), dict(answer.headers))
    except urllib.error.HTTPError as error:
        return HttpResponse(error.code, error.read(), dict(error.headers or {}))


def user_agent() -> str:
    """Return the User-Agent: app, version, project address and contact when configured."""
    try:
        version = metadata.version("lagesbild")
    except metadata.PackageNotFoundError:
        version = "0"
    details = []
    if project_url := _setting("LAGESBILD_PROJECT_URL"):
        details.append(f"+{project_url}")
    if contact := _setting("LAGESBILD_CONTACT"):
        details.append(f"kontakt: {contact}")
    return f"Lagesbild/{version}" + (f" ({'; '.join(details)})" if details else "")


def _setting(name: str) -> str:
    # Read from settings when the project defines it, else straight from the environment.
    return str(getattr(settings, name, "") or os.environ.get(name, "")).strip()


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CallHistory:
    """Earlier calls per source, from the FetchLog table."""

    def times(self, source: str, since: datetime) -> list[datetime]:
        """Return the times of calls to ``source`` at or after ``since``."""
        return list(
            FetchLog.objects.filter(source=source, at__gte=since).values_list("at", flat=True)
        )

    def gone(self, source: str, url: str) -> bool:
        """Return True when ``url`` has answered 404 before."""
        return FetchLog.objects.filter(source=source, url=url, status=404).exists()

    def record(self, source: str, url: str, at: datetime, status: int | None) -> None:
        """Remember one call, and forget calls older than the retention (404s are kept)."""
        FetchLog.objects.create(source=source, url=url[:1000], at=at, status=status)
        FetchLog.objects.filter(source=source, at__lt=at - _RETENTION).exclude(status=404).delete()


class SourceClient:
    """Fetch from the external sources politely; see the module docstring."""

    def __init__(
        self,
        transport: Transport = urllib_transport,
        *,
        history: CallHistory | None = None,
        clock: Callable[[], datetime] = _utc_now,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = 3,
        backoff: float = 5.0,
        timeout: float = 30.0,
        max_wait: timedelta = timedelta(minutes=2),
    ) -> None:
        self.transport = transport
        self.history = history or CallHistory()
        self.clock = clock
        self.sleep = sleep
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.max_wait = max_wait

    def get(self, source: str, url: str) -> bytes:
        """Return the body of a GET on ``url``."""
        return self._request(source, "GET", url, None, {})

    def post_json(self, source: str, url: str, body: Any) -> bytes:
        """Return the body of a POST of ``body`` as JSON to ``url``."""
        data = json.dumps(body).encode("utf-8")
        return self._request(source, "POST", url, data, {"Content-Type": "application/json"})

    def _request(
        self, source: str, method: str, url: str, body: bytes | None, headers: Mapping[str, str]
    ) -> bytes:
        if not url.startswith("https://"):
            raise FetchError(f"{url}: only HTTPS addresses are fetched")
        if source in _PERMANENT_404 and self.history.gone(source, url):
            raise NotFoundError(f"{url} answered 404 before; {source} asks never to call it again")
        request = HttpRequest(
            method, url, {"User-Agent": user_agent(), "Accept": "application/json", **headers},
            body, self.timeout,
        )  # fmt: skip
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            self._wait_for_turn(source)
            response = self._send(source, request, last)
            if response is None:
                self.sleep(self.backoff * 2**attempt)
                continue
            if 200 <= response.status < 300:
                return response.body
            if response.status >= 500 and not last:
                self.sleep(self.backoff * 2**attempt)
                continue
            raise _status_error(source, url, response.status)
        raise FetchError(f"{url}: no answer after {self.retries + 1} attempts")  # pragma: no cover

    def _send(self, source: str, request: HttpRequest, last: bool) -> HttpResponse | None:
        """Send once and log it; None means a network failure worth retrying."""
        at = self.clock()
        try:
            response = self.transport(request)
        except (TimeoutError, OSError) as exc:
            # urllib.error.URLError is an OSError; so are refused connections.
            self.history.record(source, request.url, at, None)
            if last:
                raise FetchError(f"{request.url}: {exc}") from None
            return None
        self.history.record(source, request.url, at, response.status)
        return response

    def _wait_for_turn(self, source: str) -> None:
        """Sleep until the source's rate rules allow a call, or refuse if that is too long."""
        policy = _RATE_LIMITS.get(source)
        if policy is None:
            return
        now = self.clock()
        history = self.history.times(source, now - timedelta(days=1))
        allowed = polisen.next_allowed_call(history, now, policy)
        wait = allowed - now
        if wait > self.max_wait:
            raise RateLimitedError(
                f"{source}: the published limits allow the next call at "
                f"{allowed.astimezone():%Y-%m-%d %H:%M:%S}"
            )
        if wait > timedelta(0):
            self.sleep(wait.total_seconds())


def _status_error(source: str, url: str, status: int) -> FetchError:
    if status == 404:
        return NotFoundError(f"{url}: 404 Not Found (not retried)")
    if status == 429:
        return RateLimitedError(f"{url}: 429 Too Many Requests; {source} asks for fewer calls")
    if status == 403:
        return FetchError(f"{url}: 403 Forbidden (is the User-Agent accepted? {user_agent()})")
    return FetchError(f"{url}: HTTP {status}")


def default_client() -> SourceClient:
    """Return the client the commands use (tests replace this function)."""
    return SourceClient()


# --- one fetch function per source -------------------------------------------------------------


def fetch_polisen(client: SourceClient, location: str | None = None) -> tuple[str, bytes]:
    """Return (url, body) of the current police events, optionally for one place."""
    url = polisen.build_events_url(location=location)
    return url, client.get("polisen", url)


def fetch_kolada(
    client: SourceClient,
    kpi: str | Sequence[str],
    municipality_code: str | Sequence[str],
    year: int | Sequence[int],
) -> tuple[str, list[bytes]]:
    """Return (url, pages) of Kolada KPIs for municipalities and years, following next_url.

    Several KPIs, municipalities or years go into one request (comma-separated, as the API's
    path scheme allows), so a sync asks once rather than once per combination.
    """
    url = (
        f"{KOLADA_BASE_URL}/data/kpi/{_joined(kpi)}/municipality/{_joined(municipality_code)}"
        f"/year/{_joined(year)}"
    )
    pages: list[bytes] = []
    next_url: str | None = url
    while next_url and len(pages) < _MAX_PAGES:
        page = client.get("kolada", next_url)
        pages.append(page)
        try:
            next_url = next_page_url(page, next_url)
        except ParseError as exc:
            raise FetchError(str(exc)) from None
    return url, pages


def fetch_scb(
    client: SourceClient, municipality_code: str | Sequence[str], years: Sequence[int]
) -> tuple[str, bytes]:
    """Return (url, body) of SCB's population for municipalities and years (PxWeb v1 JSON-stat)."""
    codes = [municipality_code] if isinstance(municipality_code, str) else municipality_code
    try:
        query = scb.population_query(codes, years)
    except ValueError as exc:
        raise FetchError(str(exc)) from None
    return scb.POPULATION_URL, client.post_json("scb", scb.POPULATION_URL, query)


def _joined(value: str | int | Sequence[str] | Sequence[int]) -> str:
    """Return one path value, or several joined by commas."""
    if isinstance(value, (str, int)):
        return str(value)
    return ",".join(str(item) for item in value)

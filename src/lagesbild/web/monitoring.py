"""Optional error reporting to Sentry (or a Sentry-compatible server such as GlitchTip).

Only when ``SENTRY_DSN`` is set is the SDK started; without it nothing is sent anywhere. What is
sent is the error's type, its stack (file, line, function — no local variables), the URL pattern
and the request id; never personal data: ``send_default_pii`` is off (no user, no IP address, no
cookies) and :func:`scrub_event` removes the request's body, query string, cookies and headers and
runs every message through the same scrubber as report text (``core.privacy``), because an
exception's message may quote what someone typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

from lagesbild.core.privacy import scrub_text

Event = dict[str, Any]
# Headers that say nothing about a person and help to follow a request.
_KEPT_HEADERS = {"x-request-id", "content-type", "content-length"}


def _scrub_request(request: Mapping[str, Any]) -> dict[str, Any]:
    url = request.get("url")
    kept: dict[str, Any] = {"method": request.get("method")}
    if isinstance(url, str):
        parts = urlsplit(url)
        kept["url"] = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    headers = request.get("headers") or {}
    kept["headers"] = {k: v for k, v in headers.items() if k.lower() in _KEPT_HEADERS}
    return kept


def _scrub_exceptions(event: Event) -> None:
    for value in (event.get("exception") or {}).get("values") or []:
        if isinstance(value.get("value"), str):
            value["value"] = scrub_text(value["value"])
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)


def _scrub_messages(event: Event) -> None:
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = scrub_text(logentry[key])
        logentry.pop("params", None)
    if isinstance(event.get("message"), str):
        event["message"] = scrub_text(event["message"])
    crumbs = event.get("breadcrumbs")
    values = crumbs.get("values") if isinstance(crumbs, dict) else crumbs
    for crumb in values or []:
        if isinstance(crumb.get("message"), str):
            crumb["message"] = scrub_text(crumb["message"])
        crumb.pop("data", None)


def scrub_event(event: Event, hint: object = None) -> Event:
    """Remove personal data from an event before it leaves the server (Sentry's before_send)."""
    if isinstance(event.get("request"), dict):
        event["request"] = _scrub_request(event["request"])
    for key in ("user", "extra", "server_name"):
        event.pop(key, None)
    _scrub_exceptions(event)
    _scrub_messages(event)
    return event


def init_sentry(dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start the Sentry SDK when ``dsn`` is set and return True; without it do nothing."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.types import Event as SentryEvent
    from sentry_sdk.types import Hint

    from lagesbild.web.logs import current_request_id

    def before_send(event: SentryEvent, hint: Hint) -> SentryEvent:
        plain = cast(Event, event)
        plain.setdefault("tags", {})["request_id"] = current_request_id.get()
        return cast(SentryEvent, scrub_event(plain, hint))

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration()],
        before_send=before_send,
        before_send_transaction=before_send,
    )
    return True

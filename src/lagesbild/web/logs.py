"""Request ids and log lines: every request gets an id, every log line written while it is served
names it, and ``LAGESBILD_LOG_FORMAT=json`` writes one JSON object per line for a log collector.

The id comes from the reverse proxy's ``X-Request-ID`` when it sent a sensible one (so the
proxy's access log and ours can be joined), otherwise it is made here; it is sent back in the
answer's ``X-Request-ID``. It lives in a context variable, so the log filter finds it without the
request at hand.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (Caddy's and nginx's are hex or UUIDs); anything else — too
# long, control characters, spaces — is replaced, so it cannot forge or break a log line.
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NO_REQUEST = "-"

current_request_id: ContextVar[str] = ContextVar("lagesbild_request_id", default=NO_REQUEST)


def request_id_from(header: str | None) -> str:
    """Return the proxy's id when acceptable, else a new one (32 hex digits)."""
    if header and _ACCEPTABLE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id (``request.request_id``), log under it and answer it as a header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Not reset on the way out: Django logs a 4xx or 5xx answer ("django.request") after the
        # middleware has returned. forget_request_id does it when the request has finished.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response


def forget_request_id(**kwargs: object) -> None:
    """End the request's id when Django's ``request_finished`` is sent (web/apps.py)."""
    current_request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record as ``request_id`` ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id.get()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # ensure_ascii keeps each line plain ASCII whatever the message holds; a newline in a
        # message is escaped, so one record is always one line.
        return json.dumps(entry, ensure_ascii=True, default=str)


class RefusedHostFilter(logging.Filter):
    """Log a request for a host not in ALLOWED_HOSTS as a warning, without a traceback.

    Django logs it as an ERROR with the whole stack: every scanner that probes the server's
    address with another Host header then set off the alert on ``"level": "ERROR"`` that
    docs/operations.md recommends. The request is answered 400; nothing in the app failed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Libraries whose INFO lines are steps, not events: WeasyPrint writes ten for every PDF.
QUIET_LIBRARIES = ("weasyprint", "fontTools")


def logging_config(log_format: str, level: str) -> dict[str, object]:
    """Return Django's LOGGING for ``text`` (the default) or ``json`` lines on standard error."""
    if log_format not in {"text", "json"}:
        raise ValueError(f"LAGESBILD_LOG_FORMAT must be text or json, not {log_format!r}")
    # logging.config would stop on a wrong name with only "Unable to configure root logger".
    level_name = level.strip().upper()
    if level_name not in LOG_LEVELS:
        raise ValueError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}")
    formatters: dict[str, dict[str, str]] = {
        "json": {"()": "lagesbild.web.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "lagesbild.web.logs.RequestIdFilter"},
            "refused_host": {"()": "lagesbild.web.logs.RefusedHostFilter"},
        },
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level_name},
        "loggers": {
            "django.security.DisallowedHost": {"filters": ["refused_host"]},
            **{name: {"level": "WARNING"} for name in QUIET_LIBRARIES if level_name == "INFO"},
        },
    }

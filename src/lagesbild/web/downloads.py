"""File downloads and the audit of every export, shared by the API's and the web pages' exports.

Every export is written to the audit log as ``lagesbild.export.<what>`` with its format and
filters. A token has no user account, so its entries name the token.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse

from lagesbild.audit.services import log_action, request_actor

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "svg": "image/svg+xml",
    "png": "image/png",
}


def file_response(content: bytes, fmt: str, stem: str) -> HttpResponse:
    """Return ``content`` as a download named ``<stem>.<fmt>``."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def audit_export(
    request: Any,
    what: str,
    fmt: str,
    detail: dict[str, Any],
    obj: models.Model | None = None,
) -> None:
    """Record an export of ``what`` in ``fmt`` with its filters and size."""
    actor, who = request_actor(request)
    log_action(actor, f"lagesbild.export.{what}", obj, {"format": fmt, **detail, **who}, request)

"""File downloads and their audit, shared by the API's and the web pages' exports.

Every export is written to the audit log as ``lagesbild.export.<what>`` with its format and
filters; every report in a sensitive category that a caller is shown, in a file or as JSON, is
logged with ``log_sensitive_read``. A token has no user account, so its entries name the token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpResponse

from lagesbild.api.access import audit_actor
from lagesbild.audit.services import log_action, log_sensitive_read

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
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
    actor, who = audit_actor(request)
    log_action(actor, f"lagesbild.export.{what}", obj, {"format": fmt, **detail, **who}, request)


def audit_sensitive_read(request: Any, reports: Iterable[Any], where: str) -> None:
    """Log the sensitive reports among ``reports`` (Report objects) that the caller is shown."""
    actor, who = audit_actor(request)
    label = f"{where} ({who['token']}, {who['organisation']})" if who else where
    log_sensitive_read(actor, reports, request, label)


def sensitive_reports(report_ids: Iterable[int]) -> list[Any]:
    """Return the reports among ``report_ids`` that are in a sensitive category."""
    from lagesbild.reports.models import Report

    return list(
        Report.objects.filter(pk__in=list(report_ids), category__sensitive=True).select_related(
            "category"
        )
    )

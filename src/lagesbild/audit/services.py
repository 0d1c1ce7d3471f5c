"""Write audit entries. Action codes are namespaced: ``lagesbild.<object>.<verb>``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from lagesbild.audit.models import AuditEntry

SENSITIVE_READ = "lagesbild.report.sensitive_read"


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client's address; behind a proxy the app trusts REMOTE_ADDR as set by it."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_action(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Record that ``actor`` performed ``action`` (optionally on ``obj``)."""
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    return _write(actor, action, (object_type, object_id), detail, request)


def _write(
    actor: Any,
    action: str,
    target: tuple[str, str],
    detail: dict[str, Any] | None,
    request: HttpRequest | None,
) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=user.get_username() if user else "",
        action=action,
        object_type=target[0],
        object_id=target[1],
        detail=detail or {},
        ip_address=client_ip(request),
    )


def log_sensitive_read(
    actor: Any, reports: Any, request: HttpRequest | None = None, where: str = ""
) -> None:
    """Log that ``actor`` was shown reports in sensitive categories (one entry per page or call).

    ``reports`` is any iterable of Report objects, or of rows with the report's ``id`` (the
    weekly page's); nothing is logged when none is sensitive.
    """
    sensitive = _sensitive_ids(list(reports))
    if not sensitive:
        return
    # One report (its own page) is named as the object, so the admin's id search finds it.
    target = ("reports.report", str(sensitive[0])) if len(sensitive) == 1 else ("", "")
    _write(actor, SENSITIVE_READ, target, {"reports": sensitive, "where": where}, request)


def _sensitive_ids(reports: list[Any]) -> list[int]:
    """Return the ids of the sensitive reports, asking the database only about plain rows."""
    from lagesbild.reports.models import Report

    loaded = [r for r in reports if isinstance(r, Report)]
    ids = [r.pk for r in loaded if r.category.sensitive]
    rows = [r.id for r in reports if not isinstance(r, Report)]
    if rows:
        found = Report.objects.filter(pk__in=rows, category__sensitive=True)
        ids += found.order_by().values_list("pk", flat=True)  # sorted below; no sort by time
    return sorted(ids)

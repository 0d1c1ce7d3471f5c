"""Write audit entries. Action codes are namespaced: ``lagesbild.<object>.<verb>``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from lagesbild.audit.models import AuditEntry


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
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=user.get_username() if user else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip_address=client_ip(request),
    )


def log_sensitive_read(actor: Any, reports: Any, request: HttpRequest | None = None, where: str = "") -> None:
    """Log that ``actor`` was shown reports in sensitive categories (one entry per page or call).

    ``reports`` is any iterable of Report objects; nothing is logged when none is sensitive.
    """
    sensitive = [r.pk for r in reports if r.category.sensitive]
    if sensitive:
        log_action(actor, "lagesbild.report.sensitive_read", None, {"reports": sensitive, "where": where}, request)

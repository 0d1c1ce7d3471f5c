"""Write audit entries. Action codes are namespaced: ``lagesbild.<object>.<verb>``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from lagesbild.audit.models import AuditEntry
from lagesbild.durability import insert_without_waiting

SENSITIVE_READ = "lagesbild.report.sensitive_read"


def request_actor(request: Any) -> tuple[Any, dict[str, str]]:
    """Return (user for the audit log, detail naming the token) of a request.

    An API token has no user account: its entries name the token and its organisation.
    """
    user: Any = getattr(request, "user", None)
    prefix = getattr(user, "token_prefix", None)
    if prefix:
        return None, {"token": f"lb_{prefix}", "organisation": user.organisation.slug}
    return user, {}


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
    return write_entry(actor, action, (object_type, object_id), detail, request)


def write_entry(
    actor: Any,
    action: str,
    target: tuple[str, str],
    detail: dict[str, Any] | None,
    request: HttpRequest | None,
    *,
    wait_for_disk: bool = True,
) -> AuditEntry:
    """Write one entry. ``wait_for_disk=False`` is for a page that only reads.

    Every view of sensitive reports writes an entry: such an entry outside a transaction is
    committed without waiting for the disk (``durability.insert_without_waiting``); a crash of
    the database server may lose the last fraction of a second of them, never a write's own
    entry, which commits with the write.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        actor=user,
        actor_label=user.get_username() if user else "",
        action=action,
        object_type=target[0],
        object_id=target[1],
        detail=detail or {},
        ip_address=client_ip(request),
    )
    if wait_for_disk:
        entry.save(force_insert=True)
    else:
        insert_without_waiting(entry)  # save() only refuses changes, and this is a new row
    return entry

"""Write audit entries. Action codes are namespaced: ``lagesbild.<object>.<verb>``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest

from lagesbild.audit.models import AuditEntry

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


def write_read_entry(
    actor: Any,
    action: str,
    target: tuple[str, str],
    detail: dict[str, Any] | None,
    request: HttpRequest | None,
) -> AuditEntry:
    """``write_entry`` for a page that only reads: committed without waiting for the disk.

    Every view of sensitive reports writes an entry, and a commit that waits for the disk
    costs 5 ms here, which bounded the whole site under load (docs/performance.md). On
    PostgreSQL such an entry outside a transaction is committed asynchronously: a crash of the
    database server may lose the last fraction of a second of them (never a write's own entry,
    which commits with the write), but the database stays consistent. SQLite commits this way
    always (``synchronous=NORMAL``, settings.py).
    """
    with _commit_without_waiting():
        return write_entry(actor, action, target, detail, request)


@contextmanager
def _commit_without_waiting() -> Iterator[None]:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield  # inside a transaction the entry commits with it, as the transaction asks
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield

"""Write lockouts to the audit log, beside django-axes' own records (AccessAttempt)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver

from lagesbild.audit.services import log_action

LOCKED_OUT = "lagesbild.auth.locked_out"


@receiver(user_locked_out, dispatch_uid="lagesbild-audit-lockout")
def audit_lockout(
    sender: Any, request: Any = None, username: str | None = None, **kwargs: Any
) -> None:
    """Record who was locked out and from where; the attempt itself is anonymous."""
    log_action(None, LOCKED_OUT, detail={"username": username or ""}, request=request)

"""Write lockouts to the audit log (beside django-axes' AccessAttempt); confirm a logout."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.translation import gettext as _

from lagesbild.audit.services import log_action

LOCKED_OUT = "lagesbild.auth.locked_out"


@receiver(user_locked_out, dispatch_uid="lagesbild-audit-lockout")
def audit_lockout(
    sender: Any, request: Any = None, username: str | None = None, **kwargs: Any
) -> None:
    """Record who was locked out and from where; the attempt itself is anonymous."""
    log_action(None, LOCKED_OUT, detail={"username": username or ""}, request=request)


@receiver(user_logged_out, dispatch_uid="lagesbild-logged-out-message")
def confirm_logout(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """Say so on the login page the logout leads to: on a shared computer, that matters."""
    if request is not None:
        # The message outlives the session the logout flushes (it is kept in a cookie).
        messages.info(request, _("Du är utloggad."), fail_silently=True)

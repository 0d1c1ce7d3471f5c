"""What django-axes keeps of a failed login's username: no personal data typed into the field.

django-axes stores the username of every failed login (``AccessAttempt``, ``AccessFailureLog``),
keys the lockout by it, and passes it to the lockout's audit entry (``signals.audit_lockout``).
What is typed there is not always a username: a personnummer or a phone number typed into the
wrong field would be kept as typed. ``stored_username`` (``AXES_USERNAME_CALLABLE``) gives axes
the username itself when it is an account's (the staff's own, kept as they are), and otherwise
the typed text scrubbed by ``core.privacy`` with a keyed tag of what was typed: ``850312-1234``
becomes ``[personnummer]#…``. The tag keeps the lockout per typed username (two numbers typed
from one address are two counts, as before), and without the key it confirms no guess, as a
report's fingerprint (``reports.services.keyed_digest``). A typed text in which the scrubber finds
nothing is kept as it is, cut to axes' column (a longer one was refused by PostgreSQL with a 500).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from lagesbild.core.privacy import scrub_text
from lagesbild.reports.services import keyed_digest

#: What the tag of a scrubbed username is keyed with (with the SECRET_KEY).
TAG_SALT = "lagesbild.accounts.typed_username"
TAG_LENGTH = 16
# AccessAttempt.username and AccessFailureLog.username hold 255 characters.
MAX_LENGTH = 255


def stored_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> Any:
    """AXES_USERNAME_CALLABLE: the username as typed, or scrubbed and tagged (see above)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")  # axes.conf sets it
    if credentials:
        typed = credentials.get(field)
    elif request is not None:
        typed = getattr(request, "data", request.POST).get(field)
    else:
        typed = None
    if not isinstance(typed, str) or not typed:
        return typed
    users = get_user_model()
    if users._default_manager.filter(**{users.USERNAME_FIELD: typed}).exists():
        return typed
    scrubbed = scrub_text(typed)
    if scrubbed == typed:
        return typed[:MAX_LENGTH]
    tag = keyed_digest(TAG_SALT, typed, settings.SECRET_KEY)[:TAG_LENGTH]
    return f"{scrubbed[: MAX_LENGTH - TAG_LENGTH - 1]}#{tag}"

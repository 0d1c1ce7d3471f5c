"""django-axes and logins through the provider: not password guessing, so not counted.

django-axes counts failed ``authenticate`` calls by username and address. A refused login through
the provider (no mapped group, a forged answer) has no username, so every such failure from an
office's shared address would add up to one lock-out of the provider's button for everyone
there. The provider stops password guessing at its own login; only password logins count here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def not_a_password_login(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """AXES_WHITELIST_CALLABLE: True for an attempt that carries no username (the provider's)."""
    return not (credentials or {}).get("username")

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lagesbild.organisations.access import viewer_for


def membership(request: HttpRequest) -> dict[str, Any]:
    """Expose the signed-in user's viewer (organisation, role, rights) to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"viewer": None}
    return {"viewer": viewer_for(user)}

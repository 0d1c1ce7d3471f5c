"""Who an API caller is, for the access rules of ``organisations/access.py``.

A session user is the web app's viewer. A token acts as its organisation with the rights of a
**reporter of that organisation** (docs/permissions.md, "The API"): it reads its organisation's
text, sees sensitive categories only if the organisation is the police, manages nothing.
"""

from __future__ import annotations

from typing import Any

from lagesbild.api.authentication import TokenPrincipal
from lagesbild.organisations import access
from lagesbild.organisations.access import Viewer, viewer_for
from lagesbild.organisations.models import Membership, Role

TOKEN_ROLE = Role.REPORTER


def token_viewer(principal: TokenPrincipal) -> Viewer:
    """Return the viewer of a token: a reporter of the token's organisation."""
    organisation = principal.organisation
    # An unsaved membership lets access.py apply its own role rules, so they live in one place.
    membership = Membership(organisation=organisation, role=TOKEN_ROLE)
    return Viewer(
        user_id=None,
        username=str(principal),
        municipality_ids=frozenset({organisation.municipality_id}),
        organisation_ids=frozenset({organisation.pk}),
        reads_all_text=access._reads_all_text(membership),
        sees_sensitive=access._sees_sensitive(membership),
        can_file_reports=TOKEN_ROLE in access.FILING_ROLES,
        is_coordinator=False,
        label=f"{organisation.name} (API)",
    )


def request_viewer(request: Any) -> Viewer:
    """Return the viewer of an API request, token or session."""
    user = request.user
    if isinstance(user, TokenPrincipal):
        return token_viewer(user)
    return viewer_for(user)


def audit_actor(request: Any) -> tuple[Any, dict[str, str]]:
    """Return (user for the audit log, detail naming the token); a token has no user account."""
    user = request.user
    if isinstance(user, TokenPrincipal):
        return None, {"token": f"lb_{user.token_prefix}", "organisation": user.organisation.slug}
    return user, {}

"""Who an API caller is, for the access rules of ``organisations/access.py``.

A session user is the web app's viewer. A token acts as its organisation with the rights of a
**reporter of that organisation** (docs/permissions.md, "The API"): it reads its organisation's
text, sees sensitive categories only if the organisation is the police, manages nothing.
"""

from __future__ import annotations

from typing import Any

from lagesbild.api.authentication import TokenPrincipal
from lagesbild.organisations.access import Viewer, organisation_viewer, viewer_for
from lagesbild.organisations.models import Role

TOKEN_ROLE = Role.REPORTER


def token_viewer(principal: TokenPrincipal) -> Viewer:
    """Return the viewer of a token: a reporter of the token's organisation."""
    organisation = principal.organisation
    return organisation_viewer(organisation, TOKEN_ROLE, f"{organisation.name} (API)")


def request_viewer(request: Any) -> Viewer:
    """Return the viewer of an API request, token or session."""
    user = request.user
    if isinstance(user, TokenPrincipal):
        return token_viewer(user)
    return viewer_for(user)

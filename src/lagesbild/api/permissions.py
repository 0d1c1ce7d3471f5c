"""Scope checks for token-authenticated requests."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from lagesbild.api.authentication import TokenPrincipal


class HasScope(BasePermission):
    """Allow a request whose token carries ``scope``: ``permission_classes = [HasScope(...)]``."""

    def __init__(self, scope: str) -> None:
        self.scope = str(scope)

    def __call__(self) -> HasScope:
        # DRF instantiates each entry of permission_classes; an instance stands for itself.
        return self

    @property
    def message(self) -> str:
        # The instance lives as long as the process; the answer is in the caller's language.
        return _("API-nyckeln saknar behörigheten %(scope)s.") % {"scope": self.scope}

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not getattr(user, "is_authenticated", False):
            return False  # DRF turns this into 401 with the authenticator's header
        return isinstance(user, TokenPrincipal) and user.has_scope(self.scope)


class ScopeOrSession(HasScope):
    """Allow a token with ``scope``, or a signed-in user (what they see is access.py's question).

    A web user reads and exports through the API what the pages show them; scopes limit tokens.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if isinstance(user, TokenPrincipal):
            return user.has_scope(self.scope)
        return bool(getattr(user, "is_authenticated", False))

"""The login page's words about the lockout, from the same terms as the lockout page."""

from __future__ import annotations

from django import template

from lagesbild.accounts.views import lockout_terms

register = template.Library()


@register.simple_tag
def login_lockout_terms() -> dict[str, int]:
    """``{"limit": 5, "minutes": 30}``: failed logins before a lockout, and how long it lasts."""
    return lockout_terms()

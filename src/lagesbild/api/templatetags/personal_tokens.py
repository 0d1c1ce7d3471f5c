"""Whether the page foot links to the person's API tokens."""

from __future__ import annotations

from django import template

from lagesbild.organisations.access import Viewer, holds_personal_token_role

register = template.Library()


@register.filter
def holds_personal_tokens(viewer: Viewer | None) -> bool:
    return viewer is not None and holds_personal_token_role(viewer)

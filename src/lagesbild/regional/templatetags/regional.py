"""Whether the menu offers the regional view."""

from __future__ import annotations

from django import template

from lagesbild.organisations.access import Viewer, is_regional

register = template.Library()


@register.filter(name="is_regional")
def regional(viewer: Viewer | None) -> bool:
    return viewer is not None and is_regional(viewer)

"""Whether the menu offers the regional view, and which municipality its links keep."""

from __future__ import annotations

from django import template

from lagesbild.organisations.access import Viewer, is_regional

register = template.Library()


@register.filter(name="is_regional")
def regional(viewer: Viewer | None) -> bool:
    return viewer is not None and is_regional(viewer)


@register.filter
def kommun_query(viewer: Viewer | None, code: str | None) -> str:
    """``?kommun=CODE`` for the menu's links of a person in several municipalities on a page of
    one of them (``code``), so the next page is of the same municipality; else nothing."""
    return f"?kommun={code}" if code and regional(viewer) else ""

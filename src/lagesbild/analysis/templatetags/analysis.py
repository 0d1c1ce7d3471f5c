"""The analysis menu entry, the heat classes of the hour × weekday grid and the week page's
small block of analysis notes (near-repeat warnings, reporting effort)."""

from __future__ import annotations

from typing import Any

from django import template

from lagesbild.analysis.services import effort_change, near_repeat_warnings
from lagesbild.organisations.access import analysed_municipalities

register = template.Library()

HEAT_LEVELS = 5


@register.filter
def heat(value: float, maximum: float) -> str:
    """A class heat-0 … heat-5 for a cell's share of the largest (shape-free, so the number is
    always printed too)."""
    if not maximum or value <= 0:
        return "heat-0"
    return f"heat-{max(1, min(HEAT_LEVELS, round(HEAT_LEVELS * value / maximum)))}"


@register.filter
def share_of(value: float, maximum: float) -> int:
    """Percent of the largest, for a bar's width class."""
    return 0 if not maximum else round(100 * value / maximum)


@register.inclusion_tag("analysis/_week_notes.html", takes_context=True)
def analysis_week_notes(context: Any, picture: Any, web: bool = False) -> dict[str, Any]:
    """Near-repeat warnings and the reporting-effort sentence of the week shown, computed for
    the signed-in viewer in the week's municipality (nothing for anyone else). The links to the
    analysis pages only on the ``web`` page: in the PDF they were a stray "Knox-tabellen" and
    "Per organisation" after the sentences, leading nowhere."""
    from lagesbild.organisations.access import narrowed, viewer_municipality

    viewer = context.get("viewer")
    if viewer is None or not viewer.has_access:
        return {"warnings": [], "effort": None}
    # The municipality the week view shows.
    municipality = viewer_municipality(viewer, picture.municipality_code)
    week = picture.week

    # Cached with the week page's body (``briefings.views.week``), which includes this block.
    local = narrowed(viewer, municipality.pk)
    return {
        "warnings": near_repeat_warnings(local, municipality, week),
        # No comparison where the weekly page makes none (a week in progress, last week the
        # first reporting week or before it); the page says why.
        "effort": effort_change(
            local, municipality, week, getattr(picture, "previous_complete", None)
        ),
        "analyses": web and viewer.analyses(municipality.pk),  # a right held per municipality
        "code": municipality.code,
        "week": str(week),
    }


@register.simple_tag(takes_context=True)
def other_analysed_municipalities(context: Any) -> list[Any]:
    """The municipalities whose analysis pages the signed-in person opens, when more than one:
    the pages offer each (the same page there), so a police analyst of several municipalities
    need not edit the address."""
    viewer = context.get("viewer")
    if viewer is None or len(viewer.analysis_municipality_ids) < 2:
        return []
    return analysed_municipalities(viewer)

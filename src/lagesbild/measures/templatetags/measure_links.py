"""The "Besluta åtgärd" link from a finding of the weekly lägesbild (``measures.finding``)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.finding import finding_query

register = template.Library()

#: The radius of a hot cell's circle: an H3 resolution-9 cell is about 350 m across.
HOTSPOT_RADIUS_METRES = 200


@register.simple_tag
def decide_measure_url(
    kind: str,
    week: IsoWeek,
    municipality_code: str,
    district: str | None = None,
    category: str | None = None,
    place: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> str:
    """The measure form's address pre-filled from a finding (the page shows it to those who
    decide measures; the form itself checks the right again)."""
    centre = (latitude, longitude) if latitude is not None and longitude is not None else None
    query = finding_query(
        municipality_code,
        kind,
        week,
        district=district,
        categories=(category,) if category else (),
        place=place or "",
        centre=centre,
        radius=HOTSPOT_RADIUS_METRES if centre else None,
    )
    return f"{reverse('measure-create')}?{query}"

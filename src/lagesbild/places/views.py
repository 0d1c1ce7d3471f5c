"""The report form's place helpers: suggestions as you type, and the named place at a pin.

Both answer JSON and only to members of the municipality asked about (others get 404, as for
every page of a municipality that is not theirs).
"""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lagesbild.core.text import text_problem
from lagesbild.organisations.access import viewer_in
from lagesbild.places.services import gazetteer_for, place_json

MAX_QUERY = 100


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_GET
@login_required
def place_suggestions(request: HttpRequest, code: str) -> JsonResponse:
    """Places whose names start with (or have a word starting with) ``q``."""
    _viewer, municipality = viewer_in(request.user, code)
    typed = request.GET.get("q", "")
    if len(typed) > MAX_QUERY or text_problem(typed) is not None:
        return _refused(_("Sökningen är för lång eller innehåller otillåtna tecken."))
    places = gazetteer_for(municipality).suggest(typed)
    return JsonResponse({"places": [place_json(p) for p in places]})


def _coordinate(value: str | None, limit: float) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


@require_GET
@login_required
def nearest_place(request: HttpRequest, code: str) -> JsonResponse:
    """The named place nearest ``lat``/``lon`` (within a few hundred metres), or null."""
    _viewer, municipality = viewer_in(request.user, code)
    lat = _coordinate(request.GET.get("lat"), 90)
    lon = _coordinate(request.GET.get("lon"), 180)
    if lat is None or lon is None:
        return _refused(_("Ange lat och lon i decimala grader."))
    place = gazetteer_for(municipality).nearest(lat, lon)
    return JsonResponse({"place": place_json(place) if place else None})

"""The analysis map page and its week data (JSON), for whom the analysis pages are open.

The page shows one week of the window (``?till=`` the last week, ``?veckor=`` how many, ``?visa=``
which of them, the last by default); a slider (a native range input in a form, so it works
without JavaScript too) picks the week, and the script fetches that week's JSON from
``karta/vecka/<vecka>/`` instead of reloading the page.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.analysis import maps
from lagesbild.analysis.params import ParamError, parse_window, window_labels
from lagesbild.analysis.views import analyst_in
from lagesbild.areas.services import districts_geojson
from lagesbild.core.weeks import IsoWeek, WeekError, not_begun, parse_iso_week
from lagesbild.places.services import base_layer
from lagesbild.reports.access import log_sensitive_read
from lagesbild.reports.exports import parse_week


def _audit(request: HttpRequest, data: dict[str, Any]) -> None:
    """The week's points are reports: sensitive ones shown are audited, as on the week page."""
    rows = [SimpleNamespace(id=f["properties"]["id"]) for f in data["points"]["features"]]
    log_sensitive_read(request.user, rows, request, "analysis-map")


def _shown(request: HttpRequest, weeks: list[IsoWeek]) -> int:
    """The index of the week shown; beyond the window (the number of weeks was just made
    smaller with the slider at its end) the last week."""
    raw = request.GET.get("visa", "")
    if not raw:
        return len(weeks) - 1
    if raw.isascii() and raw.isdigit() and len(raw) < 4:
        return min(int(raw), len(weeks) - 1)
    raise ParamError(
        {"visa": _("Välj en vecka 0–%(last)s.") % {"last": len(weeks) - 1}},
        {"visa": _("Visad vecka")},
    )


@login_required
def map_page(request: HttpRequest, code: str) -> HttpResponse:
    viewer, municipality = analyst_in(request, code)
    try:
        window = parse_window(request.GET, maps.MAP_WEEKS)
        if window.weeks > maps.MAX_MAP_WEEKS:
            raise ParamError(
                {"veckor": _("Välj högst %(max)s veckor.") % {"max": maps.MAX_MAP_WEEKS}},
                window_labels(),
            )
        weeks = [IsoWeek.containing(monday) for monday in window.mondays()]
        shown = _shown(request, weeks)
    except ParamError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    data = maps.week_map(viewer, municipality, weeks[shown])
    _audit(request, data)
    began = data["rates"]["reporting_began"]
    context = {
        "municipality": municipality,
        "window": window,
        "weeks": weeks,
        "shown": shown,
        "week": weeks[shown],
        "data": data,
        "rates": data["rates"],
        # The slider's span begins before reporting: only the weeks since are counted.
        "window_note": maps.straddling_note(window, parse_iso_week(began) if began else None),
        "max_weeks": maps.MAX_MAP_WEEKS,
        "map_frame": {
            "districts": districts_geojson([municipality.pk]),
            "weeks": list(map(str, weeks)),
        }
        | base_layer([municipality.pk]),
    }
    return render(request, "analysis/map.html", context)


@login_required
def map_week(request: HttpRequest, code: str, week: str) -> HttpResponse:
    """One week of the map as JSON (the slider's fetch); a bad week is refused in the words of
    the week page (``parse_week``: "2026 har ingen vecka 60."), in the reader's language."""
    viewer, municipality = analyst_in(request, code)
    try:
        iso_week = parse_week(week)
    except WeekError as exc:
        return JsonResponse({"error": "bad_week", "detail": str(exc)}, status=400)
    if detail := not_begun(iso_week, timezone.localdate()):
        return JsonResponse({"error": "week_not_begun", "detail": detail}, status=400)
    data = maps.week_map(viewer, municipality, iso_week)
    _audit(request, data)
    return JsonResponse(data)

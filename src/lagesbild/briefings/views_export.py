"""Download the weekly lägesbild as Excel (every table), CSV (one table) or GeoJSON (one layer)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.exports import WEEK_LAYERS, WEEK_TABLES, week_file
from lagesbild.briefings.services import begun_week, weekly_picture
from lagesbild.core.weeks import WeekError
from lagesbild.organisations.access import viewer_in
from lagesbild.reports.access import audit_sensitive_read, sensitive_reports
from lagesbild.reports.exports import EXPORT_FORMATS
from lagesbild.web.downloads import audit_export, file_response

# The page's words for the tables (?tabell=) and map layers (?lager=) → the API's.
TABLES = dict(zip(("rapporter", "kategorier", "stadsdelar"), WEEK_TABLES, strict=True))
LAYERS = dict(zip(("rapporter", "stadsdelar"), WEEK_LAYERS, strict=True))


def _part(request: HttpRequest, fmt: str) -> str | None:
    """Return the table or layer asked for (default the reports); None when it is unknown."""
    if fmt == "csv":
        return TABLES.get(request.GET.get("tabell", "rapporter"))
    if fmt == "geojson":
        return LAYERS.get(request.GET.get("lager", "rapporter"))
    return ""


@login_required
def week_export(request: HttpRequest, week: str, fmt: str) -> HttpResponse:
    """The week as the page shows it to the viewer, as a file; the export is audited."""
    part = _part(request, fmt) if fmt in EXPORT_FORMATS else None
    if part is None:
        raise Http404
    try:
        iso_week = begun_week(week)
    except WeekError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    picture = weekly_picture(viewer, municipality, iso_week)
    analysis = weekly_analysis(viewer, municipality, iso_week)
    shown = sensitive_reports(r.id for r in picture.reports)
    audit_sensitive_read(request, shown, f"web:week {iso_week}.{fmt}")
    detail = {"week": str(iso_week), "municipality": municipality.code, "part": part}
    audit_export(request, "week", fmt, detail, municipality)
    stem = f"lagesbild-{municipality.code}-{iso_week}" + (f"-{part}" if part else "")
    return file_response(week_file(municipality, picture, analysis, fmt, part), fmt, stem)

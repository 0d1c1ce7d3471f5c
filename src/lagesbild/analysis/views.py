"""The analysis pages: near repeats, time profiles, reporting effort, police events.

Open to the analysts, coordinators and admins of the municipality in the address
(``Viewer.analyses``); other members get 403, non-members 404 as for any page of a municipality.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lagesbild.analysis import exports, maps, services
from lagesbild.analysis.effort_alerts import effort_alerts
from lagesbild.analysis.params import (
    ParamError,
    parse_category,
    parse_district,
    parse_search,
    parse_span,
    parse_window,
)
from lagesbild.analysis.police import police_events
from lagesbild.areas.models import Area, Municipality
from lagesbild.categories.models import Category
from lagesbild.organisations.access import Viewer, viewer_for, viewer_in
from lagesbild.reports.rollup import first_reporting_week
from lagesbild.web.downloads import audit_export, file_response


def analyst_in(request: HttpRequest, code: str) -> tuple[Viewer, Municipality]:
    """The viewer narrowed to municipality ``code``: 404 for non-members, 403 for members who
    may not open the analysis pages."""
    viewer, municipality = viewer_in(request.user, code)
    if not viewer.analyses(municipality.pk):
        raise PermissionDenied
    return viewer, municipality


def _bad(request: HttpRequest, error: ParamError) -> HttpResponse:
    return render(request, "error.html", {"message": str(error)}, status=400)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The overview of the municipality asked for, else of the first the viewer analyses."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    if not request.GET.get("kommun") and not viewer.analyses(municipality.pk):
        mine = Municipality.objects.filter(
            pk__in=viewer_for(request.user).analysis_municipality_ids
        )
        municipality = mine.order_by("name").first() or municipality
    return redirect("analysis-overview", code=municipality.code)


@login_required
def overview(request: HttpRequest, code: str) -> HttpResponse:
    _, municipality = analyst_in(request, code)
    return render(request, "analysis/overview.html", {"municipality": municipality})


@login_required
def near_repeats(request: HttpRequest, code: str) -> HttpResponse:
    viewer, municipality = analyst_in(request, code)
    try:
        window = parse_window(request.GET, services.NEAR_REPEAT_WEEKS)
        category = parse_category(
            request.GET, services.NEAR_REPEAT_CATEGORIES, default=services.NEAR_REPEAT_CATEGORIES[0]
        )
    except ParamError as exc:
        return _bad(request, exc)
    assert category is not None  # a default is given
    result = services.near_repeat(viewer, municipality, category, window)
    context = {
        "municipality": municipality,
        "result": result,
        "categories": Category.objects.filter(code__in=services.NEAR_REPEAT_CATEGORIES),
        "max_events": services.MAX_EVENTS,
        "min_events": services.MIN_EVENTS,
        "significance": services.SIGNIFICANCE,
    }
    return render(request, "analysis/near_repeat.html", context)


def _profile(request: HttpRequest, code: str) -> tuple[Viewer, Municipality, services.TimeProfile]:
    viewer, municipality = analyst_in(request, code)
    window = parse_window(request.GET, 12)
    category = parse_category(request.GET)
    district = parse_district(request.GET, municipality)
    profile = services.time_profile(viewer, municipality, window, category, district)
    return viewer, municipality, profile


@login_required
def time_profile_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        viewer, municipality, profile = _profile(request, code)
    except ParamError as exc:
        return _bad(request, exc)
    categories = Category.objects.filter(active=True)
    if not viewer.sees_sensitive_in(municipality.pk):
        categories = categories.exclude(sensitive=True)  # offered only where they may be seen
    context = {
        "municipality": municipality,
        "profile": profile,
        "categories": categories,
        "districts": Area.objects.filter(
            municipality=municipality, kind=Area.Kind.DISTRICT
        ).order_by("name"),
        "query": request.GET.urlencode(),
        "hours": range(24),
        "empty_note": (
            ""
            if profile.reports
            else maps.empty_window_note(profile.window, first_reporting_week(viewer, municipality))
        ),
    }
    return render(request, "analysis/time_profile.html", context)


def _check_format(fmt: str) -> None:
    if fmt not in exports.FORMATS:
        raise Http404


@login_required
def time_profile_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    _check_format(fmt)
    try:
        _, municipality, profile = _profile(request, code)
    except ParamError as exc:
        return _bad(request, exc)
    detail = {
        "municipality": municipality.code,
        "weeks": profile.window.weeks,
        "last_week": str(profile.window.last),
        "category": profile.category.code if profile.category else "",
        "district": profile.district.code if profile.district else "",
    }
    audit_export(request, "time_profile", fmt, detail, municipality)
    stem = f"tidsprofil-{municipality.code}-{profile.window.last}"
    return file_response(exports.profile_file(profile, fmt), fmt, stem)


def _effort(request: HttpRequest, code: str) -> tuple[Municipality, services.Effort]:
    viewer, municipality = analyst_in(request, code)
    window = parse_window(request.GET, 12)
    return municipality, services.reporting_effort(viewer, municipality, window)


@login_required
def effort_page(request: HttpRequest, code: str) -> HttpResponse:
    viewer, municipality = analyst_in(request, code)
    try:
        window = parse_window(request.GET, 12)
    except ParamError as exc:
        return _bad(request, exc)
    context = {
        "municipality": municipality,
        "effort": services.reporting_effort(viewer, municipality, window),
        "alerts": effort_alerts(viewer, municipality, window.last),
        "query": request.GET.urlencode(),
    }
    return render(request, "analysis/effort.html", context)


@login_required
def effort_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    _check_format(fmt)
    try:
        municipality, effort = _effort(request, code)
    except ParamError as exc:
        return _bad(request, exc)
    detail = {
        "municipality": municipality.code,
        "weeks": effort.window.weeks,
        "last_week": str(effort.window.last),
    }
    audit_export(request, "reporting_effort", fmt, detail, municipality)
    stem = f"rapporteringsinsats-{municipality.code}-{effort.window.last}"
    return file_response(exports.effort_file(effort, fmt), fmt, stem)


@login_required
def police_events_page(request: HttpRequest, code: str) -> HttpResponse:
    _, municipality = analyst_in(request, code)
    try:
        start, end = parse_span(request.GET)
        query, event_type = parse_search(request.GET)
    except ParamError as exc:
        return _bad(request, exc)
    events = police_events(municipality, start, end, query, event_type)
    context = {"municipality": municipality, "events": events, "max_hour": max(events.by_hour) or 1}
    return render(request, "analysis/police_events.html", context)

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lagesbild.areas.models import Municipality
from lagesbild.briefings.services import district_features, report_features, weekly_picture
from lagesbild.core.weeks import IsoWeek, WeekError, parse_iso_week
from lagesbild.organisations.access import Viewer, viewer_for


def viewer_municipality(viewer: Viewer, code: str | None = None) -> Municipality:
    """Return the municipality the viewer works in (or the one asked for, if theirs); else 404."""
    municipalities = Municipality.objects.filter(pk__in=viewer.municipality_ids)
    if code:
        municipalities = municipalities.filter(code=code)
    municipality = municipalities.order_by("name").first()
    if municipality is None:
        raise Http404
    return municipality


@login_required
def home(request: HttpRequest) -> HttpResponse:
    this_week = IsoWeek.containing(timezone.localdate())
    return render(request, "home.html", {"this_week": this_week})


@login_required
def week_current(request: HttpRequest) -> HttpResponse:
    return redirect("week", week=str(IsoWeek.containing(timezone.localdate())))


@login_required
def week(request: HttpRequest, week: str) -> HttpResponse:
    """The weekly lägesbild page for an ISO week."""
    try:
        iso_week = parse_iso_week(week)
    except WeekError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)
    viewer = viewer_for(request.user)
    municipality = viewer_municipality(viewer, request.GET.get("kommun"))
    picture = weekly_picture(viewer, municipality, iso_week)
    context = {
        "picture": picture,
        "previous_week": iso_week.previous(),
        "next_week": iso_week.next(),
        "map_data": {
            "districts": district_features(municipality, picture),
            "reports": report_features(picture),
            "tiles": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    }
    return render(request, "briefings/week.html", context)

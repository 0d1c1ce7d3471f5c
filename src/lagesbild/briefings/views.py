from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from lagesbild.areas.models import Municipality
from lagesbild.audit.services import log_action
from lagesbild.briefings.analysis import WeeklyAnalysis
from lagesbild.briefings.brief import weekly_brief
from lagesbild.briefings.caching import cached_for_week, cached_week
from lagesbild.briefings.jobs import (
    TERTIAL_PDF,
    WEEK_BRIEF_PDF,
    WEEK_PDF,
    brief_title,
    tertial_title,
    week_title,
)
from lagesbild.briefings.rendering import TERTIAL_EXPORTED, tertial_xlsx
from lagesbild.briefings.services import (
    WeeklyPicture,
    begun_week,
    district_features,
    hotspot_features,
    report_features,
    sensitive_ids,
)
from lagesbild.briefings.tertial import (
    TertialAnalysis,
    begun_tertial,
    opening_tertial,
    tertial_analysis,
)
from lagesbild.core.periods import Tertial, TertialError
from lagesbild.core.weeks import IsoWeek, WeekError, last_complete_week
from lagesbild.jobs.starting import start_job
from lagesbild.organisations.access import Viewer, viewer_in
from lagesbild.places.services import base_layer
from lagesbild.reports.access import log_sensitive_ids
from lagesbild.web.chosen_municipality import opens_chosen_municipality

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The week page lists at most this many of the week's reports (the map shows them all; the
# exports and the PDF hold every one): a town's week is far fewer, and thousands of rows made
# the page of a large city take seconds to render.
WEEK_PAGE_ROWS = 300


@opens_chosen_municipality
@login_required
def week_current(request: HttpRequest) -> HttpResponse:
    url = reverse("week", args=[str(last_complete_week(timezone.localdate()))])
    code = request.GET.get("kommun")
    return redirect(f"{url}?{urlencode({'kommun': code})}" if code else url)


def _tertial(request: HttpRequest, text: str) -> Tertial | HttpResponse:
    """The tertial in the address, or a 400 page for a malformed or future one."""
    try:
        return begun_tertial(text)
    except TertialError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)


def _iso_week(request: HttpRequest, week: str) -> IsoWeek | HttpResponse:
    """The week in the address, or a 400 page for a malformed one."""
    try:
        return begun_week(week)  # within YEARS: the calendar's edge has no previous week
    except WeekError as exc:
        return render(request, "error.html", {"message": str(exc)}, status=400)


def _week_data(
    request: HttpRequest, week: str
) -> tuple[Municipality, WeeklyPicture, WeeklyAnalysis] | HttpResponse:
    """Compute the week for the signed-in viewer, or answer 400 for a malformed week."""
    iso_week = _iso_week(request, week)
    if isinstance(iso_week, HttpResponse):
        return iso_week
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    picture, analysis = cached_week(viewer, municipality, iso_week)
    return municipality, picture, analysis


def _start_week_job(
    request: HttpRequest, week: str, kind: str, title: Callable[[IsoWeek], str]
) -> HttpResponse:
    """A document of the week made in the background: GET shows the button, POST queues it."""
    iso_week = _iso_week(request, week)
    if isinstance(iso_week, HttpResponse):
        return iso_week
    _, municipality = viewer_in(request.user, request.GET.get("kommun"))
    return start_job(request, kind, municipality, {"week": str(iso_week)}, title(iso_week))


@dataclass(frozen=True)
class WeekPage:
    """The week page below its header, rendered once per cache key, and the ids of the
    sensitive reports it shows (for the audit entry every request writes). Cached as a pickle
    with the week: raise ``caching.CACHE_FORMAT`` when its shape or the body's template changes."""

    body: str
    sensitive_ids: list[int]


def _week_page(
    viewer: Viewer, municipality: Municipality, week: IsoWeek, decides_measures: bool
) -> WeekPage:
    """Render the week's body for ``viewer`` (narrowed to the municipality)."""
    picture, analysis = cached_week(viewer, municipality, week)
    context = {
        "viewer": viewer,  # the analysis notes' tag asks it
        "picture": picture,
        "analysis": analysis,
        # Alerts, hotspots and repeat places link to a pre-filled measure for those who decide.
        "decides_measures": decides_measures,
        "shown_reports": picture.reports[:WEEK_PAGE_ROWS],
        "map_data": {
            "districts": district_features(municipality, picture),
            "reports": report_features(picture),
            "hotspots": hotspot_features(analysis),
        }
        | base_layer([municipality.pk]),
    }
    body = render_to_string("briefings/_week_page.html", context)
    return WeekPage(body, sensitive_ids(picture))


@opens_chosen_municipality
@login_required
def week(request: HttpRequest, week: str) -> HttpResponse:
    """The weekly lägesbild page for an ISO week.

    Its body is cached with the week (``cached_for_week``): per viewer class, language and
    generation, and per whether the viewer decides measures and opens the analysis pages (the
    body's links differ by those two within a class). The header (CSRF tokens, the user's name,
    whether the week is still in progress) and the audit entry are made on every request.
    """
    iso_week = _iso_week(request, week)
    if isinstance(iso_week, HttpResponse):
        return iso_week
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    decides = viewer.manages(municipality.pk)
    part = f"page:{int(decides)}{int(viewer.analyses(municipality.pk))}"
    page = cached_for_week(
        viewer,
        municipality,
        iso_week,
        part,
        lambda narrowed: _week_page(narrowed, municipality, iso_week, decides),
    )
    log_sensitive_ids(request.user, page.sensitive_ids, request, "week")
    context = {
        "iso_week": iso_week,
        "municipality": municipality,
        "kommun": request.GET.get("kommun", ""),
        "previous_week": iso_week.previous(),
        # No link to a week that has not begun: it has nothing to show.
        "next_week": iso_week.next() if iso_week.next().monday <= timezone.localdate() else None,
        "body": mark_safe(page.body),  # rendered by the template engine, escaped there
    }
    return render(request, "briefings/week.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def week_pdf_view(request: HttpRequest, week: str) -> HttpResponse:
    """The weekly lägesbild as PDF for the meeting room, made in the background: GET shows the
    button, POST queues the job (``briefings/jobs.py``); the file is audited when made."""
    return _start_week_job(request, week, WEEK_PDF, week_title)


@login_required
def week_brief(request: HttpRequest, week: str) -> HttpResponse:
    """The two-page brief for the meeting (``briefings/brief.py``), from the cached week."""
    data = _week_data(request, week)
    if isinstance(data, HttpResponse):
        return data
    municipality, picture, analysis = data
    brief = weekly_brief(municipality, picture, analysis, timezone.localdate())
    context = {"brief": brief, "kommun": request.GET.get("kommun", "")}
    return render(request, "briefings/brief.html", context)


@login_required
def week_brief_pdf_view(request: HttpRequest, week: str) -> HttpResponse:
    """The brief as a two-page PDF, made in the background like the week's PDF."""
    return _start_week_job(request, week, WEEK_BRIEF_PDF, brief_title)


# ---------------------------------------------------------------------------
# Tertial analysis
# ---------------------------------------------------------------------------


@opens_chosen_municipality
@login_required
def tertial_current(request: HttpRequest) -> HttpResponse:
    """Redirect to the last complete tertial, the one the analysis is made for, or to the running
    one while no ended tertial has figures (``opening_tertial``)."""
    code = request.GET.get("kommun")
    viewer, municipality = viewer_in(request.user, code)
    period = opening_tertial(viewer, municipality, timezone.localdate())
    url = reverse("tertial", args=[str(period)])
    return redirect(f"{url}?{urlencode({'kommun': code})}" if code else url)


def _tertial_data(
    request: HttpRequest, tertial: str
) -> tuple[Municipality, TertialAnalysis] | HttpResponse:
    period = _tertial(request, tertial)
    if isinstance(period, HttpResponse):
        return period
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    return municipality, tertial_analysis(viewer, municipality, period)


@opens_chosen_municipality
@login_required
def tertial(request: HttpRequest, tertial: str) -> HttpResponse:
    """The tertial ranking of districts by weighted load."""
    data = _tertial_data(request, tertial)
    if isinstance(data, HttpResponse):
        return data
    _, analysis = data
    next_tertial = analysis.tertial.next()  # linked once it has begun
    context = {
        "analysis": analysis,
        "kommun": request.GET.get("kommun", ""),
        "previous_tertial": analysis.tertial.previous(),
        "next_tertial": next_tertial if next_tertial.first_day <= timezone.localdate() else None,
    }
    return render(request, "briefings/tertial.html", context)


def _tertial_export(request: HttpRequest, tertial: str, fmt: str) -> HttpResponse:
    data = _tertial_data(request, tertial)
    if isinstance(data, HttpResponse):
        return data
    municipality, analysis = data
    detail = {"tertial": str(analysis.tertial), "municipality": municipality.code, "format": fmt}
    log_action(request.user, TERTIAL_EXPORTED, obj=municipality, detail=detail, request=request)
    filename = f"tertial-{municipality.code}-{analysis.tertial}.{fmt}"
    return _download(tertial_xlsx(analysis), XLSX, filename)


@login_required
def tertial_pdf_view(request: HttpRequest, tertial: str) -> HttpResponse:
    """The tertial analysis as PDF, made in the background (GET: the button; POST: the job)."""
    period = _tertial(request, tertial)
    if isinstance(period, HttpResponse):
        return period
    _, municipality = viewer_in(request.user, request.GET.get("kommun"))
    params = {"tertial": str(period)}
    return start_job(request, TERTIAL_PDF, municipality, params, tertial_title(period))


@login_required
def tertial_xlsx_view(request: HttpRequest, tertial: str) -> HttpResponse:
    return _tertial_export(request, tertial, "xlsx")

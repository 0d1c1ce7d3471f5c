from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lagesbild.areas.services import districts_geojson
from lagesbild.organisations.access import Viewer, filing_organisations, viewer_for
from lagesbild.places.services import base_layer
from lagesbild.reports.access import log_sensitive_read, report_for_reading
from lagesbild.reports.exports import listed_reports
from lagesbild.reports.forms import ReportForm
from lagesbild.reports.outcomes import LIST_FILTERS, filter_reports, report_outcomes
from lagesbild.reports.services import NewReport, create_report


def report_map_data(viewer: Viewer) -> dict:
    return {"districts": districts_geojson(viewer.municipality_ids)} | base_layer(
        viewer.municipality_ids
    )


def _place_urls(viewer: Viewer) -> dict:
    """The gazetteer endpoints of the municipality the reporter files for (their first)."""
    organisation = filing_organisations(viewer).select_related("municipality").first()
    if organisation is None:
        return {}
    code = organisation.municipality.code
    return {
        "suggest_url": reverse("place-suggestions", args=[code]),
        "nearest_url": reverse("place-nearest", args=[code]),
    }


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """Show and handle the report form."""
    viewer = viewer_for(request.user)
    if not viewer.can_file_reports:
        raise PermissionDenied(_("Din roll kan inte rapportera händelser."))
    form = ReportForm(request.POST or None, viewer=viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = create_report(
                NewReport(
                    **{
                        k: data[k]
                        for k in (
                            "organisation",
                            "category",
                            "occurred_from",
                            "occurred_to",
                            "latitude",
                            "longitude",
                            "area",
                            "place_text",
                            "description",
                            "insecurity",
                            "count",
                        )
                    }
                ),
                reporter=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Tack! Rapporten är registrerad."))
            return redirect("report-detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "map_data": report_map_data(viewer) | _place_urls(viewer)}
    return render(request, "reports/report_form.html", context, status=status)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """List the reports the user may see, newest first; reporters see their organisation's."""
    viewer = viewer_for(request.user)
    reports = listed_reports(viewer)
    shown = request.GET.get("visa", "")
    page = Paginator(filter_reports(reports, viewer, shown), 50).get_page(request.GET.get("page"))
    rows = report_outcomes(viewer, page)
    # Phone-first cards for one's own reports and for reporters; the wide table for the others.
    cards = shown == "mina" or not viewer.reads_all_text
    context = {
        "page": page,
        "rows": rows,
        "filters": LIST_FILTERS,
        "shown": shown,
        "cards": cards,
    }
    log_sensitive_read(request.user, page, request, "report_list")
    return render(request, "reports/report_list.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one report. A report the user may not see is answered 404, not 403: no hint it
    exists."""
    viewer = viewer_for(request.user)
    report = report_for_reading(viewer, pk)
    text = report.description if viewer.can_read_text(report) else None
    context = {"report": report, "text": text, "outcome": report_outcomes(viewer, [report])[0]}
    log_sensitive_read(request.user, [report], request, "report_detail")
    return render(request, "reports/report_detail.html", context)

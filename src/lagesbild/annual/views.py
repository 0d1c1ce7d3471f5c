"""The yearly report's page and PDF: every member of the municipality may read it.

It holds aggregated figures only, no free text, so no role is excluded; partner report counts
still go through ``visible_reports``. Another municipality's report is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lagesbild.annual.charts import report_charts
from lagesbild.annual.jobs import ANNUAL_PDF, annual_title
from lagesbild.annual.services import (
    AnnualReport,
    AnnualReportError,
    build_annual_report,
    latest_report_year,
)
from lagesbild.areas.models import Municipality
from lagesbild.jobs.starting import start_job
from lagesbild.organisations.access import viewer_in


def _base_year(request: HttpRequest) -> int | None:
    value = request.GET.get("basar", "")
    return int(value) if value.isdigit() else None


def _report(request: HttpRequest, code: str, year: str) -> tuple[Municipality, AnnualReport]:
    """Return the municipality and its report; 404 unless the viewer belongs to it."""
    viewer, municipality = viewer_in(request.user, code)
    report = build_annual_report(code, int(year), viewer, base_year=_base_year(request))
    return municipality, report


def _missing(request: HttpRequest, exc: AnnualReportError) -> HttpResponse:
    return render(request, "error.html", {"message": str(exc)}, status=404)


@login_required
def current(request: HttpRequest) -> HttpResponse:
    """Redirect to the viewer's municipality's latest report."""
    _, municipality = viewer_in(request.user)
    return redirect(
        "annual-report", code=municipality.code, year=latest_report_year(municipality.code)
    )


@login_required
def report(request: HttpRequest, code: str, year: str) -> HttpResponse:
    """Show the yearly collaboration report."""
    try:
        _, result = _report(request, code, year)
    except AnnualReportError as exc:
        return _missing(request, exc)
    context = {
        "report": result,
        "charts": report_charts(result),
        "base_query": request.GET.get("basar", ""),
    }
    return render(request, "annual/report.html", context)


@login_required
def report_pdf(request: HttpRequest, code: str, year: str) -> HttpResponse:
    """The yearly report as PDF, made in the background (GET: the button; POST: the job)."""
    _, municipality = viewer_in(request.user, code)
    params = {"year": int(year), "base_year": _base_year(request)}
    return start_job(request, ANNUAL_PDF, municipality, params, annual_title(int(year)))

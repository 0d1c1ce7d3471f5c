"""The yearly report's page, PDF and Word file: every member of the municipality may read it.

It holds aggregated figures only, no free text, so no role is excluded; partner report counts
still go through ``visible_reports``. Another municipality's report is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lagesbild.annual import queries
from lagesbild.annual.caching import cached_report_body
from lagesbild.annual.charts import report_charts
from lagesbild.annual.jobs import ANNUAL_DOCX, ANNUAL_PDF, annual_title
from lagesbild.annual.services import (
    AnnualReportError,
    BadBaseYear,
    NoDataForYear,
    build_annual_report,
    check_base_year,
    check_report_year,
    latest_report_year,
)
from lagesbild.areas.models import Municipality
from lagesbild.jobs.starting import start_job
from lagesbild.organisations.access import Viewer, viewer_in
from lagesbild.web.chosen_municipality import opens_chosen_municipality


def _base_year(request: HttpRequest, year: int) -> int | None:
    """The base year asked for (``?basar=``), None for the default; BadBaseYear unless it is a
    year before ``year`` (``check_base_year``)."""
    value = request.GET.get("basar", "")
    if not value:
        return None
    if not value.isdigit():
        raise BadBaseYear(_("Ange basåret som ett årtal, t.ex. 2018."))
    return check_base_year(int(value), year)


def _missing(request: HttpRequest, exc: AnnualReportError) -> HttpResponse:
    return render(request, "error.html", {"message": str(exc)}, status=404)


def _without_figures(
    request: HttpRequest, viewer: Viewer, municipality: Municipality, message: str, status: int
) -> HttpResponse:
    """The page of a report that Brå's figures do not make: what is missing, and where they are
    imported for those who may (the access layer's ``manages``) or who does for the others."""
    context = {
        "municipality": municipality,
        "message": message,
        "may_import": viewer.manages(municipality.pk),
    }
    return render(request, "annual/without_figures.html", context, status=status)


def _refused(request: HttpRequest, exc: BadBaseYear) -> HttpResponse:
    return render(request, "error.html", {"message": str(exc)}, status=400)


@opens_chosen_municipality
@login_required
def current(request: HttpRequest) -> HttpResponse:
    """Redirect to the viewer's municipality's latest report; a municipality without any Brå
    figures yet gets a page that says so (it had been sent to last year's 404)."""
    viewer, municipality = viewer_in(request.user, request.GET.get("kommun"))
    if not queries.bra_years(municipality.code):
        message = _("Det finns ännu inga Brå-siffror för %(name)s, så ingen årsrapport kan göras.")
        return _without_figures(
            request, viewer, municipality, message % {"name": municipality.name}, 200
        )
    return redirect(
        "annual-report", code=municipality.code, year=latest_report_year(municipality.code)
    )


@login_required
def report(request: HttpRequest, code: str, year: str) -> HttpResponse:
    """Show the yearly collaboration report; its body is cached (``annual.caching``)."""
    viewer, municipality = viewer_in(request.user, code)

    def render_body(narrowed: Viewer) -> str:
        result = build_annual_report(code, int(year), narrowed, base_year=base_year)
        context = {"report": result, "charts": report_charts(result)}
        return render_to_string("annual/_content.html", context)

    try:
        base_year = _base_year(request, int(year))
        body = cached_report_body(viewer, municipality, int(year), base_year, render_body)
    except BadBaseYear as exc:
        return _refused(request, exc)
    except NoDataForYear as exc:
        # No report for this year: 404 where other years have one, a page like the menu's
        # where Brå's figures have not been imported at all.
        return _without_figures(request, viewer, municipality, str(exc), 404 if exc.years else 200)
    except AnnualReportError as exc:
        return _missing(request, exc)
    # Only to the years that have a report: "2026 →" from the latest year had led to a 404.
    years = queries.bra_years(code)
    context = {
        "body": mark_safe(body),  # rendered by the template engine, escaped there
        "year": int(year),
        "previous_year": int(year) - 1 if int(year) - 1 in years else None,
        "next_year": int(year) + 1 if int(year) + 1 in years else None,
        "municipality": municipality,
        "base_query": request.GET.get("basar", ""),
    }
    return render(request, "annual/report.html", context)


def _export(request: HttpRequest, code: str, year: str, kind: str) -> HttpResponse:
    """Start the job that makes the report as a file (GET: the button; POST: the job); the
    job builds the report for the viewer as they are when it runs."""
    _, municipality = viewer_in(request.user, code)
    try:
        # The report year first: 9999 had started a job that could only fail.
        report_year = check_report_year(int(year))
        params = {"year": report_year, "base_year": _base_year(request, report_year)}
    except BadBaseYear as exc:
        return _refused(request, exc)
    return start_job(request, kind, municipality, params, annual_title(int(year), kind))


@login_required
def report_pdf(request: HttpRequest, code: str, year: str) -> HttpResponse:
    """The yearly report as PDF, made in the background."""
    return _export(request, code, year, ANNUAL_PDF)


@login_required
def report_docx(request: HttpRequest, code: str, year: str) -> HttpResponse:
    """The yearly report as a Word file to edit, made in the background as the PDF is."""
    return _export(request, code, year, ANNUAL_DOCX)

"""The yearly collaboration report as PDF, made in the background."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lagesbild.annual.rendering import render_pdf
from lagesbild.annual.services import AnnualReportError, build_annual_report
from lagesbild.audit.services import log_action
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult

ANNUAL_PDF = "annual-pdf"
EXPORTED = "lagesbild.annual.exported"


def annual_title(year: int) -> str:
    return _("Samverkansrapport %(year)s (PDF)") % {"year": year}


def run_annual_pdf(context: JobContext) -> JobResult:
    municipality = context.municipality
    year, base_year = context.params["year"], context.params.get("base_year")
    try:
        report = build_annual_report(municipality.code, year, context.viewer, base_year=base_year)
    except AnnualReportError as exc:
        raise JobError(str(exc)) from None
    context.progress(50)
    pdf = render_pdf(report)
    detail = {"year": report.year, "base_year": report.base_year, "format": "pdf", "via": "job"}
    return JobResult(
        pdf,
        f"samverkansrapport-{report.municipality_code}-{report.year}.pdf",
        "application/pdf",
        audits=(lambda: log_action(context.user, EXPORTED, municipality, detail),),
    )


ANNUAL = JobKind(ANNUAL_PDF, run_annual_pdf)

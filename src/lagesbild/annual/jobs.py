"""The yearly collaboration report as PDF or as Word file, made in the background."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from lagesbild.annual.rendering import render_pdf
from lagesbild.annual.services import AnnualReport, AnnualReportError, build_annual_report
from lagesbild.annual.word import render_docx
from lagesbild.audit.services import log_action
from lagesbild.jobs.registry import JobContext, JobError, JobKind, JobResult
from lagesbild.web.word import DOCX_TYPE

ANNUAL_PDF = "annual-pdf"
ANNUAL_DOCX = "annual-docx"
EXPORTED = "lagesbild.annual.exported"


def annual_title(year: int, kind: str = ANNUAL_PDF) -> str:
    if kind == ANNUAL_DOCX:
        return _("Samverkansrapport %(year)s (DOCX)") % {"year": year}
    return _("Samverkansrapport %(year)s (PDF)") % {"year": year}


def _run(
    context: JobContext, fmt: str, render: Callable[[AnnualReport], bytes], content_type: str
) -> JobResult:
    """Build the report for the viewer as they are now, render it and audit the export."""
    municipality = context.municipality
    year, base_year = context.params["year"], context.params.get("base_year")
    try:
        report = build_annual_report(municipality.code, year, context.viewer, base_year=base_year)
    except AnnualReportError as exc:
        raise JobError(str(exc)) from None
    context.progress(50)
    body = render(report)
    detail = {"year": report.year, "base_year": report.base_year, "format": fmt, "via": "job"}
    return JobResult(
        body,
        f"samverkansrapport-{report.municipality_code}-{report.year}.{fmt}",
        content_type,
        audits=(lambda: log_action(context.user, EXPORTED, municipality, detail),),
    )


def run_annual_pdf(context: JobContext) -> JobResult:
    return _run(context, "pdf", render_pdf, "application/pdf")


def run_annual_docx(context: JobContext) -> JobResult:
    return _run(context, "docx", render_docx, DOCX_TYPE)


KINDS = (JobKind(ANNUAL_PDF, run_annual_pdf), JobKind(ANNUAL_DOCX, run_annual_docx))

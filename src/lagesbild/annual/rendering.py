"""The yearly report as a standalone HTML document and as PDF (WeasyPrint, no browser)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from lagesbild.annual.charts import ReportCharts, report_charts
from lagesbild.annual.services import AnnualReport
from lagesbild.web.pdf import html_to_pdf

DOCUMENT_CSS = "annual/document.css"


def document_css() -> str:
    """Return the document stylesheet, read from the app's static files."""
    path = finders.find(DOCUMENT_CSS)
    if path is None:
        raise FileNotFoundError(f"static file {DOCUMENT_CSS} not found")
    with open(path, encoding="utf-8") as f:
        return f.read()


def render_document(report: AnnualReport, charts: ReportCharts | None = None) -> str:
    """Return the report as one self-contained HTML document (styles and charts inline)."""
    context = {"report": report, "charts": charts or report_charts(report), "css": document_css()}
    return render_to_string("annual/document.html", context)


def render_pdf(report: AnnualReport) -> bytes:
    """Return the report as PDF, rendered from the same HTML as the page."""
    return html_to_pdf(render_document(report))

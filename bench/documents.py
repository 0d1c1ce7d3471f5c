"""PDF and Word generation against a plain document of the same size.

Each of the weekly PDF, the yearly PDF and the statutory document (PDF and Word) is made by the
functions the background jobs and the command call, data gathering included (the statutory
document is composed from scratch, as ``lagesbild statutory`` does when nothing is decided).
The PDFs' baseline is WeasyPrint rendering plain paragraphs on as many pages; the Word file's is
python-docx writing as many plain paragraphs. The report list's Excel export (every report the
coordinator sees, as the export job makes it) is set against openpyxl's write-only mode writing
the same values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from bench.common import figure, note, timed
from bench.weekly import coordinator_viewer, last_week


def bench_documents(label: str) -> None:
    viewer, municipality = coordinator_viewer()
    week = last_week()
    _pdf(label, f"weekly PDF {week}", lambda: _weekly_pdf(viewer, municipality, week))
    year = week.monday.year - 1
    _pdf(label, f"yearly PDF {year}", lambda: _annual_pdf(viewer, municipality, year))
    from lagesbild.statutory.exports import render_docx, render_pdf

    _pdf(label, f"statutory PDF {year}", lambda: render_pdf(_statutory(municipality, year)))
    docx, seconds = timed(lambda: render_docx(_statutory(municipality, year)))
    paragraphs = _paragraphs(docx)
    plain = timed(lambda: _plain_docx(paragraphs))[1]
    figure(
        label,
        f"statutory DOCX ({paragraphs} paragraphs)",
        seconds,
        "s",
        "python-docx, plain paragraphs",
        plain,
    )
    _report_xlsx(label, viewer)


def _report_xlsx(label: str, viewer: Any) -> None:
    from django.http import QueryDict

    from lagesbild.reports.exports import report_file, report_records
    from lagesbild.reports.jobs import filtered_reports

    def export() -> tuple[bytes, list[dict[str, Any]]]:
        filters, reports = filtered_reports(viewer, QueryDict(""))
        records = report_records(viewer, reports)[1]
        return report_file(records, "xlsx", filters), records

    (_, records), seconds = timed(export)
    plain = timed(lambda: _plain_xlsx(records))[1]
    figure(
        label,
        f"report list Excel ({len(records)} reports)",
        seconds,
        "s",
        "openpyxl write-only, same values",
        plain,
    )


def _plain_xlsx(records: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Rapporter")
    keys = list(records[0]) if records else []
    sheet.append(keys)
    for record in records:
        sheet.append([_cell(record[key]) for key in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A value openpyxl writes as it is: aware times without their zone, lists as text."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value if isinstance(value, str | int | float | type(None)) else str(value)


def _pdf(label: str, name: str, make: Callable[[], bytes]) -> None:
    from lagesbild.annual.services import AnnualReportError

    try:
        pdf, seconds = timed(make)
    except AnnualReportError as error:
        note(label, f"{name}: not made ({error})")
        return
    pages = page_count(pdf)
    plain = timed(lambda: _plain_pdf(pages))[1]
    figure(label, f"{name} ({pages} pages)", seconds, "s", "WeasyPrint, plain pages", plain)


def _weekly_pdf(viewer: Any, municipality: Any, week: Any) -> bytes:
    from lagesbild.briefings.analysis import weekly_analysis
    from lagesbild.briefings.rendering import week_pdf
    from lagesbild.briefings.services import weekly_picture

    picture = weekly_picture(viewer, municipality, week)
    return week_pdf(municipality, picture, weekly_analysis(viewer, municipality, week))


def _annual_pdf(viewer: Any, municipality: Any, year: int) -> bytes:
    from lagesbild.annual.rendering import render_pdf
    from lagesbild.annual.services import build_annual_report

    return render_pdf(build_annual_report(municipality.code, year, viewer))


def _statutory(municipality: Any, year: int) -> dict[str, Any]:
    from lagesbild.statutory.generation import compose
    from lagesbild.statutory.services import composition_content

    return composition_content(municipality, year, compose(municipality, year))


def page_count(pdf: bytes) -> int:
    """Pages of a PDF: pypdf's count, or the page objects WeasyPrint writes uncompressed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return max(1, len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)))
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _plain_pdf(pages: int) -> bytes:
    from lagesbild.web.pdf import html_to_pdf

    paragraph = "<p>" + "Lägesbild för veckan med text som fyller sidan. " * 12 + "</p>"
    body = "".join(
        f'<section style="page-break-after: always"><h1>Sida {n}</h1>{paragraph * 3}</section>'
        for n in range(pages)
    )
    return html_to_pdf(f'<html lang="sv"><body>{body}</body></html>')


def _paragraphs(docx: bytes) -> int:
    import docx as python_docx

    return len(python_docx.Document(io.BytesIO(docx)).paragraphs)


def _plain_docx(paragraphs: int) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for n in range(paragraphs):
        document.add_paragraph(f"Stycke {n}: text i ett vanligt Word-dokument.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""The yearly report as a Word file, for the coordinators to edit before the council sees it.

It is made from the very HTML the PDF is printed from (``rendering.render_document``): the same
sections, headings, sentences and tables, the figures formatted by the same template filters, so
the Word file cannot say other than the PDF. The title becomes Word's title, each section a
Heading 1 (h2), each part a Heading 2 or 3 (h3, h4), each table a Word table under its caption
with its sum rows in bold, each list a bulleted list, and each chart its picture, drawn from
the same SVG, with the chart's text alternative.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.utils import translation

from lagesbild.annual.charts import ReportCharts
from lagesbild.annual.rendering import render_document
from lagesbild.annual.services import AnnualReport
from lagesbild.core.charts import png_of_data_uri
from lagesbild.web.word import add_table, document_bytes, new_document

#: The Word heading level of each HTML heading: the h1 is the document's title (level 0).
HEADING_LEVELS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
#: Word's proofing language for the language the report is written in.
WORD_LANGUAGES = {"sv": "sv-SE", "en": "en-GB"}
CHART_SCALE = 2  # the PNG has twice the chart's pixels, sharp when printed
TEXT_WIDTH_MM = 160  # A4 less the margins (``web.word``)
CSS_PX_MM = 25.4 / 96
# Runs of HTML white space; a no-break space (between digit groups, before "%") is kept.
_SPACE = re.compile(r"[ \t\r\n]+")


def word_language() -> str:
    """The proofing language of the active language: the report's text is written in it."""
    active = (translation.get_language() or "sv").split("-")[0]
    return WORD_LANGUAGES.get(active, WORD_LANGUAGES["sv"])


def render_docx(report: AnnualReport, charts: ReportCharts | None = None) -> bytes:
    """Return the report as DOCX, made from the same HTML document as its PDF."""
    import lxml.html

    root = lxml.html.document_fromstring(render_document(report, charts))
    main = root.find(".//main")
    assert main is not None  # annual/document.html holds the content in its <main>
    title = _text(root.find(".//title"))
    doc = new_document(title, report.municipality, word_language())
    _blocks(doc, main)
    return document_bytes(doc)


def _text(element: Any) -> str:
    """An element's text as the reader sees it: white space runs are one space."""
    return "" if element is None else _SPACE.sub(" ", element.text_content()).strip()


def _blocks(doc: Any, parent: Any) -> None:
    """Add the blocks under ``parent`` in document order; containers are walked into."""
    for element in parent:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments have no name
        if tag in HEADING_LEVELS:
            doc.add_heading(_text(element), level=HEADING_LEVELS[tag])
        elif tag == "p":
            doc.add_paragraph(_text(element))
        elif tag == "ul":
            for item in element.iter("li"):
                doc.add_paragraph(_text(item), style="List Bullet")
        elif tag == "table":
            _table(doc, element)
        elif tag == "figure":
            _figure(doc, element)
        elif tag:
            _blocks(doc, element)  # header, section, article, div


def _cells(row: Any) -> list[str]:
    return [_text(cell) for cell in row if cell.tag in ("th", "td")]


def _is_note(row: Any, width: int) -> bool:
    """Whether ``row`` is one cell across the table: a note on the row above it (how a goal's
    status was decided)."""
    cells = [cell for cell in row if cell.tag in ("th", "td")]
    return width > 1 and len(cells) == 1 and cells[0].get("colspan") == str(width)


def _table(doc: Any, element: Any) -> None:
    head = element.find("thead")
    body = element.find("tbody")
    headers = _cells(head.find("tr")) if head is not None else []
    rows = list(body.iter("tr")) if body is not None else []
    full = [r for r in rows if not _is_note(r, len(headers))]
    table = add_table(doc, _text(element.find("caption")), headers, [_cells(r) for r in full])
    # The sum rows stand out as on the page (``class="sum"``), where the table has any.
    for row, html_row in zip(table.rows[1:], full, strict=True):
        if "sum" in (html_row.get("class") or "").split():
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
    _add_notes(table, rows, len(headers))


def _add_notes(table: Any, rows: list[Any], width: int) -> None:
    """Put each note row under the row it follows on the page, its one cell across the table
    (``add_table`` has set the columns' alignment from the other rows alone)."""
    written = iter(table.rows[1:])
    above = table.rows[0]
    for html_row in rows:
        if not _is_note(html_row, width):
            above = next(written)
            continue
        note = table.add_row()  # at the end; moved under the row it belongs to
        above._tr.addnext(note._tr)
        note.cells[0].merge(note.cells[-1]).text = _cells(html_row)[0]
        above = note


def _figure(doc: Any, element: Any) -> None:
    """The chart as a picture as wide as on the page (at most the text's width), its text
    alternative as the picture's description and its caption below it."""
    from docx.shared import Mm
    from PIL import Image

    image = element.find(".//img")
    if image is None:
        return
    png = png_of_data_uri(image.get("src", ""), scale=CHART_SCALE)
    with Image.open(io.BytesIO(png)) as picture:
        width_mm = picture.width / CHART_SCALE * CSS_PX_MM
    shape = doc.add_picture(io.BytesIO(png), width=Mm(min(width_mm, TEXT_WIDTH_MM)))
    shape._inline.docPr.set("descr", image.get("alt", ""))
    caption = element.find("figcaption")
    if caption is not None:
        doc.add_paragraph(_text(caption), style="Caption")

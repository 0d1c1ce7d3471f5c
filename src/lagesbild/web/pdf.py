"""The one place HTML documents become PDF: tagged PDF/UA-1 so they may be published.

Sweden's accessibility law (lagen om tillgänglighet till digital offentlig service) asks that
published documents be accessible; a PDF/UA file carries its structure tree, reading order and
language. The language comes from the document's ``<html lang="sv">``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

PDF_VARIANT = "pdf/ua-1"

# HTML's scope of a header cell → PDF's /Scope of its TH (PDF/UA: Matterhorn 15-003).
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document to a tagged, accessible PDF (PDF/UA-1)."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF exports need.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, finisher=scope_headers)
    return pdf


def scope_headers(document: Any, pdf: Any) -> None:
    """Give every TH of the structure tree the /Scope its HTML ``<th scope>`` says.

    WeasyPrint 70 reads ``scope`` to link data cells to their headers but writes no /Scope, which
    PDF/UA asks of every TH. It keeps each cell's structure element on the cell's box (``mark``),
    so this finisher, run before the file is written, finds them on the laid-out pages. A header
    without ``scope`` is a column header, as WeasyPrint links it.
    """
    del pdf  # the structure elements are reached through the boxes
    for page in document.pages:
        for box in _boxes(page._page_box):
            mark = getattr(box, "mark", None)
            if mark is not None and box.element_tag == "th" and "A" in mark:
                scope = box.element.attrib.get("scope", "col").lower()
                mark["A"]["Scope"] = SCOPES.get(scope, "/Column")


def _boxes(box: Any) -> Iterator[Any]:
    """Every box under ``box``, an absolutely placed one through its placeholder."""
    stack = [box]
    while stack:
        current = stack.pop()
        current = getattr(current, "_box", current)  # weasyprint's AbsolutePlaceholder
        yield current
        stack.extend(getattr(current, "children", ()))

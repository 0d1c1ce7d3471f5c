"""The one place HTML documents become PDF: tagged PDF/UA-1 so they may be published.

Sweden's accessibility law (lagen om tillgänglighet till digital offentlig service) asks that
published documents be accessible; a PDF/UA file carries its structure tree, reading order and
language. The language comes from the document's ``<html lang="sv">``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy

PDF_VARIANT = "pdf/ua-1"

# HTML's scope of a header cell → PDF's /Scope of its TH (PDF/UA: Matterhorn 15-003).
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}

# A table cell that holds nothing but one of these symbols has no figure to show. A screen reader
# reads "–" as nothing or "dash" and "·" as nothing: the cell's structure element gets these
# words as its /ActualText, or the cell's own ``data-spoken`` words where its template knows
# more (the web pages' ``unshown`` words, e.g. "inga tidigare år"). The symbol stays on the page.
SPOKEN_SYMBOLS = {"–": gettext_lazy("ingen uppgift"), "·": gettext_lazy("dolt antal")}


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document to a tagged, accessible PDF (PDF/UA-1)."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF exports need.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, finisher=finish_cells)
    return pdf


def finish_cells(document: Any, pdf: Any) -> None:
    """Give every table cell of the structure tree what WeasyPrint 70 leaves out of it.

    WeasyPrint keeps each cell's structure element on the cell's box (``mark``), so this
    finisher, run before the file is written, finds them on the laid-out pages: a TH gets the
    /Scope of its HTML (``scope_header``), a cell of a bare "–" or "·" the words it stands for
    (``speak_symbol``), in the document's language (``<html lang>``).
    """
    del pdf  # the structure elements are reached through the boxes
    cells = [
        box
        for page in document.pages
        for box in _boxes(page._page_box)
        if getattr(box, "mark", None) is not None and box.element_tag in ("th", "td")
    ]
    if not cells:
        return
    language = getattr(document.metadata, "lang", None) or "sv"
    with translation.override(language):
        for cell in cells:
            scope_header(cell)
            speak_symbol(cell)


def scope_header(cell: Any) -> None:
    """Give a TH the /Scope its HTML ``<th scope>`` says.

    WeasyPrint 70 reads ``scope`` to link data cells to their headers but writes no /Scope, which
    PDF/UA asks of every TH. A header without ``scope`` is a column header, as WeasyPrint links it.
    """
    if cell.element_tag == "th" and "A" in cell.mark:
        scope = cell.element.attrib.get("scope", "col").lower()
        cell.mark["A"]["Scope"] = SCOPES.get(scope, "/Column")


def speak_symbol(cell: Any) -> None:
    """Give a cell whose whole text is a symbol for a figure not shown the words it stands for,
    as /ActualText: the replacement text that screen readers and copying read instead."""
    import pydyf

    text = "".join(getattr(box, "text", "") for box in _boxes(cell)).strip()
    if text in SPOKEN_SYMBOLS:
        words = cell.element.attrib.get("data-spoken") or str(SPOKEN_SYMBOLS[text])
        cell.mark["ActualText"] = pydyf.String(words)


def _boxes(box: Any) -> Iterator[Any]:
    """Every box under ``box``, an absolutely placed one through its placeholder."""
    stack = [box]
    while stack:
        current = stack.pop()
        current = getattr(current, "_box", current)  # weasyprint's AbsolutePlaceholder
        yield current
        stack.extend(getattr(current, "children", ()))

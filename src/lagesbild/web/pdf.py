"""The one place HTML documents become PDF: tagged PDF/UA-1 so they may be published.

Sweden's accessibility law (lagen om tillgänglighet till digital offentlig service) asks that
published documents be accessible; a PDF/UA file carries its structure tree, reading order and
language. The language comes from the document's ``<html lang="sv">``.
"""

from __future__ import annotations

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document to a tagged, accessible PDF (PDF/UA-1)."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF exports need.
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf

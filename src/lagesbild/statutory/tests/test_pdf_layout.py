"""The statutory document's PDF on A4: a table of figures is not parted from its caption."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from lagesbild.statutory.exports import render_pdf
from lagesbild.statutory.services import document_content

# Each table of figures: the start of its caption and its first column's header.
TABLES = (
    ("Anmälda brott per kategori år", "Kategori 2024"),
    ("Händelsenotiser per kategori", "Kategori 2024"),
    ("Händelser och iakttagelser som", "Kategori 2024"),
)


def test_each_table_of_figures_is_on_the_page_of_its_caption(draft) -> None:
    # In the demo's PDF "1.1 Anmälda brott" and its caption ended page 1, the table began page 2.
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(BytesIO(render_pdf(document_content(draft)))).pages
    ]
    for caption, header in TABLES:
        page = next(text for text in pages if caption in text)
        assert header in page[page.index(caption) :], f"{caption}: the table is not on its page"

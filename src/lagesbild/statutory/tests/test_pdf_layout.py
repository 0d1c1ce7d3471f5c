"""The statutory document's PDF on A4: a table of figures is not parted from its caption, and a
missing cause or consequence reads "–" in the PDF and in the Word file alike."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from pypdf import PdfReader

from lagesbild.statutory.exports import PLAN_HEADERS, render_docx, render_pdf
from lagesbild.statutory.services import document_content

# Each table of figures: the start of its caption and its first column's header.
TABLES = (
    ("Anmälda brott per kategori år", "Kategori 2024"),
    ("Händelsenotiser per kategori", "Kategori 2024"),
    ("Händelser och iakttagelser som", "Kategori 2024"),
)


def _docx_rows(content: dict, first_header: str) -> list[dict[str, str]]:
    doc = Document(BytesIO(render_docx(content)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)
    headers = [c.text for c in table.rows[0].cells]
    return [dict(zip(headers, (c.text for c in row.cells), strict=True)) for row in table.rows[1:]]


def test_each_table_of_figures_is_on_the_page_of_its_caption(draft) -> None:
    # In the demo's PDF "1.1 Anmälda brott" and its caption ended page 1, the table began page 2.
    content = document_content(draft)
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(BytesIO(render_pdf(content))).pages
    ]
    for caption, header in TABLES:
        page = next(text for text in pages if caption in text)
        assert header in page[page.index(caption) :], f"{caption}: the table is not on its page"

    # The draft's problems have no cause or consequences yet, and one measure no goal or owner:
    # the PDF prints the dash there (one rule, ``or_dash``), and so must the Word file.
    text = " ".join(pages)
    for problem in content["problems"]:
        assert problem["cause"] == problem["consequences"] == ""
        after = text[text.index(f"{problem['rank']} {problem['title']}") :]
        assert f"{problem['categories'][0]} {problem['areas'][0]} – – " in after[:200]
    assert "Inget problem – Ny belysning i gångtunneln – –" in text
    for row in _docx_rows(content, "Prio"):
        assert (row["Orsak"], row["Konsekvenser"]) == ("–", "–")
    plan = {r["Åtgärd"]: r for r in _docx_rows(content, PLAN_HEADERS[0])}
    lighting = plan["Ny belysning i gångtunneln"]
    assert [lighting[h] for h in ("Orsak", "Operativt mål", "Vem", "Uppföljning")] == ["–"] * 4
    assert plan["Klottersanering inom 24 timmar"]["Orsak"] == "–"

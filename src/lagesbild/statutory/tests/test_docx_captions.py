"""The statutory document's DOCX captions its tables as its PDF does.

Table 1.1 gives each category's rate per 100 000 inhabitants; the PDF's caption names the
population it is computed from ("Folkmängd 65 050 (SCB)."), the DOCX's left it out.
"""

from __future__ import annotations

import io
import re

from django.utils.html import strip_tags
from docx import Document

from lagesbild.statutory.exports import render_docx, render_html
from lagesbild.statutory.services import document_content


def test_the_docx_names_the_population_behind_the_rates_as_the_pdf_does(draft) -> None:
    content = document_content(draft)
    html = render_html(content)
    caption = re.search(r'<caption id="cap-bra">(.*?)</caption>', html, re.S)
    assert caption is not None
    pdf_caption = " ".join(strip_tags(caption.group(1)).replace("\u00a0", " ").split())
    assert "Folkmängd" in pdf_caption, pdf_caption
    doc = Document(io.BytesIO(render_docx(content)))
    captions = [
        p.text.replace("\u00a0", " ")
        for p in doc.paragraphs
        if p.style is not None and p.style.name == "Caption"
    ]
    assert pdf_caption in captions, (pdf_caption, captions[:2])


def test_the_survey_tables_columns_are_named_apart_in_both(draft) -> None:
    """Table 2.1 was headed "Värde, År, Föregående, År": two columns called "År"."""
    content = document_content(draft)
    html = render_html(content)
    table = re.search(r'aria-labelledby="cap-surveys">(.*?)</table>', html, re.S)
    assert table is not None
    headers = re.findall(r'<th scope="col">(.*?)</th>', table.group(1))
    expected = ["Indikator", "Värde", "År", "Föregående värde", "Föregående år"]
    assert headers == expected
    doc = Document(io.BytesIO(render_docx(content)))
    docx_headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert expected in docx_headers

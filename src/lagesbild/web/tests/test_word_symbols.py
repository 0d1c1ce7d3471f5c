"""A Word table with a bare "–" or "·" says under it, in words, what the symbol stands for."""

from __future__ import annotations

from io import BytesIO

from django.utils import translation
from docx import Document

from lagesbild.web.word import add_table, document_bytes, new_document


def _paragraphs_after_table(rows: list[list[str]], language: str = "sv") -> list[str]:
    with translation.override(language):
        doc = new_document("Vecka 49", "Exempelkommun")
        add_table(doc, "Anmälda brott", ["Område", "2025", "2026"], rows)
        doc.add_paragraph("Nästa avsnitt")
    read = Document(BytesIO(document_bytes(doc)))
    return [p.text for p in read.paragraphs if p.text and (p.style and p.style.name) != "Caption"]


def test_the_symbols_used_in_a_table_are_said_in_words_under_it() -> None:
    rows = [["Centrum", "–", "12"], ["Norr", "·", " – "]]
    assert _paragraphs_after_table(rows) == [
        "– ingen uppgift. · dolt antal.",
        "Nästa avsnitt",
    ]
    assert _paragraphs_after_table(rows, "en")[0] == "– no figure. · hidden count."


def test_a_table_without_them_gets_no_key_and_a_dash_in_a_text_is_no_symbol() -> None:
    rows = [["Centrum – söder", "3", "12"]]
    assert _paragraphs_after_table(rows) == ["Nästa avsnitt"]
    assert _paragraphs_after_table([["Norr", "–", "1"]]) == ["– ingen uppgift.", "Nästa avsnitt"]

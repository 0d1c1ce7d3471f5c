"""The statutory document against the second audit's cases (2026-12-07): 3, 5, 6 and 15.

The document is Swedish whoever reads or orders it: its page in the English interface showed
English headings over Swedish cells, and its PDF and DOCX said "Status: Draft". Its section texts
broke numbers across lines ("från 2 381 till 2" | "584"), and its tertial section gave lower
figures than a coordinator's tertial page without saying that it leaves sensitive categories out.
"""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import translation
from docx import Document

from lagesbild.statutory.exports import render_docx, render_html
from lagesbild.statutory.services import decide, document_content, update_section
from lagesbild.statutory.tests.conftest import DECIDED_ON
from lagesbild.testing import client_for

NUMBERS = "Antalet ökade från 2 381 till 2 584 år 2025 (p = 0,27)."
KEPT = "Antalet ökade från 2\u00a0381 till 2\u00a0584 år 2025 (p\u00a0=\u00a00,27)."


def _page(user, document, language: str = "en") -> str:
    client = client_for(user)
    client.cookies["django_language"] = language
    return client.get(reverse("statutory-document", args=[document.pk])).content.decode()


def test_the_tertial_section_says_it_leaves_sensitive_categories_out(draft) -> None:
    assert draft.sections["tertial"].split("\n\n") == [
        "Tertial 1 2024 (januari–april): störst belastning i Norr (belastning 8, 3 rapporter).",
        "Tertial 2 2024 (maj–augusti): störst belastning i Söder (belastning 6, 3 rapporter) och "
        "Norr (belastning 2, 1 rapport).",
        "Tertial 3 2024 (september–december): inga rapporter med plats i någon stadsdel.",
        "Rapporter i känsliga kategorier redovisas inte i dokumentet och ingår inte i tertialens "
        "tal för 2024; tertialanalysen i Lägesbild räknar med dem för den som får se dem och kan "
        "därför visa högre tal.",
        "[Att komplettera av samordnaren: slutsatserna från årets tertialanalyser (2024) om "
        "vilka områden som mest behöver långsiktiga åtgärder]",
    ]


def test_the_status_is_swedish_in_files_ordered_in_english(draft, town) -> None:
    with translation.override("en"):
        content = document_content(draft)
        html = render_html(content)
        docx = Document(io.BytesIO(render_docx(content)))
    assert content["status_label"] == "Utkast"
    assert "<dt>Status</dt><dd>Utkast</dd>" in html and "Draft" not in html
    facts = next(p.text for p in docx.paragraphs if "Status:" in p.text)
    assert "Version 1. Status: Utkast. Underlaget framtaget" in facts


def test_a_decision_taken_in_english_freezes_a_swedish_status(draft, town) -> None:
    with translation.override("en"):
        decide(draft, town.cast.cecilia, DECIDED_ON, "KF § 12")
    draft.refresh_from_db()
    assert draft.snapshot["status_label"] == "Beslutad"


def test_numbers_in_a_sections_text_never_break_across_lines(draft, town) -> None:
    update_section(draft, "kartlaggning", NUMBERS, town.cast.cecilia)
    assert f"<p>{KEPT}</p>" in render_html(document_content(draft))
    assert f"<p>{KEPT}</p>" in _page(town.cast.rut, draft, "sv")
    # The stored text keeps the plain spaces the coordinator typed (the edit box shows them).
    draft.refresh_from_db()
    assert draft.sections["kartlaggning"] == NUMBERS


def test_the_english_page_shows_the_document_in_swedish_and_its_controls_in_english(
    draft, town
) -> None:
    reader = _page(town.cast.rut, draft)
    assert '<html lang="en"' in reader and '<article class="statutory" lang="sv">' in reader
    # Table 1.1's headings are Swedish like its cells, and so are the document's headings,
    # labels and captions.
    assert '<th scope="col">Per 100 000 inv.</th>' in reader
    assert '<th scope="col">Förändring mot basår</th>' in reader
    assert "Per 100,000 inhabitants" not in reader and "Change from base year" not in reader
    assert '<h2 id="h-kartlaggning">1 Kartläggning</h2>' in reader
    assert "<dt>Status</dt><dd>Utkast</dd>" in reader
    assert "Folkmängd 50\u00a0900 (SCB)." in reader
    # The page around it follows the interface.
    assert ">Download PDF</button>" in reader and "Ladda ner PDF" not in reader
    coordinator = _page(town.cast.cecilia, draft)
    assert '<details class="edit-text" lang="en">' in coordinator
    assert (
        "<summary>Edit the text</summary>" in coordinator and "Redigera texten" not in coordinator
    )
    assert '<button type="submit">Save the text</button>' in coordinator
    assert '<th scope="col" lang="en">Edit</th>' in coordinator
    assert '<h3 id="problem">4.1 Prioriterade problem</h3>' in coordinator

from __future__ import annotations

import io
import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.shared import Length
from PIL import Image

from lagesbild.audit.models import AuditEntry
from lagesbild.statutory.cli import run_statutory
from lagesbild.statutory.exports import PLAN_HEADERS, render_docx, render_html, render_pdf
from lagesbild.statutory.services import decide, document_content
from lagesbild.statutory.tests.conftest import DECIDED_ON, VANDALISM
from lagesbild.testing import assert_tagged_pdf

HEADINGS_1 = ["1 Kartläggning", "2 Annan information", "3 Analys", "4 Åtgärdsplan"]


def _headings(doc, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == style]


def test_the_docx_opens_with_the_four_sections_in_order_and_the_plan_as_a_table(draft) -> None:
    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    assert _headings(doc, "Heading 1") == HEADINGS_1
    assert _headings(doc, "Heading 2")[:2] == ["1.1 Anmälda brott", "1.2 Polisens händelsenotiser"]
    assert _headings(doc, "Title") == ["Lägesbild och åtgärdsplan 2024 – Exempeltorp"]
    plan = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == PLAN_HEADERS)
    rows = [[c.text for c in row.cells] for row in plan.rows[1:]]
    cleaning = next(r for r in rows if r[2] == "Klottersanering inom 24 timmar")
    assert cleaning[0] == "1. Skadegörelse i Norr" and cleaning[4] == "Exempeltorpshem"
    assert (
        cleaning[5] == "2024-03-01 – 2024-12-31" and cleaning[7] == "■ Röd – avviker eller försenad"
    )
    brå = doc.tables[0]
    assert [c.text for c in brå.rows[1].cells][:2] == ["Skadegörelse", str(VANDALISM[2024])]


def test_the_docx_marks_the_texts_left_to_the_coordinator(draft) -> None:
    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    marked = [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert marked and all("Att komplettera av samordnaren" in r.text for r in marked)


def test_the_pdf_is_rendered_from_the_page_content_with_dejavu_sans(draft) -> None:
    html = render_html(document_content(draft))
    assert html.startswith("<!DOCTYPE html>") and "DejaVu Sans" in html
    assert "<form" not in html and "Kartläggning" in html and "Åtgärdsplan" in html


def _not_blank(png: Path) -> bool:
    with Image.open(png) as image:
        low, high = image.convert("L").getextrema()
    return low != high


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)
def test_the_pdf_starts_with_the_magic_and_renders_to_pages_that_are_not_blank(
    draft, tmp_path: Path
) -> None:
    pdf = render_pdf(document_content(draft))
    assert pdf.startswith(b"%PDF")
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(tmp_path / "doc.pdf"), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2 and all(_not_blank(p) for p in pages)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "doc.pdf"), "-"], capture_output=True, text=True
    ).stdout
    if text:  # pdftotext ships with pdftoppm; the Swedish letters must survive as text
        assert "Åtgärdsplan" in text and "Skadegörelse i Norr" in text


def run_report(*args: str) -> str:
    out = StringIO()
    call_command("report", "statutory", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_prints_a_fresh_draft_as_json_when_nothing_is_decided(town) -> None:
    data = json.loads(run_report("--municipality", "0999", "--year", "2024", "--format", "json"))
    assert data["status"] == "generated" and data["version"] is None
    assert [h["heading"] for h in data["section_headings"]][:1] == ["Kartläggning"]
    vandalism = next(r for r in data["figures"]["official"]["rows"] if r["code"] == "skadegorelse")
    assert vandalism["count"] == VANDALISM[2024]
    assert {i["kind"] for i in data["issues"]} >= {"problem_without_measure", "missing_owner"}
    entry = AuditEntry.objects.get(action="lagesbild.statutory.exported")
    assert entry.detail == {"year": 2024, "version": None, "format": "json", "via": "cli"}


def test_the_command_prints_the_latest_decided_version_when_there_is_one(draft, town) -> None:
    decide(draft, town.cast.cecilia, DECIDED_ON, "KF § 123")
    data = json.loads(run_report("--municipality", "0999", "--year", "2024"))
    assert (data["version"], data["status"], data["decision_reference"]) == (
        1,
        "decided",
        "KF § 123",
    )


def test_the_command_writes_pdf_and_docx_files(town, tmp_path: Path) -> None:
    for fmt in ("pdf", "docx"):
        path = tmp_path / f"plan.{fmt}"
        run_report("--municipality", "0999", "--year", "2024", "--format", fmt, "-o", str(path))
        assert path.read_bytes()[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_the_command_refuses_unknown_municipalities_and_binary_output_to_the_terminal(town) -> None:
    with pytest.raises(CommandError, match="finns inte i systemet"):
        run_report("--municipality", "1234", "--year", "2024")
    with pytest.raises(CommandError, match="needs -o FILE"):
        run_report("--municipality", "0999", "--year", "2024", "--format", "docx")
    assert not AuditEntry.objects.filter(action="lagesbild.statutory.exported").exists()


def test_run_statutory_writes_json_to_the_given_stream(town) -> None:
    out = StringIO()
    run_statutory({"municipality": "0999", "year": 2024, "format": "json", "output": None}, out)
    assert json.loads(out.getvalue())["municipality"] == "Exempeltorp"


def _mm(length: Length | None) -> int:
    assert length is not None
    return round(length.mm)


def _xml(part) -> str:
    return part._element.xml


def test_the_docx_is_a4_swedish_numbered_and_written_by_the_municipality(draft) -> None:
    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    first, plan = doc.sections[0], doc.sections[-1]
    assert (_mm(first.page_width), _mm(first.page_height)) == (210, 297)
    assert _mm(first.left_margin) == _mm(first.top_margin) == 25
    assert (_mm(plan.page_width), _mm(plan.page_height)) == (297, 210)  # landscape A4
    styles = _xml(doc.styles)
    assert 'w:lang w:val="sv-SE"' in styles and 'w:val="en-US"' not in styles
    assert 'w:themeFontLang w:val="sv-SE"' in _xml(doc.settings)
    for section in (first, plan):  # the landscape plan keeps the page numbers
        assert not section.footer.is_linked_to_previous
        footer = _xml(section.footer)
        assert 'w:instr=" PAGE' in footer and 'w:instr=" NUMPAGES' in footer
        assert "Exempeltorp" in section.header.paragraphs[0].text
    properties = doc.core_properties
    assert properties.author == properties.last_modified_by == "Exempeltorp"
    assert properties.title == "Lägesbild och åtgärdsplan 2024 – Exempeltorp"
    assert properties.language == "sv-SE"


def test_the_docx_carries_the_configured_logo_in_its_header(draft, settings, tmp_path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), "navy").save(logo)
    settings.LAGESBILD_LOGO_PATH = str(logo)
    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    header = doc.sections[0].header
    images = [p for p in header.part.related_parts.values() if p.content_type == "image/png"]
    assert len(images) == 1 and images[0].blob == logo.read_bytes()
    assert "Exempeltorp" in header.paragraphs[0].text


def test_the_docx_builds_on_the_municipal_word_template(draft, settings, tmp_path) -> None:
    from docx.shared import Mm

    template = Document()
    template.sections[0].left_margin = Mm(30)
    template.sections[0].footer.paragraphs[0].text = "Exempeltorps kommun, Stadshuset"
    template.add_paragraph("Mallens exempeltext som inte ska följa med")
    template.styles["Caption"].delete()  # Word only writes styles that have been used
    template.styles["Normal"].font.name = "Garamond"
    path = tmp_path / "mall.docx"
    template.save(path)
    settings.LAGESBILD_DOCX_TEMPLATE = str(path)
    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    assert _mm(doc.sections[0].left_margin) == 30  # the template's page setup is kept
    assert doc.styles["Normal"].font.name == "Garamond"
    assert "Caption" in {s.name for s in doc.styles}
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Lägesbild och åtgärdsplan 2024 – Exempeltorp"
    assert "Mallens exempeltext som inte ska följa med" not in texts
    footer = doc.sections[0].footer
    assert footer.paragraphs[0].text == "Exempeltorps kommun, Stadshuset"
    assert 'w:instr=" PAGE' in _xml(footer)
    assert 'w:lang w:val="sv-SE"' in _xml(doc.styles)


def test_the_pdf_is_tagged_for_accessibility_in_swedish(draft) -> None:
    assert_tagged_pdf(render_pdf(document_content(draft)))


def test_the_docx_tables_read_like_the_pdfs_on_any_page(draft) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(render_docx(document_content(draft))))
    # Figures right-aligned under their header, names left (every cell had been left-aligned).
    brå = doc.tables[0]
    alignments = [[cell.paragraphs[0].alignment for cell in row.cells[:2]] for row in brå.rows]
    assert all(a == [None, WD_ALIGN_PARAGRAPH.RIGHT] for a in alignments), alignments
    # A table that runs onto the next page repeats its header row there; a caption stays with
    # its table instead of ending a page alone.
    headers = [table.rows[0]._tr.trPr for table in doc.tables]
    assert all(tr is not None and tr.find(qn("w:tblHeader")) is not None for tr in headers)
    captions = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert captions and all(p.paragraph_format.keep_with_next for p in captions)

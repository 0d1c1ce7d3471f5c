"""The yearly report's PDF heads a column of numbers over the numbers: both set right.

The numbers were set right and their headers left, so in a wide column "2025" stood far from
the counts under it (the police notices' table: header at the column's left edge, "227" at its
right).
"""

from __future__ import annotations

from io import BytesIO

from PIL import ImageFont
from pypdf import PdfReader

from lagesbild.annual.rendering import render_pdf
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_for

FONTS = "/usr/share/fonts/truetype/dejavu/"


def _words(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(left, right, baseline, text) of each piece of text on the first page, in points."""
    found: list[tuple[float, float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if not text.strip():
            return
        scale = cm[0] * tm[0]
        bold = "Bold" in str((font or {}).get("/BaseFont", ""))
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        face = ImageFont.truetype(FONTS + name, 100)
        width = face.getlength(text.strip()) / 100 * size * scale
        left = tm[4] * cm[0] + cm[4]
        found.append((left, left + width, round(tm[5] * cm[3] + cm[5], 1), text.strip()))

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def _row(words, first: str) -> list[tuple[float, float, float, str]]:
    baseline = next(w[2] for w in words if w[3] == first)
    return sorted(w for w in words if w[2] == baseline)


def test_the_summary_tables_year_headers_stand_over_their_counts(helsingborg) -> None:
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    words = _words(render_pdf(report))
    header, total = _row(words, "Kategori"), _row(words, "Alla brott")
    # Kategori | 2020 | 2021 | Förändring …: the two years' right edges over their counts'.
    for column in (1, 2):
        assert header[column][3] in {"2020", "2021"}, header
        assert abs(header[column][1] - total[column][1]) < 2, (header[column], total[column])

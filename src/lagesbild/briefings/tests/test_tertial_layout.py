"""The tertial's PDF on A4: its tables' headers set whole. Layout only."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from pypdf import PdfReader

from lagesbild.briefings.rendering import tertial_pdf
from lagesbild.briefings.tertial import tertial_analysis
from lagesbild.core.periods import Tertial
from lagesbild.organisations.access import viewer_for
from lagesbild.testing import STOCKHOLM, Cast, file_report


def test_the_tertial_pdf_sets_its_periods_and_category_names_whole(cast: Cast) -> None:
    file_report(
        cast.bevakning, "klotter", datetime(2024, 6, 3, 12, tzinfo=STOCKHOLM), point=cast.NORR_POINT
    )
    analysis = tertial_analysis(viewer_for(cast.cecilia), cast.municipality, Tertial(2024, 2))
    pages = [page.extract_text() for page in PdfReader(BytesIO(tertial_pdf(analysis))).pages]
    lines = [line.strip() for page in pages for line in page.splitlines()]
    # The ranking's periods on one line each: "2024-" had stood above "T1".
    assert "Rang Stadsdel Belastning Rapporter 2024-T1 Förändring 2023-T2 Förändring" in lines
    # The matrix with its heading on one page (they had been at the foot of page 1, it on page 2),
    # and a category's name cut only at a hyphen ("Otryg" above "g" without one).
    matrix = next(page for page in pages if "Belastning per stadsdel och kategori" in page)
    assert "Stadsdel Skade" in matrix
    header = matrix[matrix.index("Stadsdel Skade") : matrix.index("Norr ")].split()
    assert "Otrygg" in header and "Övrigt" in header, header

"""The annual report's PDF on A4: a goal's verdict is set whole in its narrow column, and the
partner table prints its rows, each kind's sum and the total last, as the page does."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from lagesbild.annual.rendering import render_pdf
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_for

# The partner table's lines in the PDF, in order: the rows, the sums per kind, the total.
PARTNER_TABLE = [
    "Polis Våld och hot 1",
    "Bostadsbolag Skadegörelse 2",
    "Polis Alla kategorier 1",
    "Bostadsbolag Alla kategorier 2",
    "Totalt Alla kategorier 3",
]


def test_a_goals_verdict_stays_on_one_line(helsingborg) -> None:
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    assert report.goal_summary["off_track"] == 1
    lines = [
        line.strip()
        for page in PdfReader(BytesIO(render_pdf(report))).pages
        for line in page.extract_text().splitlines()
    ]
    # The status column had set "Inte i" above "fas".
    assert any(line.endswith("Inte i fas") for line in lines), [
        line for line in lines if "fas" in line
    ]
    # The sums had come in another order of kinds than the rows, and no total closed the table.
    start = lines.index("Organisationstyp Kategori Antal")
    assert lines[start + 1 : start + 1 + len(PARTNER_TABLE)] == PARTNER_TABLE

"""The annual report's PDF on A4: a goal's verdict is set whole in its narrow column."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from lagesbild.annual.rendering import render_pdf
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_for


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

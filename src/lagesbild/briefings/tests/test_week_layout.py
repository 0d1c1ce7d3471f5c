"""The week's PDF on A4: a word in the reports' table is cut only at a hyphen, a p whole.

The reports' narrow columns let any word break anywhere, so the week's PDF printed
"Lokalpolisomr" above "åde", "Räddningstjän" above "sten" and "Narkotikapåv" above "erkade".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from io import BytesIO

import pytest
import time_machine
from pypdf import PdfReader

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.rendering import week_pdf
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tests.test_place_names import WEEK, hot_tunnel  # noqa: F401 (a fixture)
from lagesbild.core.weeks import parse_iso_week
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import (
    STOCKHOLM,
    Cast,
    assert_tagged_pdf,
    file_report,
    header_cells,
    spoken_cells,
)

LONG_WORDS = (
    "Kommunledningsförvaltningen",
    "Lokalpolisområde",
    "Exempeltorpshem",
    "Narkotikapåverkade",
    "soptunnebrand",
)


def _lines(pdf: bytes) -> list[str]:
    return [
        line.strip()
        for page in PdfReader(BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]


def cut_without_hyphen(lines: list[str], word: str) -> list[str]:
    """The places where ``word`` ends one line and goes on at the start of the next, unhyphened."""
    found = []
    for line, following in zip(lines, lines[1:], strict=False):
        for cut in range(2, len(word) - 1):
            if line.endswith(word[:cut]) and following.startswith(word[cut:]):
                found.append(f"{line!r} / {following!r}")
    return found


def test_the_reports_table_cuts_words_only_at_a_hyphen(cast: Cast) -> None:
    when = datetime(2024, 9, 10, 20, tzinfo=STOCKHOLM)
    for organisation in (cast.kommunen, cast.polisen, cast.bostad):
        file_report(organisation, "narkotika_paverkade", when, point=Cast.NORR_POINT)
        file_report(organisation, "containerbrand", when, point=Cast.SODER_POINT)
    viewer, municipality = viewer_in(cast.cecilia, None)
    week = parse_iso_week("2024-W37")
    with time_machine.travel(datetime(2024, 9, 20, 12, tzinfo=STOCKHOLM), tick=False):
        picture = weekly_picture(viewer, municipality, week)
        analysis = weekly_analysis(viewer, municipality, week)
        pdf = week_pdf(municipality, picture, analysis)
    lines = _lines(pdf)
    assert any("Veckans rapporter" in line for line in lines)
    # Every table header declares its scope (PDF/UA): the tables' columns and their rows' names.
    assert_tagged_pdf(pdf)
    assert {th["/A"]["/Scope"] for th in header_cells(pdf)} == {"/Column", "/Row"}
    # A "–" in the tables is heard as what it means (/ActualText), the comparison tables' in the
    # web page's words: six reports against none, and no earlier years.
    rows = len(picture.by_category) + len(picture.by_district)
    no_percent = "ingen procent: ett av antalen är under 20"
    assert spoken_cells(pdf) == [no_percent, "inga tidigare år", no_percent] * rows
    cuts = [cut for word in LONG_WORDS for cut in cut_without_hyphen(lines, word)]
    assert not cuts, cuts


@pytest.mark.usefixtures("hot_tunnel")
@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
def test_a_hotspots_p_stays_on_one_line(cast: Cast) -> None:
    # The hotspots' narrow p column had set "<" above "0,001" (the demo's five hotspots). The
    # fixture's hotspot has p = 0,007; its p as the demo's had it:
    viewer, municipality = viewer_in(cast.cecilia, None)
    picture = weekly_picture(viewer, municipality, WEEK)
    found = weekly_analysis(viewer, municipality, WEEK)
    assert len(found.hotspots) == 1
    analysis = replace(found, hotspots=(replace(found.hotspots[0], p_fdr=0.0004),))
    lines = _lines(week_pdf(municipality, picture, analysis))
    assert not [line for line in lines if line == "<" or line.endswith(" <")]
    assert any(line.endswith("< 0,001") for line in lines)

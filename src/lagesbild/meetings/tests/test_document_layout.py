"""The minutes' PDF on paper: where its decisions table gives its room. Layout only."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PageObject, PdfReader

from lagesbild.categories.models import Category
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.models import Measure
from lagesbild.meetings.rendering import render_pdf
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import Cast

A4_TEXT_WIDTH_PT = (210 - 2 * 16) / 25.4 * 72  # document.css: 16 mm margins left and right


def drawn_texts(page: PageObject) -> list[tuple[str, float]]:
    """Each piece of text drawn on ``page`` with the x (pt) where it starts, in drawing order."""
    drawn: list[tuple[str, float]] = []
    page.extract_text(
        visitor_text=lambda text, cm, tm, font, size: drawn.append((text.strip(), cm[4] + tm[4]))
    )
    return drawn


def header_positions(pdf: bytes, headers: tuple[str, ...]) -> dict[str, float]:
    """Where each of ``headers`` is first drawn (x, pt) on the first page that has headers[0]."""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found = {text: x for text, x in reversed(drawn_texts(page)) if text in headers}
        if headers[0] in found:
            return found
    raise AssertionError(f"no page has the header {headers[0]!r}")


def test_the_decisions_table_gives_the_measure_a_third_of_the_line(cast: Cast) -> None:
    # The demo's decision that the PDF set a few words a line in a quarter of the width (142 pt),
    # its columns of names taking the room.
    meeting = create_meeting(cast.municipality, IsoWeek(2026, 19), date(2026, 5, 12))
    measure = Measure.objects.create(
        municipality=cast.municipality,
        title="Belysning och röjning av sly vid gångtunneln vid Kvartsvägen",
        problem="Mörk och igenvuxen gångtunnel; samlingar, skadegörelse och otrygghet kvällstid.",
        owner=cast.kommunen,
        status=Measure.Status.DECIDED,
        decided_at_meeting=meeting,
        due_date=date(2026, 6, 9),
    )
    measure.categories.set(Category.objects.all()[:3])
    x = header_positions(render_pdf(meeting), ("Åtgärd", "Ansvarig"))
    assert x["Ansvarig"] - x["Åtgärd"] >= A4_TEXT_WIDTH_PT / 3, x

"""Eighth audit (2026-12-07): the week's PDF carries the page's notes on the week without the
page's links, which led nowhere from paper ("… per aktiv rapportör: 10 förra veckan, 10 denna
vecka. Per organisation")."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import time_machine
from django.utils.html import strip_tags

from lagesbild.analysis.tests.test_effort_honesty import (
    SUNDAY_NOON,
    W49,
    _audit_cast,
    _week_page,
)
from lagesbild.analysis.tests.test_pages import CODE
from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.rendering import week_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.organisations.access import viewer_in


def test_the_weeks_pdf_keeps_the_effort_note_but_not_its_link(cast: Any) -> None:
    _audit_cast(cast)
    with time_machine.travel(SUNDAY_NOON + timedelta(weeks=1), tick=False):
        viewer, town = viewer_in(cast.anders, CODE)
        html = week_document(
            town, weekly_picture(viewer, town, W49), weekly_analysis(viewer, town, W49), viewer
        )
        page = _week_page(W49, cast.anders)
    notes = html[html.index('id="analysis-notes-heading"') : html.index("</aside>")]
    text = re.sub(r"\s+", " ", strip_tags(notes))
    assert "Rapporteringsinsats: Rapporterna minskade från 40 till 10" in text
    assert "Per organisation" not in text and "<a " not in notes
    # The page keeps its link to the effort page.
    assert re.search(r'<a href="[^"]*rapporteringsinsats/\?till=2026-W49">Per organisation', page)

"""The week page's '–' is heard as what it means; the PDF prints the bare symbol, with its note,
and the same words for web/pdf.py to make the cell's /ActualText (data-spoken).

A screen reader read the change columns' "–" as nothing or as "dash" (an audit of the
meeting path), though the sentence above the tables says when a percentage is left out.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.urls import reverse

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.rendering import week_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.core.tests.known import known
from lagesbild.core.weeks import parse_iso_week
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WEEK = "2024-W37"


def norr_row(html: str) -> str:
    section = html[html.index('id="by-district"') :]
    return known(re.search(r'<th scope="row">Norr</th>(.*?)</tr>', section, re.S)).group(1)


def test_a_change_left_out_is_spoken_as_why_on_the_page_and_printed_as_a_dash(cast: Cast) -> None:
    file_report(
        cast.bevakning, "klotter", datetime(2024, 9, 10, 21, tzinfo=STOCKHOLM), Cast.NORR_POINT
    )
    row = norr_row(client_for(cast.cecilia).get(reverse("week", args=[WEEK])).content.decode())
    dash = '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>'
    why = "ingen procent: ett av antalen är under 20"  # the week's rule, percent_min
    assert f'<td class="flat">{dash.format(why)}</td>' in row
    assert f"<td>{dash.format('inga tidigare år')}</td>" in row

    viewer, municipality = viewer_in(cast.cecilia, None)
    week = parse_iso_week(WEEK)
    document = week_document(
        municipality,
        weekly_picture(viewer, municipality, week),
        weekly_analysis(viewer, municipality, week),
    )
    assert "visually-hidden" not in norr_row(document)
    assert f'<td class="flat" data-spoken="{why}">–</td>' in norr_row(document)
    assert '<td data-spoken="inga tidigare år">–</td>' in norr_row(document)

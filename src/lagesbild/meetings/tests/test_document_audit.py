"""Sixth audit (2026-12-06): the minutes document says of the agenda what the meeting page says.

The minutes PDF renders the page's own agenda partial (``meetings/_agenda.html``), so an agenda
made while its week ran says "hittills" in the document as on the page, and too short a history
is not "no alerts" there either. The document is rendered as the background job renders it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import time_machine
from django.utils import translation

from lagesbild.core.weeks import IsoWeek
from lagesbild.meetings.rendering import render_document
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import STOCKHOLM, Cast, file_report

SUNDAY = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)  # 2026-W49 still runs
NEXT_TUESDAY = datetime(2026, 12, 8, 12, tzinfo=STOCKHOLM)  # 2026-W49 has ended
W49 = IsoWeek(2026, 49)


def _text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").strip()


def test_the_minutes_of_an_agenda_made_in_a_running_week_say_so_far(cast: Cast) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        for day in range(3):
            for start in (datetime(2026, 11, 24, 9), datetime(2026, 12, 1, 9)):
                when = start.replace(tzinfo=STOCKHOLM) + timedelta(days=day)
                file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT)
        meeting = create_meeting(cast.municipality, W49, date(2026, 12, 6), cast.cecilia)
    with time_machine.travel(NEXT_TUESDAY, tick=False):  # read after the week
        document = _text(render_document(meeting))
        with translation.override("en"):
            english = _text(render_document(meeting))
    assert "Historiken är för kort för att bedöma larm: det finns ingen larmgräns än." in document
    assert "Metod denna vecka: för kort historik (1 veckas historik före denna vecka)." in document
    assert "Veckan pågår: raderna gäller rapporterna hittills." in document
    assert "Hämtad ur lägesbilden för vecka 2026-W49 den 2026-12-06 12:00." in document
    assert "inget antal når sin larmgräns" not in document
    assert "Historiken är för kort" not in english and "hittills" not in english

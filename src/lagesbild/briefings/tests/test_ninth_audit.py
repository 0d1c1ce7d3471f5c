"""The ninth audit (2026-12-07) of the week's alert lines: a count at its larmgräns that does not
alarm because its series had fewer than five reports in the last four weeks (the 5-in-4 rule).
The page, the brief, the agenda and the Excel file said "Inga larm denna vecka: inget antal når
sin larmgräns." beside it."""

from __future__ import annotations

import re
from datetime import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.brief import weekly_brief
from lagesbild.briefings.exports import week_sheets
from lagesbild.briefings.rendering import brief_document
from lagesbild.briefings.services import weekly_picture
from lagesbild.briefings.tests.builders import bulk_weekly, weeks_back
from lagesbild.core.weeks import IsoWeek
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import STOCKHOLM, Cast, client_for

WEEK = IsoWeek(2024, 37)
AFTER_THE_WEEK = datetime(2024, 9, 20, 12, tzinfo=STOCKHOLM)
# Ten weeks of graffiti in Norr, one report every other week, then three in the week.
COUNTS = [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 3]


def _history(cast: Cast) -> None:
    weeks = weeks_back(WEEK, len(COUNTS) - 1)
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks, COUNTS)


NOTE = (
    "Inga larm denna vecka: 3 antal når sina larmgränser men larmar inte, eftersom ett larm kräver "
    "minst 5 rapporter de senaste 4 veckorna."
)
HELD = (
    "3 rapporter vecka 37, väntat omkring 0,4; når larmgränsen men för få rapporter de senaste "
    "veckorna för att larma."
)


def test_counts_at_their_larmgräns_held_back_by_the_5_in_4_rule_are_named(cast: Cast) -> None:
    _history(cast)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        response = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)]))
        viewer, municipality = viewer_in(cast.cecilia, None)
        picture = weekly_picture(viewer, municipality, WEEK)
        analysis = weekly_analysis(viewer, municipality, WEEK)
        brief = weekly_brief(municipality, picture, analysis, timezone.localdate())
        brief_text = re.sub(r"\s+", " ", strip_tags(brief_document(municipality, brief)))
        sheets = {sheet.title: sheet for sheet in week_sheets(picture, analysis)}
    page = response.content.decode()
    assert analysis.alerts == () and len(analysis.held_back) == 3
    assert f'<p id="no-alarms">{NOTE}</p>' in page
    assert (
        '<ul class="compact held-back"><li>Skadegörelse i Exempeltorp: ' + HELD + "</li>"
        "<li>Alla kategorier i Norr: "
        + HELD + "</li><li>Skadegörelse i Norr: " + HELD + "</li></ul>"
        in page
    )
    assert "inget antal når sin larmgräns" not in page
    assert NOTE in brief_text and "inget antal når sin larmgräns" not in brief_text
    about = [(row["what"], row["value"]) for row in sheets["Om"].rows]
    assert ("Observera", NOTE) in about


def test_the_held_back_note_reads_so_far_in_a_running_week_and_in_english(cast: Cast) -> None:
    _history(cast)
    friday = datetime(2024, 9, 13, 12, tzinfo=STOCKHOLM)
    with time_machine.travel(friday, tick=False):
        page = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)])).content.decode()
        english = client_for(cast.cecilia)
        english.post(reverse("set_language"), {"language": "en", "next": "/"})
        in_english = english.get(reverse("week", args=[str(WEEK)])).content.decode()
    assert (
        "Inga larm hittills denna vecka: 3 antal har nått sina larmgränser men larmar inte, "
        "eftersom ett larm kräver minst 5 rapporter de senaste 4 veckorna." in page
    )
    assert "inget antal har än nått sin larmgräns" not in page
    assert (
        "No alerts so far this week: 3 counts have reached their alarm levels but raise no "
        "alert, since an alert needs at least 5 reports in the last 4 weeks." in in_english
    )


def test_without_a_held_back_count_no_alarm_is_no_count_at_its_larmgräns(cast: Cast) -> None:
    weeks = weeks_back(WEEK, len(COUNTS) - 1)
    quiet = [*COUNTS[:-1], 1]
    bulk_weekly(cast.bevakning, "klotter", cast.norr, Cast.NORR_POINT, weeks, quiet)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        page = client_for(cast.cecilia).get(reverse("week", args=[str(WEEK)])).content.decode()
    assert '<p id="no-alarms">Inga larm denna vecka: inget antal når sin larmgräns.</p>' in page
    assert "held-back" not in page

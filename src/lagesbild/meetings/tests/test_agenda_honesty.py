"""The agenda says what the weekly page says of the same week: too short a history is not "no
alerts", and a week in progress gives its alerts, hotspots and repeat places so far
(docs/statistics.md, "The weekly page", rules 3 and 4)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import translation

from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.tests.helpers import FakeAnalysis
from lagesbild.meetings.agenda import Labels, build_agenda, localised
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

SUNDAY = datetime(2026, 12, 6, 12, tzinfo=STOCKHOLM)  # 2026-W49 still runs
NEXT_TUESDAY = datetime(2026, 12, 8, 12, tzinfo=STOCKHOLM)  # 2026-W49 has ended
W49 = IsoWeek(2026, 49)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").strip()


def _agenda(cast: Cast, meeting: Meeting, key: str) -> str:
    """The words of one section of the meeting page's agenda."""
    page = client_for(cast.cecilia).get(meeting.get_absolute_url()).content.decode()
    start = page.index(f'<h3 id="agenda-{key}">')
    return _text(page[start : page.index("</li>", start)])


def _alerts_on_the_weekly_page(cast: Cast, week: str) -> str:
    page = client_for(cast.cecilia).get(f"/vecka/{week}/").content.decode()
    start = page.index('id="alerts-heading"')
    return _text(page[start : page.index("</section>", start)])


def test_too_short_a_history_is_not_no_alerts_and_a_running_weeks_places_are_so_far(
    cast: Cast,
) -> None:
    # The audit: reports only in 2026-W48 and 2026-W49, the meeting for 2026-W49 on its Sunday.
    with time_machine.travel(SUNDAY, tick=False):
        for day in range(3):
            for start in (datetime(2026, 11, 24, 9), datetime(2026, 12, 1, 9)):
                when = start.replace(tzinfo=STOCKHOLM) + timedelta(days=day)
                file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT)
        meeting = create_meeting(cast.municipality, W49, date(2026, 12, 6), cast.cecilia)
        alerts = _agenda(cast, meeting, "alerts")
        hotspots = _agenda(cast, meeting, "hotspots")
        places = _agenda(cast, meeting, "repeat_places")
        page = _alerts_on_the_weekly_page(cast, "2026-W49")
        week_page = _text(client_for(cast.cecilia).get("/vecka/2026-W49/").content.decode())
        brief = _text(client_for(cast.cecilia).get("/vecka/2026-W49/underlag/").content.decode())
    too_short = "Historiken är för kort för att bedöma larm: det finns ingen larmgräns än."
    method = "Metod denna vecka: för kort historik (1 veckas historik före denna vecka)."
    # Reporting began last week: the agenda says so in the week page's words (it said nothing).
    began = (
        "Rapporteringen började vecka 2026-W48, som kan ha börjat mitt i veckan; ingen "
        "förändring mot förra veckan anges."
    )
    assert alerts == f"Larm: ovanligt många rapporter {began} {too_short} {method}"
    assert too_short in page and method in page  # the page says the same
    assert began in week_page
    # The hotspot period starts with reporting, not two weeks before it (2026-11-09), and the
    # week page and the brief say so (they said "de senaste fyra veckorna").
    assert meeting.agenda[3]["period"] == "2026-11-23 – 2026-12-06"
    assert "där rapporterna 23/11–6/12 samlas tätare" in week_page
    assert "Inga brännpunkter sedan rapporteringen började." in week_page
    assert "fyra veckorna" not in week_page and "fyra veckorna" not in brief
    assert "Inga brännpunkter eller upprepade platser" not in brief  # a repeat place is listed
    assert "Inget att ta upp" not in alerts  # it said "Inget att ta upp denna vecka."
    assert hotspots == "Brännpunkter Inget att ta upp hittills denna vecka."
    assert places.startswith(
        "Upprepade platser Veckan pågår: raderna gäller rapporterna hittills. "
        "En plats i Norr: 6 rapporter 2026-11-24 – 2026-12-03 (Klotter)"
    )


def test_a_running_week_without_alarms_has_none_so_far_and_an_ended_one_none(cast: Cast) -> None:
    with time_machine.travel(SUNDAY, tick=False):
        for weeks_back in range(9):  # one graffiti report a week: EARS C1 on eight weeks
            when = datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM) - timedelta(weeks=weeks_back)
            file_report(cast.bevakning, "klotter", when, point=Cast.NORR_POINT)
        meeting = create_meeting(cast.municipality, W49, date(2026, 12, 6), cast.cecilia)
        running = _agenda(cast, meeting, "alerts")
        page = _alerts_on_the_weekly_page(cast, "2026-W49")
    so_far = "Inga larm hittills denna vecka: inget antal har än nått sin larmgräns."
    method = "Metod denna vecka: EARS C1 (8 veckors historik före denna vecka)."
    assert running == f"Larm: ovanligt många rapporter {so_far} {method}"
    assert so_far in page and method in page
    with time_machine.travel(NEXT_TUESDAY, tick=False):
        client_for(cast.cecilia).post(reverse("meeting-agenda", args=[meeting.pk]))
        meeting.refresh_from_db()
        ended = _agenda(cast, meeting, "alerts")
        page = _alerts_on_the_weekly_page(cast, "2026-W49")
    none = "Inga larm denna vecka: inget antal når sin larmgräns."
    after = (
        "Dagordningen hämtades efter mötet: rapporter som hänt efter mötesdagen 2026-12-06 "
        "räknas inte, men rapporter som registrerats efter mötet kan ingå."
    )
    assert ended == f"Larm: ovanligt många rapporter {after} {none} {method}"
    assert none in page and "hittills" not in ended


def test_a_hotspot_of_a_running_week_counts_the_week_so_far_in_either_language() -> None:
    hotspot = {"cells": ["a"], "name": None, "also": [], "count": 6, "week_count": 2, "z": 3.14}
    analysis = FakeAnalysis(hotspots=[hotspot | {"district_name": "Norr"}]).as_dict()
    agenda = build_agenda(date(2026, 12, 6), [], [], analysis, in_progress=True)
    section = agenda[3]
    assert section["in_progress"] is True
    text = "Norr: 6 rapporter under perioden, varav 2 hittills denna vecka (Gi* z = 3,1)"
    assert section["items"][0]["text"] == text
    with translation.override("en"):  # written again from the stored figures
        again = localised(section, Labels({}, {}, "Exempeltorp", 49))
    assert again["items"][0]["text"] == (
        "Norr: 6 reports in the period, 2 of them so far this week (Gi* z = 3.1)"
    )


def test_the_agenda_says_when_reporting_began_as_the_week_page_does_in_either_language() -> None:
    # The note comes from the week page's own function (briefings.notes), from the two weeks
    # stored with the alerts section, so it is written again in the reader's language.
    def alerts(first: str | None) -> dict:
        analysis = FakeAnalysis().as_dict() | {"week": "2026-W49", "first_week": first}
        return build_agenda(date(2026, 12, 7), [], [], analysis)[2]

    began_now = alerts("2026-W49")
    assert began_now["first_week_note"] == (
        "Rapporteringen började vecka 2026-W49: det finns ingen hel vecka före att jämföra med."
    )
    assert "kan ha börjat mitt i veckan" in alerts("2026-W48")["first_week_note"]
    assert "efter denna vecka" in alerts("2026-W50")["first_week_note"]
    assert "first_week_note" not in alerts("2026-W47")  # a whole week before to compare with
    with translation.override("en"):
        again = localised(began_now, Labels({}, {}, "Exempeltorp", 49))
    assert again["first_week_note"] == (
        "Reporting began in week 2026-W49: there is no whole week before it to compare with."
    )


def test_an_agenda_before_any_counted_report_says_so_as_the_week_page_does() -> None:
    # A new municipality's first agenda: its empty sections are no quiet week.
    analysis = FakeAnalysis().as_dict() | {"week": "2026-W49", "first_week": None}
    section = build_agenda(date(2026, 12, 7), [], [], analysis)[2]
    assert section["first_week_note"] == (
        "Inga rapporter har räknats än, i någon vecka: nollorna betyder inte att inget hände."
    )
    with translation.override("en"):
        again = localised(section, Labels({}, {}, "Exempeltorp", 49))
    assert again["first_week_note"] == (
        "No reports have been counted yet, in any week: the zeros do not mean that nothing "
        "happened."
    )


def test_an_agenda_stored_before_the_flags_reads_as_before(cast: Cast) -> None:
    meeting = Meeting.objects.create(
        municipality=cast.municipality,
        iso_week="2024-W37",
        date=date(2024, 9, 16),
        agenda=[
            {"key": "alerts", "items": [], "available": True, "related": []},
            {"key": "hotspots", "items": [], "available": True, "period": None},
        ],
    )
    assert _agenda(cast, meeting, "alerts") == (
        "Larm: ovanligt många rapporter Inget att ta upp denna vecka."
    )
    assert _agenda(cast, meeting, "hotspots") == "Brännpunkter Inget att ta upp denna vecka."

"""Audit of 2026-12-07, places: a hotspot beside the repeat place it is named after, a focus area
made from a place, the week's plurals, a running week's hotspot period and the brief's dates."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from html import unescape

import h3
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lagesbild.areas.models import Area
from lagesbild.briefings.tests.builders import midweek
from lagesbild.core.stats.hotspots import DEFAULT_RESOLUTION
from lagesbild.core.weeks import IsoWeek
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.meetings.services import FocusItem, add_focus_area, create_meeting
from lagesbild.places.importing import import_gazetteer
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report, square

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")

WEEK = IsoWeek(2024, 37)
PLACE = "Gångtunneln vid Kvartsvägen"
# The tunnel's cell: its centre is the place, where twelve of its reports are pinned.
CELL = h3.latlng_to_cell(56.015, 13.035, DEFAULT_RESOLUTION)
TUNNEL = h3.cell_to_latlng(CELL)


def _text(page: str) -> str:
    """The page's text, each tag read as a space (table cells stay apart)."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]*>", " ", page))).strip()


def _in_the_next_cell(side: int, metres: float = 200) -> tuple[float, float]:
    """A point ``metres`` from the tunnel across one side of its cell: in the neighbour cell,
    yet within 300 m, so a report there with the tunnel's name is the same repeat place."""
    boundary = h3.cell_to_boundary(CELL)
    a, b = boundary[side], boundary[(side + 1) % len(boundary)]
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    north = (mid[0] - TUNNEL[0]) * 111_320
    east = (mid[1] - TUNNEL[1]) * 111_320 * math.cos(math.radians(TUNNEL[0]))
    scale = metres / math.hypot(north, east)
    return (
        TUNNEL[0] + north * scale / 111_320,
        TUNNEL[1] + east * scale / (111_320 * math.cos(math.radians(TUNNEL[0]))),
    )


def _english(client: Client) -> Client:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def _tunnel(
    cast: Cast, times: list[datetime], strays: tuple[datetime, ...] = (), *, early: bool = True
) -> Area:
    """The district Öst with the tunnel in the gazetteer; reports at the tunnel at ``times`` and,
    named the same, one in each of two neighbour cells at ``strays``; a report long before, so
    reporting began before the hotspot period."""
    east = Area.objects.create(
        municipality=cast.municipality, code="ost", name="Öst", geometry=square(13.02, 56.0, 0.03)
    )
    import_gazetteer(
        f"name,latitude,longitude\n{PLACE},{TUNNEL[0]},{TUNNEL[1]}\n".encode(),
        "ortnamn.csv",
        cast.municipality,
    )
    if early:
        file_report(
            cast.bevakning, "klotter", times[0] - timedelta(days=200), point=Cast.NORR_POINT
        )
    for i, when in enumerate(times):
        point = (TUNNEL[0] + i * 1e-5, TUNNEL[1])
        file_report(cast.bevakning, "klotter", when, point=point, place_text=PLACE)
    for side, when in zip((0, 3), strays, strict=False):
        file_report(
            cast.bevakning, "klotter", when, point=_in_the_next_cell(side), place_text=PLACE
        )
    return east


@pytest.fixture
def spread_place(cast: Cast) -> Area:
    """Fourteen reports named the tunnel: twelve in its cell, two in neighbour cells."""
    return _tunnel(
        cast,
        [midweek(WEEK, 8 + i) for i in range(12)],
        (midweek(WEEK, 20), midweek(WEEK, 21)),
    )


def test_the_spread_places_pins_lie_in_three_cells() -> None:
    cells = {h3.latlng_to_cell(*_in_the_next_cell(side), DEFAULT_RESOLUTION) for side in (0, 3)}
    assert len(cells | {CELL}) == 3


def test_the_hotspot_says_how_many_of_the_place_s_reports_it_holds(
    cast: Cast, spread_place: Area
) -> None:
    # "Gångtunneln vid Kvartsvägen (Norrby): 12 rapporter på fyra veckor — brännpunkt" beside
    # "Gångtunneln vid Kvartsvägen (Norrby): 14 rapporter — upprepad plats": the hotspot holds
    # the hot cell's reports, the repeat place all reports of that name within 300 m.
    client = client_for(cast.cecilia)
    brief = _text(client.get(reverse("week-brief", args=[str(WEEK)])).content.decode())
    assert (
        f"{PLACE} (Öst): 12 rapporter på fyra veckor — brännpunkt (12 av platsens 14 rapporter "
        f"ligger i brännpunkten) {PLACE} (Öst): 14 rapporter — upprepad plats"
    ) in brief
    page = _text(client.get(reverse("week", args=[str(WEEK)])).content.decode())
    assert (
        f"{PLACE} 12 av platsens 14 rapporter ligger i brännpunkten Besluta åtgärd Öst 12 12 "
        in (page)
    )
    assert f"{PLACE} Besluta åtgärd Öst 14 11/9, " in page
    english = _text(_english(client).get(reverse("week-brief", args=[str(WEEK)])).content.decode())
    assert (
        f"{PLACE} (Öst): 12 reports in four weeks — hotspot (12 of the place's 14 reports lie "
        f"in the hotspot) {PLACE} (Öst): 14 reports — repeat place"
    ) in english


def test_the_agenda_s_hotspot_says_it_too(cast: Cast, spread_place: Area) -> None:
    meeting = create_meeting(cast.municipality, WEEK, date(2024, 9, 16), cast.cecilia)
    sections = {s["key"]: s for s in meeting.agenda}
    assert [h["text"] for h in sections["hotspots"]["items"]] == [
        f"{PLACE} (Öst): 12 rapporter under perioden, varav 12 denna vecka; 12 av platsens 14 "
        f"rapporter ligger i brännpunkten (Gi* z = "
        f"{sections['hotspots']['items'][0]['text'].split('z = ')[1]}"
    ]
    assert [p["text"] for p in sections["repeat_places"]["items"]] == [
        f"{PLACE}: 14 rapporter 2024-09-11 – 2024-09-11 (Klotter)"
    ]


def _repeat_forms(html: str) -> list[str]:
    """The "Gör till fokusområde" forms of the agenda's repeat places, as their hidden fields."""
    section = html[html.index('id="agenda-repeat_places"') : html.index("</ol>")]
    return re.findall(r'<form method="post" action="[^"]*/fokus/".*?</form>', section, re.S)


def test_a_focus_area_made_from_a_repeat_place_is_the_place_not_its_district(
    cast: Cast, spread_place: Area
) -> None:
    # Three reports of a place known by its text only (no pin): nothing to make a shape of.
    for hour in (9, 10, 11):
        file_report(
            cast.bostad, "klotter", midweek(WEEK, hour), place_text="Skolgården", area=cast.norr
        )
    meeting = create_meeting(cast.municipality, WEEK, date(2024, 9, 16), cast.cecilia)
    client = client_for(cast.cecilia)
    html = client.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    assert "En plats i Norr: 3 rapporter 2024-09-11 – 2024-09-11 (Klotter)" in _text(html)
    forms = _repeat_forms(html)
    assert len(forms) == 1  # the tunnel's; the text-only place offers none
    fields = dict(re.findall(r'name="(fokus-[a-z0-9_]+)" value="([^"]*)"', forms[0]))
    cells = set(fields["fokus-h3_cells"].split(","))
    strays = {h3.latlng_to_cell(*_in_the_next_cell(side), DEFAULT_RESOLUTION) for side in (0, 3)}
    assert (fields["fokus-label"], fields["fokus-area"], cells) == (PLACE, "ost", {CELL} | strays)
    client.post(reverse("meeting-focus-add", args=[meeting.pk]), fields)
    # The same name made a focus area of the whole district, as the form used to.
    add_focus_area(meeting, FocusItem(PLACE, area=spread_place), cast.cecilia)

    # Next week's only placed report is elsewhere in Öst, not at the tunnel.
    next_week = WEEK.next()
    file_report(cast.bostad, "klotter", midweek(next_week), point=(56.005, 13.045))
    page = _text(client.get(reverse("week", args=[str(next_week)])).content.decode())
    assert f"1. {PLACE} (3 celler) 0 – 3,4 % – " in page
    assert f"2. {PLACE} (hela Öst) 1 – 82 % – " in page
    assert (
        "Veckan har 1 placerad rapport: med färre än 20 anges varken andel eller PAI, bara antalen."
    ) in page
    brief = _text(client.get(reverse("week-brief", args=[str(next_week)])).content.decode())
    assert f"1. {PLACE} (3 celler): 0 rapporter 2. {PLACE} (hela Öst): 1 rapport" in brief
    english = _text(_english(client).get(reverse("week", args=[str(next_week)])).content.decode())
    assert f"1. {PLACE} (3 cells) 0 – 3.4 % – " in english
    assert f"2. {PLACE} (all of Öst) 1 – 82 % – " in english
    assert (
        "The week has 1 placed report: with fewer than 20 neither shares nor PAI are given, only "
        "the counts."
    ) in english

    with translation.override("sv"):  # the agenda's lines are written in the active language
        second = create_meeting(cast.municipality, next_week, date(2024, 9, 23), cast.cecilia)
    focus = next(s for s in second.agenda if s["key"] == "focus")
    sentences = [f["sentence"] for f in focus["items"]]
    assert sentences[0].startswith("0 av 1 rapport på ")
    assert sentences[1].startswith("1 av 1 rapport på ")
    assert focus["summary"].startswith("Alla fokusområden tillsammans: 1 av 1 rapport på ")
    assert all(
        s.endswith("; med färre än 20 rapporter i veckan anges inget PAI.") for s in sentences
    )
    agenda = _text(client.get(reverse("meeting-detail", args=[second.pk])).content.decode())
    assert f"1 {PLACE} (3 cells) " in agenda and f"2 {PLACE} (all of Öst) " in agenda
    assert "0 of 1 report on " in agenda


RUNNING_MONDAY = datetime(2026, 12, 7, 12, tzinfo=STOCKHOLM)
RUNNING = IsoWeek(2026, 50)


def test_a_running_week_s_hotspots_are_counted_over_the_days_so_far(cast: Cast) -> None:
    # "Rapporter, fyra veckor" and "15 rapporter på fyra veckor" over the 22 days 16/11–7/12.
    with time_machine.travel(RUNNING_MONDAY, tick=False):
        times = [RUNNING_MONDAY - timedelta(days=14, hours=i) for i in range(10)]
        _tunnel(cast, times + [RUNNING_MONDAY - timedelta(hours=h) for h in (1, 2)])
        client = client_for(cast.cecilia)
        html = client.get(reverse("week", args=[str(RUNNING)])).content.decode()
        brief = _text(client.get(reverse("week-brief", args=[str(RUNNING)])).content.decode())
        english_client = _english(client_for(cast.cecilia))
        english = _text(english_client.get(reverse("week", args=[str(RUNNING)])).content.decode())
        english_brief = _text(
            english_client.get(reverse("week-brief", args=[str(RUNNING)])).content.decode()
        )
    page = _text(html)
    assert "Plats Stadsdel Rapporter 16/11–7/12 Varav hittills denna vecka z p (FDR)" in page
    assert f"{PLACE} Besluta åtgärd Öst 12 2 " in page
    assert 'data-hot-cell="{count} rapporter 16/11–7/12, {week} hittills denna vecka (z {z})"' in (
        html
    )
    hotspot_key = '<span class="swatch swatch-hotspot" aria-hidden="true"></span>'
    assert f"{hotspot_key}Brännpunkt (Gi*, 16/11–7/12)</li>" in html  # the key under the map
    assert f"{PLACE} (Öst): 12 rapporter 16/11–7/12 — brännpunkt" in brief
    assert "Place District Reports 16 Nov–7 Dec Of which so far this week z p (FDR)" in english
    assert f"{PLACE} (Öst): 12 reports 16 Nov–7 Dec — hotspot" in english_brief
    assert "fyra veckor" not in brief and "four weeks" not in english_brief


def test_the_brief_s_due_dates_read_the_same_in_english(cast: Cast) -> None:
    # "(ongoing, Räddningstjänsten Exempelstad, due date 11/7) overdue": 7 November to many.
    make_measure(cast, "Belysning i tunneln", due_date=date(2024, 7, 11))
    make_measure(cast, "Klotterplank", due_date=date(2025, 1, 3))
    client = client_for(cast.cecilia)
    brief = _text(client.get(reverse("week-brief", args=[str(WEEK)])).content.decode())
    assert "Belysning i tunneln (beslutad, Exempeltorpshem, klart senast 11/7) försenad" in brief
    assert "Klotterplank (beslutad, Exempeltorpshem, klart senast 3/1 2025)" in brief
    english = _text(_english(client).get(reverse("week-brief", args=[str(WEEK)])).content.decode())
    assert "Belysning i tunneln (decided, Exempeltorpshem, due date 11 Jul) overdue" in english
    assert "Klotterplank (decided, Exempeltorpshem, due date 3 Jan 2025)" in english


def test_a_running_week_s_hotspot_since_reporting_began_is_so_far_this_week(cast: Cast) -> None:
    with time_machine.travel(RUNNING_MONDAY, tick=False):
        times = [RUNNING_MONDAY - timedelta(days=7, hours=i) for i in range(10)]
        _tunnel(cast, times + [RUNNING_MONDAY - timedelta(hours=h) for h in (1, 2)], early=False)
        html = client_for(cast.cecilia).get(reverse("week", args=[str(RUNNING)])).content.decode()
    assert (
        'data-hot-cell="{count} rapporter sedan rapporteringen började, {week} hittills denna '
        'vecka (z {z})"'
    ) in html
    assert "Plats Stadsdel Rapporter sedan rapporteringen började Varav hittills denna vecka" in (
        _text(html)
    )

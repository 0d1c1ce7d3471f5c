"""The week's maps tell a report's insecurity by colour and by size, and say so in words; the
week map's dots stand in a table under it for those who cannot reach a dot.

An audit found the dots' three colours 1.11–1.27:1 apart (the same in grey print), one red
swatch for all three in a legend hidden on phones, district names 3.7 pt high in the brief and a
text alternative that named the layers but no figure. A dot's popup opened only on a click: a
keyboard or screen reader user could not learn what a dot was.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import translation

from lagesbild.briefings.analysis import weekly_analysis
from lagesbild.briefings.brief import weekly_brief
from lagesbild.briefings.rendering import (
    BRIEF_MAP_BOX,
    LABEL_PT,
    brief_document,
    static_map,
    week_document,
)
from lagesbild.briefings.services import weekly_picture
from lagesbild.core.tests.known import known
from lagesbild.core.weeks import parse_iso_week
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report

WEEK = "2024-W37"
WHEN = datetime(2024, 9, 10, 21, tzinfo=STOCKHOLM)


def three_levels(cast: Cast) -> None:
    """Three reports in Norr, one of each insecurity level, and one in Söder."""
    for level in (1, 2, 3):
        file_report(cast.bevakning, "klotter", WHEN, Cast.NORR_POINT, insecurity=level)
    file_report(cast.bostad, "klotter", WHEN, Cast.SODER_POINT, insecurity=3)


def test_the_week_pages_key_names_each_level_its_colour_and_size_under_the_map(
    cast: Cast,
) -> None:
    page = client_for(cast.cecilia).get(reverse("week", args=[WEEK])).content.decode()
    key = page[page.index('<div class="map-key">') :]
    key = key[: key.index("</div>")]
    rows = [re.sub(r"<[^>]+>", "", row).strip() for row in re.findall(r"<li>.*?</li>", key)]
    assert rows[2:] == [
        "Rapport, otrygghet 1 (låg): liten grön punkt",
        "Rapport, otrygghet 2 (medel): mellanstor brun punkt",
        "Rapport, otrygghet 3 (hög): stor röd punkt",
    ]
    assert page.index('id="week-map"') < page.index('<div class="map-key">')
    assert "färg efter otrygghet" not in page


def test_the_brief_prints_names_large_enough_and_dots_sized_by_level(cast: Cast) -> None:
    three_levels(cast)
    viewer, municipality = viewer_in(cast.cecilia, None)
    week = parse_iso_week(WEEK)
    picture = weekly_picture(viewer, municipality, week)
    analysis = weekly_analysis(viewer, municipality, week)
    brief_map = static_map(municipality, picture, analysis, BRIEF_MAP_BOX)
    week_map = static_map(municipality, picture, analysis)
    assert brief_map is not None and week_map is not None
    # Names print at 7.5 pt at least in either layout; the brief's map is half as wide, so its
    # type is larger in map units (the old fixed 11 units printed at 3.7 pt there).
    assert brief_map.label_size * brief_map.unit_pt >= LABEL_PT
    assert week_map.label_size * week_map.unit_pt >= LABEL_PT
    assert brief_map.label_size > week_map.label_size
    radii = {p.level: round(p.radius * brief_map.unit_pt, 1) for p in brief_map.points}
    assert radii == {1: 1.5, 2: 2.2, 3: 3.0}  # points on paper: small, medium, large

    html = brief_document(municipality, weekly_brief(municipality, picture, analysis, date.today()))
    assert (
        '<title id="static-map-title">Karta över veckans rapporter per stadsdel: flest i Norr 3, '
        "Söder 1; 0 brännpunkter; 4 rapporter med kartnål.</title>"
    ) in html
    circles = re.findall(r'<circle class="level-(\d)"[^>]* r="([\d.]+)"', html)
    assert sorted({level for level, _ in circles}) == ["1", "2", "3"]
    by_level = {level: float(r) for level, r in circles}
    assert by_level["1"] < by_level["2"] < by_level["3"]
    assert "liten grön punkt låg, mellanstor brun medel, stor röd hög otrygghet (1–3)" in html


def test_the_week_documents_map_says_what_it_shows_in_english(cast: Cast) -> None:
    three_levels(cast)
    viewer, municipality = viewer_in(cast.cecilia, None)
    week = parse_iso_week(WEEK)
    with translation.override("en"):
        picture = weekly_picture(viewer, municipality, week)
        analysis = weekly_analysis(viewer, municipality, week)
        html = week_document(municipality, picture, analysis)
    assert (
        "Map of this week&#x27;s reports by district: most in Norr 3, Söder 1; 0 hotspots; "
        "4 reports with a map pin."
    ) in html
    assert "small green dot low, medium-sized brown medium, large red high insecurity" in html


def map_table(page: str, list_id: str) -> tuple[str, list[list[str]]]:
    """The summary and the rows (cell texts) of the table of a map's reports under the map."""
    table = page[page.index(f'<details class="map-reports" id="{list_id}">') :]
    table = table[: table.index("</details>")]
    summary = re.sub(r"<[^>]+>", "", known(re.search(r"<summary>(.*?)</summary>", table)).group(1))
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
        if "<td" in row
    ]
    return summary, rows


def dots_and_reports(cast: Cast) -> None:
    """Four reports with a map pin in week 37 (one outside the districts, one of a sensitive
    category filed by the housing company) and one without a pin."""
    monday = WHEN - timedelta(days=1)
    file_report(cast.bevakning, "klotter", monday, (56.03, 13.005), insecurity=1)
    file_report(cast.bevakning, "klotter", WHEN, Cast.NORR_POINT, insecurity=3)
    file_report(
        cast.bostad, "narkotika_forsaljning", WHEN + timedelta(minutes=90), Cast.SODER_POINT
    )
    file_report(cast.bostad, "klotter", WHEN + timedelta(hours=11, minutes=5), Cast.SODER_POINT)
    file_report(cast.bevakning, "klotter", WHEN + timedelta(days=2), insecurity=3)


def test_the_week_maps_dots_stand_in_a_table_under_it_as_the_viewer_may_see_them(
    cast: Cast,
) -> None:
    dots_and_reports(cast)
    page = client_for(cast.cecilia).get(reverse("week", args=[WEEK])).content.decode()
    # A link above the map leads past the map's tab stops to the table right under its key.
    skip = '<a href="#week-map-reports">Hoppa förbi kartan till rapporterna som tabell</a>'
    assert page.index(skip) < page.index('id="week-map"') < page.index('<div class="map-key">')
    assert page.index('<div class="map-key">') < page.index('id="week-map-reports"')
    summary, rows = map_table(page, "week-map-reports")
    assert summary == "Rapporterna på kartan som tabell (4)"
    assert rows == [
        ["mån 9/9 21:00", "Klotter", "Utanför områdena / okänt", "1 – Låg"],
        ["tis 10/9 21:00", "Klotter", "Norr", "3 – Hög"],
        ["tis 10/9 22:30", "Misstänkt narkotikaförsäljning", "Söder", "2 – Medel"],
        ["ons 11/9 08:05", "Klotter", "Söder", "2 – Medel"],
    ]
    assert (
        '<caption id="week-map-reports-caption">Rapporterna som punkterna på kartan visar, vecka '
        '<span class="map-reports-week">2024-W37</span>, i tidsordning</caption>'
    ) in page
    # The security company's reporter sees no other organisation's sensitive report: neither its
    # dot (the map's data) nor its row.
    page = client_for(cast.sara).get(reverse("week", args=[WEEK])).content.decode()
    summary, rows = map_table(page, "week-map-reports")
    assert summary == "Rapporterna på kartan som tabell (3)"
    assert [row[0] for row in rows] == ["mån 9/9 21:00", "tis 10/9 21:00", "ons 11/9 08:05"]
    assert "narkotikaförsäljning" not in page
    dots = json.loads(
        known(
            re.search(r'<script id="map-data" type="application/json">(.*?)</script>', page)
        ).group(1)
    )
    assert [f["properties"]["when"] for f in dots["reports"]["features"]] == [
        row[0] for row in rows
    ]


def test_the_week_maps_table_speaks_english(cast: Cast) -> None:
    dots_and_reports(cast)
    client = client_for(cast.cecilia)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("week", args=[WEEK])).content.decode()
    summary, rows = map_table(page, "week-map-reports")
    assert summary == "The reports on the map as a table (4)"
    assert rows[0] == ["Mon 9 Sep 21:00", "Graffiti", "Outside the areas / unknown", "1 – Low"]
    assert "Skip past the map to the reports as a table</a>" in page
    assert "The reports shown as dots on the map, week <span" in page

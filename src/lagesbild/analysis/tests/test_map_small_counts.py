"""The analysis map's small counts and its window across the start of reporting.

A district's rate coloured the map however few reports it rested on: one report in a district of
200 inhabitants (5,00 per 1 000) made it the darkest on the map, beside 25 reports in one of
10 000 (2,50). Below the weekly page's minimum for a percentage (20) a district is now grey, its
count in the table and the tooltip. And a window of several weeks that began before reporting
counted only its weeks since without saying so: the note names the week reporting began.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from lagesbild.analysis.maps import (
    MIN_SHADED_REPORTS,
    DistrictRate,
    district_rates,
    week_map,
)
from lagesbild.analysis.params import Window
from lagesbild.analysis.tests.test_maps import PAGE, _populations, _week_of_reports, week_url
from lagesbild.analysis.tests.test_pages import CODE, MONDAY, WEEK, client_of
from lagesbild.core.weekly import PERCENT_MIN_COUNT
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.models import DistrictPopulation
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import Cast, file_report


def _one_against_many(cast: Any) -> None:
    """Week 37: one report in Norr (200 inhabitants), 25 in Söder (10 000)."""
    file_report(cast.bostad, "klotter", MONDAY + timedelta(hours=2), Cast.NORR_POINT)
    for k in range(25):
        file_report(cast.bostad, "klotter", MONDAY + timedelta(hours=3 + k), Cast.SODER_POINT)
    DistrictPopulation.objects.create(area=cast.norr, year=2024, population=200, source="a.csv")
    DistrictPopulation.objects.create(area=cast.soder, year=2024, population=10000, source="a.csv")


def _english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


def test_the_minimum_is_the_weekly_pages_for_a_percentage() -> None:
    assert MIN_SHADED_REPORTS == PERCENT_MIN_COUNT == 20
    below = DistrictRate("a", "A", 19, 100, 2024, False)
    at = DistrictRate("b", "B", 20, 100000, 2024, False)
    assert (below.per_1000, below.shaded, below.too_few) == (190.0, False, True)
    assert (at.per_1000, at.shaded, at.too_few) == (0.2, True, False)
    # No population or no count: no rate, neither shaded nor "too few" (dashed, as before).
    for district in (
        DistrictRate("c", "C", 50, None, None, False),
        DistrictRate("d", "D", None, 9, 2024, False),
    ):
        assert (district.shaded, district.too_few) == (False, False)


def test_one_report_in_a_small_district_is_not_the_darkest_on_the_map(cast: Any) -> None:
    _one_against_many(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    rates = district_rates(viewer, town, Window(WEEK, 1))
    norr, soder = rates.districts
    assert (norr.reports, norr.per_1000, norr.shaded) == (1, 5.0, False)
    assert (soder.reports, soder.per_1000, soder.shaded) == (25, 2.5, True)
    assert rates.maximum == 2.5  # the darkest shade is Söder's, the highest shaded rate
    assert [d.name for d in rates.too_few] == ["Norr"]
    data = week_map(viewer, town, WEEK)
    rows = {r["code"]: r for r in data["rate_rows"]}
    assert {k: rows["norr"][k] for k in ("reports", "per_1000", "share", "too_few")} == {
        "reports": "1",
        "per_1000": "5,00",
        "share": None,
        "too_few": True,
    }
    assert (rows["soder"]["share"], rows["soder"]["too_few"]) == (1.0, False)
    assert (data["rates_too_few"], data["rates_min_reports"]) == (["Norr"], 20)
    assert [(d["code"], d["shaded"]) for d in data["rates"]["districts"]] == [
        ("norr", False),
        ("soder", True),
    ]
    assert data["rates"]["min_reports_shaded"] == 20


def test_the_page_says_which_districts_are_grey_and_why_in_both_languages(cast: Any) -> None:
    _one_against_many(cast)
    html = client_of(cast.anders).get(PAGE + f"?till={WEEK}").content.decode()
    assert 'data-legend-too-few="Stadsdel: för få rapporter för att färgsättas (under 20)"' in html
    assert 'data-too-few-label="för få rapporter för att färgsättas (under 20)"' in html
    assert (
        '<p id="rates-too-few" data-template="Under {minimum} rapporter: {names}. De stadsdelarna '
        'är grå på kartan; deras antal och kvot står i tabellen.">Under 20 rapporter: Norr. De '
        "stadsdelarna är grå på kartan; deras antal och kvot står i tabellen.</p>"
    ) in html
    assert (
        "En stadsdel färgas efter sin kvot bara när den har minst 20 rapporter, samma gräns som "
        "veckans lägesbild har för procent: med färre styr slumpen kvoten, och en enda rapport i "
        "en liten stadsdel kunde göra den mörkast på kartan. Stadsdelar med färre rapporter är "
        "grå; deras antal står i tabellen och när man pekar på dem."
    ) in html
    assert '<tr><th scope="row">Norr</th><td>1</td><td>200</td><td>2024</td><td>5,00</td>' in html
    english = _english(client_of(cast.anders)).get(PAGE + f"?till={WEEK}").content.decode()
    assert 'data-legend-too-few="District: too few reports to be shaded (under 20)"' in english
    assert 'data-too-few-label="too few reports to be shaded (under 20)"' in english
    assert (
        ">Under 20 reports: Norr. Those districts are grey on the map; their counts and rates "
        "are in the table.</p>"
    ) in english
    assert "A district is shaded by its rate only when it has at least 20 reports" in english
    # A week with no district under the minimum: the paragraph is there for the slider, hidden.
    quiet = client_of(cast.anders).get(PAGE + "?till=2024-W36").content.decode()
    assert 'står i tabellen." hidden></p>' in quiet


# --- a window across the start of reporting (week 36) -----------------------------------------

BEGAN = "Rapporteringen började vecka 2024-W36"


def _rates(cast: Any, last: IsoWeek, weeks: int) -> Any:
    viewer, town = viewer_in(cast.anders, CODE)
    return district_rates(viewer, town, Window(last, weeks))


def test_a_window_wholly_before_reporting_has_no_figures_and_says_so(cast: Any) -> None:
    _week_of_reports(cast)  # reporting began in week 36
    _populations(cast)  # Norr's; Söder has none
    rates = _rates(cast, IsoWeek(2024, 35), 3)
    assert rates.reporting_note == (
        f"{BEGAN}, efter de här veckorna: det finns inga siffror för dem, eftersom inget hade "
        "rapporterats än."
    )
    assert [d.reports for d in rates.districts] == [None, None] and rates.outside is None
    assert (rates.counted_first, rates.counted_weeks) == (None, 0)
    # One week before: the week page's sentence, as the slider's week shows it.
    assert _rates(cast, IsoWeek(2024, 35), 1).reporting_note == (
        f"{BEGAN}, efter denna vecka: nollorna betyder att inget hade rapporterats än, inte att "
        "inget hände."
    )
    # The page's slider: each week says it, and the span adds no note of its own.
    page = client_of(cast.anders).get(PAGE + "?till=2024-W35&veckor=3").content.decode()
    assert 'id="map-window-note"' not in page
    assert f'<p class="hint" id="map-reporting-note">{BEGAN}, efter denna vecka' in page
    # Norr's population is known though it has no rate before reporting: only Söder lacks one
    # (the page said "Folkmängd per stadsdel saknas" for every week before reporting).
    assert "Folkmängd saknas för: Söder." in page
    assert page.count("Folkmängd per stadsdel saknas:") == 1  # only the script's template
    english = _english(client_of(cast.anders)).get(
        "/api/v1/analysis/district-rates/?week=2024-W35&weeks=3"
    )
    body = english.json()
    assert body["reporting_note"] == (
        "Reporting began in week 2024-W36, after these weeks: there are no figures for them, "
        "since nothing had been reported yet."
    )
    assert (body["counted_first_week"], body["counted_weeks"]) == (None, 0)


def test_a_window_across_the_start_counts_only_the_weeks_since_and_names_the_start(
    cast: Any,
) -> None:
    _week_of_reports(cast)
    straddling = _rates(cast, WEEK, 4)  # weeks 34–37, reporting began in week 36
    note = f"{BEGAN}; kartan räknar bara veckorna sedan dess (2 av 4 veckor)."
    assert straddling.reporting_note == note
    assert (str(straddling.counted_first), straddling.counted_weeks) == ("2024-W36", 2)
    # Its figures are those of the two weeks since reporting began, and nothing else.
    since = _rates(cast, WEEK, 2)
    assert [(d.reports, d.per_1000) for d in straddling.districts] == [
        (d.reports, d.per_1000) for d in since.districts
    ]
    assert [d.reports for d in straddling.districts] == [3, 2] and straddling.outside == 1
    anders = client_of(cast.anders)
    body = anders.get(f"/api/v1/analysis/district-rates/?week={WEEK}&weeks=4").json()
    assert (body["weeks"], body["counted_first_week"], body["counted_weeks"]) == (4, "2024-W36", 2)
    assert body["reporting_note"] == note
    english = _english(client_of(cast.anders))
    body = english.get(f"/api/v1/analysis/district-rates/?week={WEEK}&weeks=8").json()
    assert body["reporting_note"] == (
        "Reporting began in week 2024-W36; the map counts only the weeks since then (2 of 8 weeks)."
    )
    # The page says it of the slider's span, whichever week is shown.
    for shown in ("", "&visa=0"):
        html = anders.get(PAGE + f"?till={WEEK}&veckor=4{shown}").content.decode()
        assert f'<p class="hint" id="map-window-note">{note}</p>' in html
    html = english.get(PAGE + f"?till={WEEK}&veckor=4").content.decode()
    assert (
        '<p class="hint" id="map-window-note">Reporting began in week 2024-W36; the map counts '
        "only the weeks since then (2 of 4 weeks).</p>"
    ) in html


@pytest.mark.parametrize(("last", "weeks"), [(WEEK, 2), (WEEK, 1), (IsoWeek(2024, 36), 1)])
def test_a_window_from_the_start_of_reporting_on_has_no_note(
    cast: Any, last: IsoWeek, weeks: int
) -> None:
    _week_of_reports(cast)
    rates = _rates(cast, last, weeks)
    assert rates.reporting_note == "" and rates.counted_weeks == weeks
    assert str(rates.counted_first) == str(Window(last, weeks).first)
    page = client_of(cast.anders).get(PAGE + f"?till={last}&veckor={weeks}").content.decode()
    assert 'id="map-window-note"' not in page
    assert 'id="map-reporting-note" hidden></p>' in page
    body = json.loads(client_of(cast.anders).get(week_url(last)).content)
    assert body["reporting_note"] == "" and body["rates"]["counted_weeks"] == 1

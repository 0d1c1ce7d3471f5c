"""The analysis map's small counts and its window across the start of reporting.

A district's raw rate coloured the map however few reports it rested on: one report in a district
of 200 inhabitants (5,00 per 1 000) made it the darkest on the map. A minimum of 20 reports then
left nearly every district grey, since a week has 7–17 per district. The map now colours each
district by its empirical Bayes rate (Marshall 1991): the small district is drawn toward the
districts' overall rate, a large one keeps nearly its own, and when the districts differ no more
than chance would make them the map has one colour and the page says so. And a window of several
weeks that began before reporting counted only its weeks since without saying so: the note names
the week reporting began.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from lagesbild.analysis.maps import MAP_PART, SMOOTHING, district_rates, week_map
from lagesbild.analysis.params import Window
from lagesbild.analysis.tests.test_maps import PAGE, _populations, _week_of_reports, week_url
from lagesbild.analysis.tests.test_pages import CODE, MONDAY, WEEK, client_of
from lagesbild.areas.models import Area
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.models import DistrictPopulation
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import Cast, file_report, square

VASTER_POINT = (56.005, 13.015)


def _reports(cast: Any, point: tuple[float, float], n: int, start: int = 0) -> None:
    for k in range(n):
        file_report(cast.bostad, "klotter", MONDAY + timedelta(hours=start + k), point)


def _population(area: Any, population: int) -> None:
    DistrictPopulation.objects.create(area=area, year=2024, population=population, source="a.csv")


def _one_against_many(cast: Any) -> None:
    """Week 37: one report in Norr (200 inhabitants), 25 in Söder (10 000)."""
    _reports(cast, Cast.NORR_POINT, 1)
    _reports(cast, Cast.SODER_POINT, 25, start=1)
    _population(cast.norr, 200)
    _population(cast.soder, 10_000)


def _three_districts(cast: Any) -> None:
    """Week 37: 1 report in Norr (200 inhabitants, 5,00 per 1 000), 40 in Söder (10 000, 4,00)
    and 10 in Väster (10 000, 1,00)."""
    vaster = Area.objects.create(
        municipality=cast.municipality, code="vaster", name="Väster", geometry=square(13.01, 56.0)
    )
    _reports(cast, Cast.NORR_POINT, 1)
    _reports(cast, Cast.SODER_POINT, 40, start=1)
    _reports(cast, VASTER_POINT, 10, start=41)
    _population(cast.norr, 200)
    _population(cast.soder, 10_000)
    _population(vaster, 10_000)


def _english(client: Any) -> Any:
    client.cookies["django_language"] = "en"
    return client


def test_the_small_district_is_drawn_toward_the_mean_and_the_large_keeps_its_rate(
    cast: Any,
) -> None:
    _three_districts(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    rates = district_rates(viewer, town, Window(WEEK, 1))
    # Marshall: m = 51 / 20 200 = 2,5248 per 1 000; s² = 1,914e-6; Norr's weight is 0,13 and
    # Söder's and Väster's 0,88 (core/tests/test_smoothing.py computes the same by the formula).
    assert [(d.name, d.reports, d.per_1000) for d in rates.districts] == [
        ("Norr", 1, 5.0),
        ("Söder", 40, 4.0),
        ("Väster", 10, 1.0),
    ]
    smoothed = [round(d.per_1000_smoothed or 0, 4) for d in rates.districts]
    assert smoothed == [2.8506, 3.8281, 1.1777]
    assert round(rates.overall_per_1000 or 0, 4) == 2.5248 and not rates.pooled
    # The darkest shade is Söder's, not Norr's single report; Norr sits between the others.
    assert rates.maximum == pytest.approx(3.828080812651298)
    data = week_map(viewer, town, WEEK)
    rows = {r["code"]: r for r in data["rate_rows"]}
    assert [
        (rows[c]["reports"], rows[c]["per_1000"], rows[c]["per_1000_smoothed"], rows[c]["share"])
        for c in ("norr", "soder", "vaster")
    ] == [
        ("1", "5,00", "2,85", 0.7447),
        ("40", "4,00", "3,83", 1.0),
        ("10", "1,00", "1,18", 0.3076),
    ]
    assert {k: data["rates"][k] for k in ("smoothing", "overall_per_1000", "pooled")} == {
        "smoothing": "empirical_bayes",
        "overall_per_1000": 2.5248,
        "pooled": False,
    }
    assert data["rates"]["smoothing_note"] == ""
    assert [d["per_1000_smoothed"] for d in data["rates"]["districts"]] == smoothed
    assert "rates_too_few" not in data and "min_reports_shaded" not in data["rates"]
    assert (SMOOTHING, MAP_PART) == ("empirical_bayes", "analysis-map:9")
    # The table keeps the count and the raw rate beside the smoothed one.
    html = client_of(cast.anders).get(PAGE + f"?till={WEEK}").content.decode()
    assert (
        '<tr><th scope="row">Norr</th><td>1</td><td>200</td><td>2024</td><td>5,00</td>'
        "<td>2,85</td></tr>"
    ) in html
    assert '<th scope="col">Utjämnad kvot per 1 000</th>' in html
    assert '<p id="rates-pooled" hidden></p>' in html


def test_a_district_without_a_population_has_no_smoothed_rate_and_is_left_out(cast: Any) -> None:
    _three_districts(cast)
    DistrictPopulation.objects.filter(area__code="vaster").delete()
    viewer, town = viewer_in(cast.anders, CODE)
    rates = district_rates(viewer, town, Window(WEEK, 1))
    assert [d.per_1000_smoothed for d in rates.districts][2] is None
    # Norr and Söder alone: 1 among 200 and 40 among 10 000 differ no more than chance.
    assert [round(d.per_1000_smoothed or 0, 4) for d in rates.districts][:2] == [4.0196] * 2
    assert rates.pooled and rates.overall_per_1000 == pytest.approx(41 / 10.2)
    rows = {r["code"]: r for r in week_map(viewer, town, WEEK)["rate_rows"]}
    assert (rows["vaster"]["per_1000_smoothed"], rows["vaster"]["share"]) == (None, None)


def test_districts_that_differ_no_more_than_chance_share_one_colour_and_the_page_says_so(
    cast: Any,
) -> None:
    _one_against_many(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    rates = district_rates(viewer, town, Window(WEEK, 1))
    # s² = 1,2015e-7 − 4,998e-7 < 0: both take 26 / 10 200 = 2,55 per 1 000.
    assert rates.pooled and rates.smoothing is not None and rates.smoothing.variance < 0
    assert [d.per_1000_smoothed for d in rates.districts] == [1000 * (26 / 10_200)] * 2
    sentence = (
        "Stadsdelarnas skillnader denna vecka är inte större än slumpen ger: alla får "
        "stadsdelarnas sammanlagda kvot, 2,55 per 1 000 invånare, och kartan har en enda färg."
    )
    assert rates.smoothing_note == sentence
    data = week_map(viewer, town, WEEK)
    assert [(r["per_1000"], r["per_1000_smoothed"], r["share"]) for r in data["rate_rows"]] == [
        ("5,00", "2,55", 0.5),
        ("2,50", "2,55", 0.5),
    ]
    assert (data["rates"]["pooled"], data["rates"]["smoothing_note"]) == (True, sentence)
    html = client_of(cast.anders).get(PAGE + f"?till={WEEK}").content.decode()
    assert f'<p id="rates-pooled">{sentence}</p>' in html
    english = _english(client_of(cast.anders))
    html = english.get(PAGE + f"?till={WEEK}").content.decode()
    assert (
        '<p id="rates-pooled">The districts&#x27; differences this week are no larger than chance '
        "gives: each gets the districts&#x27; combined rate, 2.55 per 1,000 inhabitants, and the "
        "map has a single colour.</p>"
    ) in html
    body = english.get(f"/api/v1/analysis/district-rates/?week={WEEK}&weeks=2").json()
    assert (body["pooled"], body["overall_per_1000"]) == (True, 2.549)
    assert body["smoothing_note"] == (
        "The districts' differences in these weeks are no larger than chance gives: each gets "
        "the districts' combined rate, 2.55 per 1,000 inhabitants, and the map has a single "
        "colour."
    )


def test_the_page_says_how_the_districts_are_coloured_in_both_languages(cast: Any) -> None:
    _one_against_many(cast)
    html = client_of(cast.anders).get(PAGE + f"?till={WEEK}").content.decode()
    assert (
        '<span class="swatch swatch-district" aria-hidden="true"></span>'
        "Stadsdel: mörkare = högre utjämnad kvot per 1 000 invånare</li>"
    ) in html
    assert 'data-smoothed-label="utjämnad kvot"' in html
    assert (
        "Färgen visar den utjämnade kvoten (empirisk Bayes): stadsdelar med få rapporter eller få "
        "invånare dras mot kommunens nivå. Stadsdelens egen kvot vägs mot kommunens efter hur "
        "mycket den vilar på (Marshall 1991), så att en enda rapport bland några hundra invånare "
        "inte gör den mörkast på kartan. Antalet och den egna kvoten står i tabellen och när man "
        "pekar på stadsdelen."
    ) in html
    assert "för få rapporter" not in html and "rates-too-few" not in html
    english = _english(client_of(cast.anders)).get(PAGE + f"?till={WEEK}").content.decode()
    assert (
        '<span class="swatch swatch-district" aria-hidden="true"></span>'
        "District: darker = higher smoothed rate per 1,000 inhabitants</li>"
    ) in english
    assert 'data-smoothed-label="smoothed rate"' in english
    assert (
        "The colour shows the smoothed rate (empirical Bayes): districts with few reports or few "
        "inhabitants are drawn toward the municipality's level."
    ) in english
    assert '<th scope="col">Smoothed rate per 1,000</th>' in english


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

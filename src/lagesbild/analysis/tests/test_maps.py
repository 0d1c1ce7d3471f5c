"""The analysis map on crafted data: district rates per 1 000, the heat layer's mass (held back
below ten located reports), the week's JSON behind the slider, the API, and who may see what."""

from __future__ import annotations

import json
import math
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lagesbild.analysis.maps import density, density_dict, district_rates, week_map
from lagesbild.analysis.params import Window
from lagesbild.analysis.tests.test_pages import CODE, MONDAY, WEEK, client_of
from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.areas.models import Area
from lagesbild.audit.models import AuditEntry
from lagesbild.core.stats.density import MIN_DENSITY_POINTS
from lagesbild.official.models import DistrictPopulation
from lagesbild.official.queries import SYNTHETIC
from lagesbild.organisations.access import viewer_in
from lagesbild.organisations.models import Membership, Role
from lagesbild.reports.models import Report
from lagesbild.testing import Cast, file_report

PAGE = reverse("analysis-map", kwargs={"code": CODE})


def week_url(week: Any = WEEK, code: str = CODE) -> str:
    return reverse("analysis-map-week", kwargs={"code": code, "week": str(week)})


def _week_of_reports(cast: Any) -> None:
    """Week 37: three reports in Norr (one a sensitive category), one in Söder, one without a
    position; week 36: one in Söder."""
    for hours in (1, 5):
        file_report(cast.bostad, "klotter", MONDAY + timedelta(hours=hours), Cast.NORR_POINT)
    file_report(cast.bostad, "narkotika_forsaljning", MONDAY + timedelta(days=1), Cast.NORR_POINT)
    file_report(cast.bostad, "klotter", MONDAY + timedelta(days=2), Cast.SODER_POINT)
    file_report(cast.bostad, "klotter", MONDAY + timedelta(days=3))
    file_report(cast.bostad, "klotter", MONDAY - timedelta(days=3), Cast.SODER_POINT)


# Eight places in Söder, 278 m or more apart: with the API test's 300 m bandwidth their kernels
# barely touch, so the highest density stays at Norr's point, where three reports lie.
SODER_SPREAD = [
    (lat, lon) for lat in (56.001, 56.0035, 56.006, 56.0085) for lon in (13.001, 13.009)
]


def _enough_for_heat(cast: Any, places: list[tuple[float, float]] = SODER_SPREAD) -> None:
    """One graffiti report at each of ``places`` in week 37: with ``_week_of_reports`` enough
    located reports (12, 11 without the sensitive one) for a density surface."""
    for k, place in enumerate(places):
        file_report(cast.bostad, "klotter", MONDAY + timedelta(days=4, hours=k), place)


def _populations(cast: Any) -> None:
    DistrictPopulation.objects.create(area=cast.norr, year=2022, population=1000, source="a.csv")
    DistrictPopulation.objects.create(area=cast.norr, year=2023, population=1500, source="a.csv")
    DistrictPopulation.objects.create(area=cast.norr, year=2025, population=9999, source="a.csv")


def test_rates_per_1000_use_the_latest_population_up_to_the_week(cast: Any) -> None:
    _week_of_reports(cast)
    _populations(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    rates = district_rates(viewer, town, Window(WEEK, 1))
    by_code = {d.code: d for d in rates.districts}
    norr, soder = by_code["norr"], by_code["soder"]
    # 3 reports over 1 500 inhabitants (2023: the latest year up to 2024) = 2 per 1 000.
    assert (norr.reports, norr.population, norr.population_year) == (3, 1500, 2023)
    assert norr.per_1000 == pytest.approx(2.0)
    assert (soder.reports, soder.population, soder.per_1000) == (1, None, None)
    assert rates.outside == 1  # the report without a position
    assert [d.code for d in rates.unknown] == ["soder"] and not rates.synthetic
    # Two weeks: Söder's report of week 36 joins.
    assert {d.code: d.reports for d in district_rates(viewer, town, Window(WEEK, 2)).districts} == {
        "norr": 3,
        "soder": 2,
    }
    # Only a later year known: that one is used (and named).
    DistrictPopulation.objects.create(area=cast.soder, year=2026, population=500, source=SYNTHETIC)
    soder = {d.code: d for d in district_rates(viewer, town, Window(WEEK, 1)).districts}["soder"]
    assert (soder.population_year, soder.per_1000, soder.synthetic) == (2026, 2.0, True)


def test_a_viewer_without_sensitive_categories_finds_them_in_no_layer(cast: Any) -> None:
    _week_of_reports(cast)
    _enough_for_heat(cast)
    Membership.objects.filter(user=cast.rut).update(role=Role.ANALYST)  # no police: no sensitive
    for user, in_norr, points in ((cast.anders, 3, 12), (cast.rut, 2, 11)):
        viewer, town = viewer_in(user, CODE)
        data = week_map(viewer, town, WEEK)
        norr = next(r for r in data["rates"]["districts"] if r["code"] == "norr")
        assert norr["reports"] == in_norr, user
        assert len(data["points"]["features"]) == points and data["heat"]["points"] == points
        assert data["heat"]["total"] == pytest.approx(points, rel=0.02)
        assert data["heat"]["held_back"] is False and data["heat"]["held_back_reason"] is None
    html = client_of(cast.rut).get(PAGE + f"?till={WEEK}").content.decode()
    assert "Narkotika" not in html and "narkotika" not in html


def test_the_maps_dots_stand_in_a_table_under_it_as_the_viewer_may_see_them(cast: Any) -> None:
    from lagesbild.briefings.tests.test_map_key import map_table

    _week_of_reports(cast)
    html = client_of(cast.anders).get(PAGE + f"?till={WEEK}").content.decode()
    assert (
        '<a href="#analysis-map-reports">Hoppa förbi kartan till rapporterna som tabell</a>' in html
    )
    summary, rows = map_table(html, "analysis-map-reports")
    assert summary == "Rapporterna på kartan som tabell (4)"
    assert rows == [
        ["mån 9/9 01:00", "Klotter", "Norr", "2 – Medel"],
        ["mån 9/9 05:00", "Klotter", "Norr", "2 – Medel"],
        ["tis 10/9 00:00", "Misstänkt narkotikaförsäljning", "Norr", "2 – Medel"],
        ["ons 11/9 00:00", "Klotter", "Söder", "2 – Medel"],
    ]
    # The slider's JSON carries the same words for the script to refill the table with.
    points = json.loads(client_of(cast.anders).get(week_url()).content)["points"]["features"]
    assert [
        [p["properties"][k] for k in ("when", "category", "place", "level")] for p in points
    ] == rows
    # An analyst outside the police sees no sensitive category: no dot, no row.
    Membership.objects.filter(user=cast.rut).update(role=Role.ANALYST)
    html = client_of(cast.rut).get(PAGE + f"?till={WEEK}").content.decode()
    summary, rows = map_table(html, "analysis-map-reports")
    assert summary == "Rapporterna på kartan som tabell (3)"
    assert [row[0] for row in rows] == ["mån 9/9 01:00", "mån 9/9 05:00", "ons 11/9 00:00"]
    assert "narkotikaförsäljning" not in html


def test_the_page_shows_the_chosen_week_and_the_json_follows_the_slider(cast: Any) -> None:
    _week_of_reports(cast)
    _populations(cast)
    anders = client_of(cast.anders)
    page = anders.get(PAGE + f"?till={WEEK}&veckor=4")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="range"' in html and 'max="3"' in html and 'value="3"' in html
    # Reporting began in week 36: the hotspots are since then, not of four weeks.
    assert (
        "Vecka 2024-W37 (2024-09-09 – 2024-09-15): 4 rapporter med plats, 0 brännpunkter "
        "(sedan rapporteringen började)."
    ) in html
    assert (
        '<span id="analysis-map-hotspot-key">Brännpunkt (Gi*, sedan rapporteringen började)</span>'
    ) in html
    assert "brännpunkter (fyra veckor)" not in html and "Gi*, fyra veckor" not in html
    # Four located reports: no heat map, and the page says why (the points are drawn).
    assert (
        "För få placerade rapporter för en täthetskarta: 4 av minst 10. Punkterna visas i stället."
    ) in html
    assert not re.search(r"Värmekartans sökradie \d", html)
    assert "<td>2,00</td>" in html  # Norr, per 1 000, written the Swedish way
    assert "Folkmängd saknas för: Söder." in html
    assert page.context["map_frame"]["weeks"] == ["2024-W34", "2024-W35", "2024-W36", "2024-W37"]
    earlier = anders.get(PAGE + f"?till={WEEK}&veckor=4&visa=2").content.decode()
    assert (
        "Vecka 2024-W36 (2024-09-02 – 2024-09-08): 1 rapport med plats, 0 brännpunkter "
        "(sedan rapporteringen började)."
    ) in earlier
    body = json.loads(anders.get(week_url("2024-W36")).content)
    assert body["week"] == "2024-W36" and len(body["points"]["features"]) == 1
    assert body["heat"]["points"] == 1 and body["rates"]["districts"][1]["reports"] == 1
    assert body["heat"]["held_back"] and body["heat"]["cells"] == []
    assert body["heat_maximum"] is None
    body = json.loads(anders.get(week_url()).content)
    assert body["week"] == "2024-W37" and len(body["points"]["features"]) == 4
    assert body["hotspot_since_start"] and body["hotspot_from"] == "2024-09-02"
    assert anders.get(week_url("2024-W99")).status_code == 400
    last = anders.get(PAGE + f"?till={WEEK}&veckor=4&visa=11").content.decode()
    assert "Vecka 2024-W37 (2024-09-09" in last  # beyond a window just made shorter: the last
    for query in ("visa=x", "visa=-1", "veckor=53", "till=nej"):
        assert anders.get(PAGE + f"?till={WEEK}&veckor=4&{query}").status_code == 400


def _key_rows(html: str) -> list[str]:
    """The rows of the key under the map, as text."""
    key = html[html.index('<div class="map-key">') :]
    key = key[: key.index("</div>")]
    return [re.sub(r"<[^>]+>", "", row).strip() for row in re.findall(r"<li>.*?</li>", key)]


def test_the_key_under_the_map_names_each_layer_and_each_levels_colour_and_size(
    cast: Any,
) -> None:
    # The overlay legend was hidden on phones and gave the reports one red swatch; the key stands
    # in the page under the map, with the week map's rows for the three insecurity levels.
    _week_of_reports(cast)
    html = client_of(cast.anders).get(PAGE + f"?till={WEEK}&veckor=4").content.decode()
    assert 'class="map-legend' not in html and "data-legend-" not in html
    assert '<ul aria-labelledby="analysis-map-key">' in html
    assert _key_rows(html) == [
        "Stadsdel: mörkare = högre utjämnad kvot per 1 000 invånare",
        "Stadsdel utan känd folkmängd (streckad kant)",
        "Värmekarta: gult lågt, rött högt (andel av veckans högsta täthet)",
        "Brännpunkt (Gi*, sedan rapporteringen började)",
        "Rapport, otrygghet 1 (låg): liten grön punkt",
        "Rapport, otrygghet 2 (medel): mellanstor brun punkt",
        "Rapport, otrygghet 3 (hög): stor röd punkt",
    ]
    assert [f"swatch-report level-{n}" in html for n in (1, 2, 3)] == [True] * 3
    english = client_of(cast.anders)
    english.cookies["django_language"] = "en"
    page = english.get(PAGE + f"?till={WEEK}&veckor=4").content.decode()
    assert _key_rows(page) == [
        "District: darker = higher smoothed rate per 1,000 inhabitants",
        "District without a known population (dashed outline)",
        "Heat map: yellow low, red high (share of the week's highest density)",
        "Hotspot (Gi*, since reporting began)",
        "Report, insecurity 1 (low): small green dot",
        "Report, insecurity 2 (medium): medium-sized brown dot",
        "Report, insecurity 3 (high): large red dot",
    ]


def test_without_populations_the_page_says_so(cast: Any) -> None:
    html = client_of(cast.cecilia).get(PAGE + f"?till={WEEK}").content.decode()
    assert "Folkmängd per stadsdel saknas" in html
    assert "Ingen rapport med plats denna vecka: ingen värmekarta." in html


def test_showing_a_sensitive_report_on_the_map_is_audited(cast: Any) -> None:
    _week_of_reports(cast)
    client_of(cast.anders).get(week_url())
    entry = AuditEntry.objects.filter(action="lagesbild.report.sensitive_read").latest("pk")
    assert entry.detail["where"] == "analysis-map" and len(entry.detail["reports"]) == 1


@pytest.mark.parametrize("route", ["page", "week"])
def test_only_the_municipalitys_analysts_open_the_map(cast: Any, route: str) -> None:
    here = PAGE if route == "page" else week_url()
    for user in (cast.anders, cast.cecilia):
        assert client_of(user).get(here).status_code == 200, user
    for user in (cast.sara, cast.hugo, cast.rut, cast.vilma):
        assert client_of(user).get(here).status_code == 403, user
    for user in (cast.olle, cast.nemo, cast.ebba):
        assert client_of(user).get(here).status_code == 404, user
    assert Client().get(here).status_code == 302
    other = (
        reverse("analysis-map", kwargs={"code": "0998"})
        if route == "page"
        else week_url(WEEK, "0998")
    )
    assert client_of(cast.vilma).get(other).status_code == 200


def test_the_api_gives_the_density_grid_and_the_rates(cast: Any) -> None:
    _week_of_reports(cast)
    _populations(cast)
    anders = client_of(cast.anders)
    density = f"/api/v1/analysis/density/?municipality=0999&week={WEEK}&bandwidth=300"
    held = json.loads(anders.get(density).content)
    assert {k: held[k] for k in ("points", "min_points", "held_back", "held_back_reason")} == {
        "points": 4,
        "min_points": 10,
        "held_back": True,
        "held_back_reason": "too_few_points",
    }
    assert held["cells"] == [] and "bandwidth_m" not in held and "maximum" not in held
    _enough_for_heat(cast)
    grid = json.loads(anders.get(density).content)
    assert (grid["points"], grid["bandwidth_m"], grid["bandwidth_rule"]) == (12, 300.0, "given")
    assert (grid["held_back"], grid["held_back_reason"], grid["min_points"]) == (False, None, 10)
    assert grid["cell_m"] == 75.0 and grid["kernel"] == "quartic"
    cell_km2 = (grid["cell_m"] / 1000) ** 2
    assert sum(v for _, _, v in grid["cells"]) * cell_km2 == pytest.approx(12, rel=0.01)
    # Three reports share Norr's point: at it 3 × 3 / (π 0.3²) per km²; the nearest cell centre
    # is at most half a cell's diagonal (53 m) away, where the kernel keeps (1 - (53/300)²)².
    peak = 3 * 3 / (math.pi * 0.3**2)
    assert peak * (1 - (75 * math.sqrt(2) / 2 / 300) ** 2) ** 2 <= grid["maximum"] <= peak
    scott = json.loads(anders.get(f"/api/v1/analysis/density/?week={WEEK}").content)
    assert scott["bandwidth_rule"] == "scott" and 100 <= scott["bandwidth_m"] <= 2000
    empty = json.loads(anders.get("/api/v1/analysis/density/?week=2020-W01").content)
    assert empty["points"] == 0 and empty["cells"] == [] and empty["held_back"]
    for query in ("bandwidth=10", "bandwidth=nan", "cell=0", "weeks=0"):
        assert anders.get(f"/api/v1/analysis/density/?{query}").status_code == 400, query
    rates = json.loads(anders.get(f"/api/v1/analysis/district-rates/?week={WEEK}&weeks=2").content)
    assert rates["per"] == 1000 and rates["weeks"] == 2 and rates["outside_districts"] == 1
    assert rates["districts"][0] == {
        "code": "norr",
        "name": "Norr",
        "reports": 3,
        "population": 1500,
        "population_year": 2023,
        "per_1000": 2.0,
        "per_1000_smoothed": 2.0,  # the only district with a rate: the overall rate is its own
    }
    assert rates["districts"][1]["per_1000"] is None
    assert rates["districts"][1]["per_1000_smoothed"] is None
    assert (rates["smoothing"], rates["overall_per_1000"], rates["pooled"]) == (
        "empirical_bayes",
        2.0,
        False,  # one district has nothing to differ from
    )


def test_the_heat_is_held_back_below_ten_located_reports_and_shown_from_ten(cast: Any) -> None:
    """Nine located reports are still a few bright spots, not a concentration: held back, on the
    page and in the API alike; the tenth brings the surface."""
    assert MIN_DENSITY_POINTS == 10
    _week_of_reports(cast)  # four located in week 37
    _enough_for_heat(cast, SODER_SPREAD[:5])  # nine
    file_report(cast.bostad, "klotter", MONDAY + timedelta(days=5))  # no position: not counted
    anders = client_of(cast.anders)
    api = f"/api/v1/analysis/density/?week={WEEK}"
    nine = json.loads(anders.get(api).content)
    assert (nine["points"], nine["held_back"], nine["cells"]) == (9, True, [])
    page = anders.get(PAGE + f"?till={WEEK}").content.decode()
    assert "För få placerade rapporter för en täthetskarta: 9 av minst 10." in page
    assert json.loads(anders.get(week_url()).content)["heat"]["held_back"] is True
    _enough_for_heat(cast, SODER_SPREAD[5:6])  # ten
    ten = json.loads(anders.get(api).content)
    assert (ten["points"], ten["held_back"], ten["bandwidth_rule"]) == (10, False, "scott")
    assert ten["cells"] and ten["total"] == pytest.approx(10, rel=0.02)
    body = json.loads(anders.get(week_url()).content)
    assert body["heat"]["held_back"] is False and body["heat_maximum"] is not None
    page = anders.get(PAGE + f"?till={WEEK}").content.decode()
    assert not re.search(r"täthetskarta: \d", page)  # only the script's template is there
    assert re.search(r"Värmekartans sökradie \d[\d,]* m, högst \d", page)


@pytest.mark.parametrize("endpoint", ["density", "district-rates"])
def test_the_map_endpoints_are_for_analysts_only(cast: Any, endpoint: str) -> None:
    here = f"/api/v1/analysis/{endpoint}/?municipality=0999"
    for user in (cast.anders, cast.cecilia):
        assert client_of(user).get(here).status_code == 200
    for user in (cast.sara, cast.rut, cast.vilma):
        assert client_of(user).get(here).status_code == 403
    assert client_of(cast.olle).get(here).status_code == 404
    assert Client().get(here).status_code == 401
    secret = create_token(cast.polisen, "t", [Scope.READ]).secret
    assert Client().get(here, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 403


def test_one_point_far_off_does_not_spread_the_heat_map_over_huge_cells(cast: Any) -> None:
    """Third audit, finding 1: one pin near Yemen (latitude and longitude swapped, taken before
    there were districts) had made the grid's cells 22 145 m and its maximum 0,0."""
    _week_of_reports(cast)
    _enough_for_heat(cast)
    viewer, town = viewer_in(cast.anders, CODE)
    window = Window(WEEK, 1)
    without = density_dict(density(viewer, town, window), window)
    far = file_report(cast.bostad, "klotter", MONDAY + timedelta(days=5), Cast.NORR_POINT)
    Report.objects.filter(pk=far.pk).update(latitude=12.6945, longitude=56.0465)
    heat = density(viewer, town, window)
    with_far = density_dict(heat, window)
    # The report left out is counted and named, so the heat's count and the points agree.
    assert (with_far.pop("far_points"), without.pop("far_points")) == (1, 0)
    assert with_far == without and with_far["points"] == 12
    assert (with_far["cell_m"], with_far["bandwidth_m"]) == (194.92, 779.7)
    assert with_far["maximum"] > 1
    assert heat.far_note == (
        "1 rapport med plats ligger långt utanför kommunen och ingår inte i värmekartan (har "
        "latitud och longitud bytt plats?)."
    )
    with translation.override("en"):
        assert heat.far_note == (
            "1 located report lies far outside the municipality and is not in the heat map "
            "(are latitude and longitude swapped?)."
        )
    # Before there are districts the points near the others are kept, the far one left out.
    Area.objects.filter(municipality=cast.municipality).delete()
    no_areas = density_dict(density(viewer, town, window), window)
    assert no_areas.pop("far_points") == 1 and no_areas == without

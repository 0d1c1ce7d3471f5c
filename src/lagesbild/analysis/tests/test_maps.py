"""The analysis map on crafted data: district rates per 1 000, the heat layer's mass, the week's
JSON behind the slider, the API, and who may see what."""

from __future__ import annotations

import json
import math
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.analysis.maps import district_rates, week_map
from lagesbild.analysis.params import Window
from lagesbild.analysis.tests.test_pages import CODE, MONDAY, WEEK, client_of
from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.audit.models import AuditEntry
from lagesbild.official.models import DistrictPopulation
from lagesbild.official.queries import SYNTHETIC
from lagesbild.organisations.access import viewer_in
from lagesbild.organisations.models import Membership, Role
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
    Membership.objects.filter(user=cast.rut).update(role=Role.ANALYST)  # no police: no sensitive
    for user, in_norr, points in ((cast.anders, 3, 4), (cast.rut, 2, 3)):
        viewer, town = viewer_in(user, CODE)
        data = week_map(viewer, town, WEEK)
        norr = next(r for r in data["rates"]["districts"] if r["code"] == "norr")
        assert norr["reports"] == in_norr, user
        assert len(data["points"]["features"]) == points and data["heat"]["points"] == points
        assert data["heat"]["total"] == pytest.approx(points, rel=0.02)
    html = client_of(cast.rut).get(PAGE + f"?till={WEEK}").content.decode()
    assert "Narkotika" not in html and "narkotika" not in html


def test_the_page_shows_the_chosen_week_and_the_json_follows_the_slider(cast: Any) -> None:
    _week_of_reports(cast)
    _populations(cast)
    anders = client_of(cast.anders)
    page = anders.get(PAGE + f"?till={WEEK}&veckor=4")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="range"' in html and 'max="3"' in html and 'value="3"' in html
    assert "Vecka 2024-W37 (2024-09-09 – 2024-09-15): 4 rapporter med plats" in html
    assert "<td>2,00</td>" in html  # Norr, per 1 000, written the Swedish way
    assert "Folkmängd saknas för: Söder." in html
    assert page.context["map_frame"]["weeks"] == ["2024-W34", "2024-W35", "2024-W36", "2024-W37"]
    earlier = anders.get(PAGE + f"?till={WEEK}&veckor=4&visa=2").content.decode()
    assert "Vecka 2024-W36 (2024-09-02 – 2024-09-08): 1 rapporter med plats" in earlier
    body = json.loads(anders.get(week_url("2024-W36")).content)
    assert body["week"] == "2024-W36" and len(body["points"]["features"]) == 1
    assert body["heat"]["points"] == 1 and body["rates"]["districts"][1]["reports"] == 1
    body = json.loads(anders.get(week_url()).content)
    assert body["week"] == "2024-W37" and len(body["points"]["features"]) == 4
    assert anders.get(week_url("2024-W99")).status_code == 400
    last = anders.get(PAGE + f"?till={WEEK}&veckor=4&visa=11").content.decode()
    assert "Vecka 2024-W37 (2024-09-09" in last  # beyond a window just made shorter: the last
    for query in ("visa=x", "visa=-1", "veckor=53", "till=nej"):
        assert anders.get(PAGE + f"?till={WEEK}&veckor=4&{query}").status_code == 400


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
    grid = json.loads(
        anders.get(f"/api/v1/analysis/density/?municipality=0999&week={WEEK}&bandwidth=300").content
    )
    assert (grid["points"], grid["bandwidth_m"], grid["bandwidth_rule"]) == (4, 300.0, "given")
    assert grid["cell_m"] == 75.0 and grid["kernel"] == "quartic"
    cell_km2 = (grid["cell_m"] / 1000) ** 2
    assert sum(v for _, _, v in grid["cells"]) * cell_km2 == pytest.approx(4, rel=0.01)
    # Three reports share Norr's point: at it 3 × 3 / (π 0.3²) per km²; the nearest cell centre
    # is at most half a cell's diagonal (53 m) away, where the kernel keeps (1 - (53/300)²)².
    peak = 3 * 3 / (math.pi * 0.3**2)
    assert peak * (1 - (75 * math.sqrt(2) / 2 / 300) ** 2) ** 2 <= grid["maximum"] <= peak
    scott = json.loads(anders.get(f"/api/v1/analysis/density/?week={WEEK}").content)
    assert scott["bandwidth_rule"] == "scott" and 100 <= scott["bandwidth_m"] <= 2000
    empty = json.loads(anders.get("/api/v1/analysis/density/?week=2020-W01").content)
    assert empty["points"] == 0 and empty["cells"] == []
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
    }
    assert rates["districts"][1]["per_1000"] is None


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

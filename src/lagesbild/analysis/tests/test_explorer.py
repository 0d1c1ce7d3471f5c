"""The statistics explorer on crafted Brå figures and populations: rates, peers' medians, band
membership, the yearly report's sentences, the files, who may open it and what bad input gets.

Exempeltorp (0999) has 40 000 inhabitants in 2023, in the band 25 000–49 999. In 2023:
Vallentuna (0115) 25 000 (the band's lower bound: in), Ekerö (0125) 32 000, Österåker (0117)
40 000 are in the band; Upplands Väsby (0114) 50 000 (the upper bound: out) and Värmdö (0120)
24 999 are not.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.analysis.explorer import (
    Exploration,
    ExplorerQuery,
    YearCell,
    choices,
    explore,
    parse_query,
)
from lagesbild.analysis.params import ParamError
from lagesbild.analysis.tests.test_pages import client_of
from lagesbild.annual.services import build_annual_report
from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.core.peers import PeerSummary, PopulationBand, band_of
from lagesbild.official.importing import category_series_name
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.organisations.access import viewer_in
from lagesbild.testing import store_bra

CODE = "0999"
YEARS = range(2014, 2024)
OWN_POPULATION = 40_000
# Ten years of vandalism and of every crime in Exempeltorp; rate = count × 2.5 per 100 000.
VANDALISM = dict(zip(YEARS, [420, 410, 400, 405, 390, 380, 370, 360, 300, 280], strict=True))
TOTAL = dict(zip(YEARS, [3000, 2950, 2900, 2980, 2870, 2800, 2760, 2700, 2650, 2500], strict=True))
# (population 2022 and 2023, vandalism 2022 and 2023); None: no figure that year.
PEERS = {
    "0115": ((25_000, 25_000), (110, 100)),  # rates 440, 400
    "0125": ((32_000, 32_000), (None, 160)),  # rate 2023 500
    "0117": ((40_000, 40_000), (200, 240)),  # rates 500, 600
    "0114": ((50_000, 50_000), (900, 1000)),  # out of the band: 2000 per 100 000
    "0120": ((24_999, 24_999), (10, 10)),  # out of the band
}


def store_population(code: str, series: dict[int, int]) -> None:
    for year, n in series.items():
        Population.objects.create(municipality_code=code, year=year, population=n)


def statistics() -> None:
    store_bra(CODE, "skadegorelse", VANDALISM)
    store_bra(CODE, None, TOTAL)
    store_population(CODE, dict.fromkeys(YEARS, OWN_POPULATION))
    for code, ((pop22, pop23), (v22, v23)) in PEERS.items():
        store_population(code, {2022: pop22, 2023: pop23})
        store_bra(code, "skadegorelse", {2022: v22, 2023: v23})


@pytest.fixture
def figures(cast: Any) -> Any:
    statistics()
    return cast


def query(**given: Any) -> ExplorerQuery:
    values: dict[str, Any] = {"keys": ("skadegorelse",), "first_year": 2022, "last_year": 2023}
    values |= {"measure": "rate", "peer_codes": None} | given
    return ExplorerQuery(**values)


def peers_of(cell: YearCell) -> PeerSummary:
    assert cell.peers is not None
    return cell.peers


def band(e: Exploration) -> PopulationBand:
    assert e.band is not None
    return e.band


def url(name: str = "analysis-explorer", **kwargs: str) -> str:
    return reverse(name, kwargs={"code": CODE, **kwargs})


# --- the figures -----------------------------------------------------------------------------


def test_the_bands_include_their_lower_bound_and_exclude_their_upper() -> None:
    assert band_of(25_000).label == "25\u00a0000–49\u00a0999 invånare"
    assert band_of(49_999) == band_of(25_000) != band_of(50_000)
    assert band_of(24_999).upper == 25_000
    assert band_of(9_999).label == "under 10\u00a0000 invånare"
    assert band_of(250_000).label == "200\u00a0000 invånare och fler"


def test_the_peers_are_the_municipalities_in_the_same_band(figures: Any) -> None:
    e = explore(figures.municipality, query())
    assert (band(e).lower, band(e).upper, e.band_year) == (25_000, 50_000, 2023)
    assert [p.code for p in e.peers] == ["0125", "0115", "0117"]  # by name: Ekerö, Vallentuna, …
    assert [p.population for p in e.peers] == [32_000, 25_000, 40_000]


def test_rates_and_the_peers_median_lowest_and_highest_per_year(figures: Any) -> None:
    (row,) = explore(figures.municipality, query()).rows
    y2022, y2023 = row.cells
    assert (y2023.count, y2023.population, y2023.rate) == (280, 40_000, 700.0)
    assert y2022.rate == 750.0
    # 2023: 400, 500, 600 per 100 000; 2022: Ekerö has no figure, so 440 and 500.
    summary = peers_of(y2023)
    assert (summary.n, summary.median, summary.low, summary.high) == (3, 500.0, 400.0, 600.0)
    assert (peers_of(y2022).n, peers_of(y2022).median) == (2, 470.0)


def test_counts_compare_the_peers_counts(figures: Any) -> None:
    (row,) = explore(figures.municipality, query(measure="count")).rows
    assert row.cells[-1].value("count") == 280
    assert (peers_of(row.cells[-1]).median, peers_of(row.cells[-1]).high) == (160, 240)


def test_chosen_peers_replace_the_band(figures: Any) -> None:
    e = explore(figures.municipality, query(peer_codes=("0114", "0115")))
    assert e.band is None and [p.name for p in e.peers] == ["Upplands Väsby", "Vallentuna"]
    assert peers_of(e.rows[0].cells[-1]).median == 1200.0  # (2000 + 400) / 2


def test_the_sentences_are_the_yearly_reports_for_the_same_category_and_years(
    figures: Any,
) -> None:
    viewer, municipality = viewer_in(figures.cecilia, CODE)
    report = build_annual_report(CODE, 2023, viewer, base_year=2014)
    explored = explore(
        municipality, query(keys=("skadegorelse", "total"), first_year=2014, last_year=2023)
    )
    assert report.total is not None
    reported = {c.code: c for c in (report.total, *report.categories)}
    for row in explored.rows:
        assert len(row.statements) == 2
        assert row.statements == reported[row.key].statements, row.key
    assert explored.rows[1].label == report.total.label == "Alla brott"
    assert "jämfört med 2014" in explored.rows[0].statements[1].text


def test_a_category_without_the_last_year_has_figures_but_no_sentences(figures: Any) -> None:
    (row,) = explore(figures.municipality, query(keys=("stold",))).rows
    assert not row.has_figures and row.statements == () and row.trend is None


# --- the parameters --------------------------------------------------------------------------


def test_defaults_are_all_crimes_over_the_last_ten_brå_years_as_counts_in_the_band(
    figures: Any,
) -> None:
    assert parse_query({}, CODE) == ExplorerQuery(("total",), 2014, 2023, "count", None)


@pytest.mark.parametrize(
    ("params", "name", "message"),
    [
        ({"kategori": "okand"}, "kategori", "Okänd kategori"),
        ({"kategori": "stold\x00"}, "kategori", "Okänd kategori"),
        ({"fran": "2023", "till": "2020"}, "till", "efter det första"),
        ({"fran": "1900"}, "fran", "mellan 1950 och 2100"),
        ({"fran": "1990", "till": "2023"}, "till", "högst 30 år"),
        ({"matt": "procent"}, "matt", "antal, per100k"),
        ({"jamforelse": "egna"}, "jamfor", "minst en kommun"),
        ({"jamforelse": "egna", "jamfor": "9876"}, "jamfor", "Okänd kommun"),
        ({"jamforelse": "egna", "jamfor": CODE}, "jamfor", "Kommunen själv"),
        ({"jamforelse": "alla"}, "jamforelse", "storlek, egna"),
    ],
)
def test_bad_parameters_are_named_with_what_is_wrong(
    figures: Any, params: dict[str, str], name: str, message: str
) -> None:
    with pytest.raises(ParamError) as caught:
        parse_query(params, CODE)
    assert message in caught.value.errors[name]


def test_the_page_shows_a_bad_question_as_a_form_error_with_400(figures: Any) -> None:
    anders = client_of(figures.anders)
    for params in ("kategori=okand", "fran=2023&till=2020", "jamforelse=egna&jamfor=9876"):
        response = anders.get(f"{url()}?{params}")
        assert response.status_code == 400, params
        assert 'role="alert"' in response.content.decode()
    response = anders.get(f"{url('analysis-explorer-export', fmt='csv')}?fran=2023&till=2020")
    assert response.status_code == 400
    chart = url("analysis-explorer-chart", category="skadegorelse", fmt="svg")
    assert anders.get(chart + "?kategori=total").status_code == 400  # not among those chosen
    assert anders.get(url("analysis-explorer-export", fmt="pdf")).status_code == 404


# --- the page, the files and the API ---------------------------------------------------------


def test_only_the_municipalitys_analysts_and_coordinators_open_it(figures: Any) -> None:
    for user in (figures.anders, figures.cecilia):
        assert client_of(user).get(url()).status_code == 200
    for user in (figures.sara, figures.rut, figures.vilma):
        assert client_of(user).get(url()).status_code == 403
    assert client_of(figures.olle).get(url()).status_code == 404
    assert Client().get(url()).status_code == 302
    for user in (figures.sara, figures.rut):
        assert client_of(user).get(url("analysis-explorer-export", fmt="csv")).status_code == 403
        chart = url("analysis-explorer-chart", category="total", fmt="png")
        assert client_of(user).get(chart).status_code == 403


ASKED = "kategori=skadegorelse&fran=2022&till=2023&matt=per100k"


def test_the_page_shows_the_table_the_sentences_and_the_chart(figures: Any) -> None:
    body = client_of(figures.anders).get(f"{url()}?{ASKED}").content.decode()
    assert "Jämförs med 3 kommuner av samma storlek, 25\u00a0000–49\u00a0999 invånare år 2023" in (
        body
    )
    assert (
        "<td>700,0</td>" in body and "<td>500,0 (3)</td>" in body and "<td>470,0 (2)</td>" in body
    )
    (row,) = explore(figures.municipality, query()).rows
    assert row.statements[0].text in body
    assert 'src="data:image/svg+xml;base64,' in body
    assert "per år: 2022: 440,0–500,0; 2023: 400,0–600,0</figcaption>" in body


def test_the_table_exports_as_csv_and_excel_with_the_pages_figures(figures: Any) -> None:
    anders = client_of(figures.anders)
    response = anders.get(f"{url('analysis-explorer-export', fmt='csv')}?{ASKED}")
    assert response["Content-Disposition"] == 'attachment; filename="statistik-0999-2022-2023.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Kategori", "Kod", "År", "Anmälda brott"]
    assert rows[2][:10] == [
        "Skadegörelse",
        "skadegorelse",
        "2023",
        "280",
        "40000",
        "700,0",
        "3",
        "500,0",
        "400,0",
        "600,0",
    ]
    response = anders.get(f"{url('analysis-explorer-export', fmt='xlsx')}?{ASKED}")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Statistik", "Beskrivning", "Jämförbara kommuner", "Om"]
    assert [c.value for c in book["Statistik"][3]][5:8] == [700, 3, 500]
    (row,) = explore(figures.municipality, query()).rows
    assert book["Beskrivning"]["C2"].value == row.statements[0].text
    assert [c.value for c in book["Jämförbara kommuner"]["B"]][1:] == [
        "Ekerö",
        "Vallentuna",
        "Österåker",
    ]
    audited = AuditEntry.objects.filter(action="lagesbild.export.statistics_explorer")
    assert audited.count() == 2


def test_the_chart_downloads_as_svg_and_png(figures: Any) -> None:
    anders = client_of(figures.anders)
    svg = anders.get(
        f"{url('analysis-explorer-chart', category='skadegorelse', fmt='svg')}?{ASKED}"
    )
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg") and "Skadegörelse".encode() in svg.content
    png = anders.get(
        f"{url('analysis-explorer-chart', category='skadegorelse', fmt='png')}?{ASKED}"
    )
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


API = "/api/v1/analysis/statistics/"


def test_the_api_answers_the_same_figures_and_sentences(figures: Any) -> None:
    anders = client_of(figures.anders)
    params = "municipality=0999&category=skadegorelse,total&from=2022&to=2023&measure=rate"
    body = json.loads(anders.get(f"{API}?{params}").content)
    assert body["peers"]["band"]["label"] == "25\u00a0000–49\u00a0999 invånare"
    assert [p["code"] for p in body["peers"]["municipalities"]] == ["0125", "0115", "0117"]
    vandalism = body["categories"][0]
    assert vandalism["years"][1]["rate_per_100k"] == 700.0
    assert vandalism["years"][1]["peers"] == {"n": 3, "median": 500.0, "low": 400.0, "high": 600.0}
    (row, _) = explore(figures.municipality, query(keys=("skadegorelse", "total"))).rows
    assert [s["text"] for s in vandalism["statements"]] == [s.text for s in row.statements]
    chosen = json.loads(
        anders.get(f"{API}?municipality=0999&peers=chosen&peer=0114&peer=0115").content
    )
    assert [p["code"] for p in chosen["peers"]["municipalities"]] == ["0114", "0115"]


def test_the_api_refuses_bad_parameters_with_400_and_others_with_403(figures: Any) -> None:
    anders = client_of(figures.anders)
    for params in ("category=okand", "from=2023&to=2020", "measure=x", "peers=chosen&peer=9876"):
        response = anders.get(f"{API}?municipality=0999&{params}")
        assert response.status_code == 400, params
        assert set(json.loads(response.content)) == {"error", "detail"}
    assert client_of(figures.rut).get(f"{API}?municipality=0999").status_code == 403
    assert client_of(figures.olle).get(f"{API}?municipality=0999").status_code == 404


def test_the_schema_declares_the_endpoint_and_its_parameters(figures: Any) -> None:
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/analysis/statistics/" in schema and "peers" in schema


def test_a_peer_with_twelve_monthly_figures_counts_their_sum_as_category_series_does(
    figures: Any,
) -> None:
    from lagesbild.official.queries import bra_counts_of_many, category_series

    category = Category.objects.get(code="skadegorelse")
    for month in range(1, 13):
        OfficialStatistic.objects.create(
            source=OfficialStatistic.Source.BRA,
            municipality_code="0125",
            series=category_series_name("skadegorelse"),
            category=category,
            period=f"2022-{month:02d}",
            year=2022,
            month=month,
            value=10,
        )
    series = category_series_name("skadegorelse")
    many = bra_counts_of_many(["0125", "0115"], [series], [2022, 2023])
    assert many[("0125", series)] == category_series("0125", "skadegorelse", [2022, 2023])
    assert many[("0125", series)] == {2022: 120, 2023: 160}
    (row,) = explore(figures.municipality, query()).rows
    assert peers_of(row.cells[0]).n == 3  # Ekerö's 2022 now counts: 120 per 32 000 = 375
    assert peers_of(row.cells[0]).low == 375.0


def test_the_categories_and_sentences_follow_the_language(figures: Any) -> None:
    # Before: Swedish category names (name_sv) and "Alla brott" on the English page, and so
    # "in the category alla brott" in its sentences; all crimes together are no category.
    from django.utils import translation

    with translation.override("en"):
        (row,) = explore(figures.municipality, query(keys=("total",))).rows
        assert row.label == "All crimes"
        assert row.statements
        assert all("The number of reported offences" in s.text for s in row.statements)
        assert not any("alla brott" in s.text or "category" in s.text for s in row.statements)
        labels = {key: label for key, label, _level in choices()}
    assert labels["skadegorelse"] == Category.objects.get(code="skadegorelse").name_en

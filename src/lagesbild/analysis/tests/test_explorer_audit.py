"""The sixth audit (2026-12-06), the statistics explorer: one peer in the CSV, a trend the API
called significant where the sentence says it cannot be judged, a preliminary year unmarked
in the table, a page that refused to open with one Brå year, exports that said less than the
page, and a rate rounded to 0 in the chart's words. Edges found right are pinned too.
docs/statistics.md, "The statistics explorer"."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from lagesbild.analysis.explorer import ExplorerQuery, explore, parse_query
from lagesbild.analysis.explorer_output import chart_alt, chart_spec
from lagesbild.analysis.tests.test_explorer import (
    API,
    CODE,
    query,
    statistics,
    store_bra,
    store_population,
    url,
)
from lagesbild.analysis.tests.test_explorer_gaps import store_months
from lagesbild.analysis.tests.test_pages import client_of
from lagesbild.official.models import OfficialStatistic

pytestmark = pytest.mark.django_db

VANDALISM = "kategori=skadegorelse&fran=2022&till=2023&matt=per100k"


def csv_rows(cast: Any, params: str) -> list[list[str]]:
    response = client_of(cast.anders).get(f"{url('analysis-explorer-export', fmt='csv')}?{params}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def workbook(cast: Any, params: str) -> Any:
    response = client_of(cast.anders).get(f"{url('analysis-explorer-export', fmt='xlsx')}?{params}")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def api(cast: Any, params: str) -> dict[str, Any]:
    response = client_of(cast.anders).get(f"{API}?municipality={CODE}&{params}")
    assert response.status_code == 200
    return json.loads(response.content)


def page(cast: Any, params: str) -> str:
    response = client_of(cast.anders).get(f"{url()}?{params}")
    assert response.status_code == 200
    return response.content.decode()


# --- defect 1: one peer's value under "median", "lowest" and "highest" headers ----------------


def test_one_peer_in_the_csv_is_its_value_with_no_range(cast: Any) -> None:
    statistics()
    rows = csv_rows(cast, f"{VANDALISM}&jamforelse=egna&jamfor=0115")
    assert rows[0][6:10] == [
        "Jämförbara kommuner med siffror",
        "Jämförbar kommun (per 100 000)",
        "Jämförbara, lägst (per 100 000)",
        "Jämförbara, högst (per 100 000)",
    ]
    assert rows[1][6:10] == ["1", "440,0", "", ""]
    assert rows[2][6:10] == ["1", "400,0", "", ""]


def test_a_year_with_one_peer_among_years_with_more_has_no_range(cast: Any) -> None:
    statistics()  # 0125 has no vandalism figure for 2022
    rows = csv_rows(cast, f"{VANDALISM}&jamforelse=egna&jamfor=0115&jamfor=0125")
    assert rows[0][7] == "Jämförbara, median (per 100 000)"
    assert rows[1][6:10] == ["1", "440,0", "", ""]
    assert rows[2][6:10] == ["2", "450,0", "400,0", "500,0"]


# --- defect 2: the API's "significant" trend where the sentence says too few years --------------


def test_the_api_calls_a_trend_significant_only_where_the_sentence_states_it(cast: Any) -> None:
    store_bra(CODE, "stold", {2020: 400, 2021: 300, 2022: 200})
    e = explore(cast.municipality, query(keys=("stold",), first_year=2020, last_year=2022))
    trend = e.rows[0].trend
    assert trend is not None and trend.significant  # p < 0.05 from three years
    sentence = e.rows[0].statements[1].text
    assert sentence.endswith(
        "Serien 2020–2022 har för få år med uppgifter (3, minst 5 behövs) för att bedöma en trend."
    )
    body = api(cast, "category=stold&from=2020&to=2022&measure=count")
    assert body["categories"][0]["trend"]["significant"] is False
    assert body["categories"][0]["trend"]["trend_reason"] == "few_years"


def test_a_stated_trend_is_significant_in_the_api(cast: Any) -> None:
    statistics()
    body = api(cast, "category=total&from=2014&to=2023&measure=count")
    trend = body["categories"][0]["trend"]
    assert trend["significant"] is True and trend["trend_reason"] is None
    assert "minskande trend" in body["categories"][0]["statements"][-1]["text"]


# --- defect 3: a preliminary year's column looked final -----------------------------------------


def test_a_preliminary_year_is_marked_in_the_table_and_every_export(cast: Any) -> None:
    statistics()
    OfficialStatistic.objects.filter(municipality_code=CODE, year=2023).update(preliminary=True)
    body = page(cast, VANDALISM)
    assert '<th scope="col">2022</th><th scope="col">2023 (prel.)</th>' in body
    assert "från 300 till 280 år 2023 (preliminära siffror)" in body
    rows = csv_rows(cast, VANDALISM)
    assert rows[0][10] == "Preliminära siffror"
    assert [row[10] for row in rows[1:]] == ["", "ja"]
    years = api(cast, "category=skadegorelse&from=2022&to=2023")["categories"][0]["years"]
    assert [y["preliminary"] for y in years] == [False, True]
    about = [c.value for c in workbook(cast, VANDALISM)["Om"]["A"]]
    assert "Brå-siffrorna för 2023 är preliminära." in about
    svg = client_of(cast.anders).get(
        f"{url('analysis-explorer-chart', category='skadegorelse', fmt='svg')}?{VANDALISM}"
    )
    assert "Brå-siffrorna för 2023 är preliminära." in svg.content.decode()
    e = explore(cast.municipality, query())
    assert chart_spec(e, e.rows[0])["title"]["subtitle"] == [
        "Anmälda brott per 100 000 invånare 2022–2023; grått fält: lägst–högst bland jämförbara "
        "kommuner.",
        "Brå-siffrorna för 2023 är preliminära.",
        "Källa: Brå, anmälda brott; SCB, folkmängd 31 december",
    ]


# --- defect 4: a page opened without a question refused it -------------------------------------


def test_one_whole_brå_year_opens_the_page_with_the_year_before_it(cast: Any) -> None:
    store_bra(CODE, None, {2025: 1000})
    assert parse_query({}, CODE) == ExplorerQuery(("total",), 2024, 2025, "count", None)
    body = page(cast, "")
    assert "<td>–</td><td>1\u00a0000</td></tr>" in body
    assert (
        "Av åren 2024–2025 finns Brå-siffror bara för 2025, så ingen förändring kan beskrivas."
        in body
    )


# --- defect 5: the Excel file and the API said less than the page ------------------------------


def test_the_excel_file_and_the_api_say_why_a_category_has_no_sentence(cast: Any) -> None:
    store_bra(CODE, "stold", {2025: 120})
    store_bra(CODE, None, {2016: 900, 2025: 1000})
    params = "kategori=stold&kategori=total&fran=2016&till=2025"
    why = "Av åren 2016–2025 finns Brå-siffror bara för 2025, så ingen förändring kan beskrivas."
    assert why in page(cast, params)
    sheet = workbook(cast, params)["Beskrivning"]
    assert [c.value for c in sheet[sheet.max_row]] == [
        "Stöld och inbrott",
        "ingen förändring beskrivs",
        why,
    ]
    body = api(cast, "category=stold,total&from=2016&to=2025")
    assert body["categories"][0]["no_change"] == why
    assert body["categories"][1]["no_change"] is None


def test_the_excel_file_and_the_api_name_a_partial_year(cast: Any) -> None:
    store_bra(CODE, None, {year: 1000 for year in range(2016, 2026)})
    store_months(2026, range(1, 10), 90)
    note = "Brå-siffror för 2026 finns bara för januari–september och visas inte som ett helt år."
    assert note in page(cast, "")
    about = [c.value for c in workbook(cast, "")["Om"]["A"]]
    assert about == [
        "Om tabellen",
        note,
        "Källa: Brå, anmälda brott; SCB, folkmängd 31 december.",
    ]
    assert api(cast, "")["partial_notes"] == [note]


def test_the_excel_file_says_the_figures_are_synthetic(cast: Any) -> None:
    statistics()
    from lagesbild.official.models import Population

    Population.objects.filter(municipality_code=CODE).update(source="syntetisk")
    assert "syntetiska demodata" in page(cast, VANDALISM)
    about = [c.value for c in workbook(cast, VANDALISM)["Om"]["A"]]
    assert about[1] == (
        "Brå-siffrorna och folkmängden för kommunen är syntetiska demodata, inte verklig statistik."
    )


# --- defect 6: a rate under 0,5 per 100 000 was "0" in the chart's words -----------------------


def test_a_small_rate_is_not_zero_in_the_charts_words(cast: Any) -> None:
    store_bra(CODE, "ran", {2022: 1, 2023: 2})
    store_population(CODE, {2022: 250_000, 2023: 250_000})
    e = explore(cast.municipality, query(keys=("ran",)))
    assert chart_alt(e, e.rows[0]).endswith("2022: 0,4; 2023: 0,8.")
    assert "<td>0,4</td><td>0,8</td>" in page(cast, "kategori=ran&fran=2022&till=2023&matt=per100k")


# --- defect 7: the page cut a rate's decimals where the exports round them ----------------------


def test_the_pages_rates_are_rounded_as_the_csv_rounds_them(cast: Any) -> None:
    store_bra(CODE, "ran", {2022: 1, 2023: 2})
    store_population(CODE, {2022: 33_800, 2023: 33_800})  # 2,958… and 5,917… per 100 000
    params = "kategori=ran&fran=2022&till=2023&matt=per100k"
    assert "<td>3,0</td><td>5,9</td></tr>" in page(cast, params)
    assert [row[5] for row in csv_rows(cast, params)[1:]] == ["3,0", "5,9"]


# --- checked and right ------------------------------------------------------------------------


def test_small_counts_give_no_percentage_and_no_halved(cast: Any) -> None:
    store_bra(CODE, "stold", {2019: 12, 2020: 14, 2021: 6, 2022: 3})
    store_population(CODE, dict.fromkeys(range(2019, 2023), 900))
    (row,) = explore(
        cast.municipality, query(keys=("stold",), first_year=2019, last_year=2022)
    ).rows
    assert row.statements[0].text.startswith(
        "Antalet anmälda brott i kategorin stöld och inbrott har gått från 6 år 2021 till 3 år "
        "2022. Båda antalen är under 20, så ingen procentuell förändring anges."
    )
    text = " ".join(s.text for s in row.statements)
    assert "halverats" not in text and "procent" not in text.replace("procentuell", "")


def test_a_category_with_zeros_throughout_says_0_and_makes_no_change(cast: Any) -> None:
    store_bra(CODE, "stold", {2020: 0, 2021: 0, 2022: 0})
    body = page(cast, "kategori=stold&fran=2020&till=2022")
    assert "<td>0</td><td>0</td><td>0</td></tr>" in body
    assert (
        "Antalet anmälda brott i kategorin stöld och inbrott var 0 både år 2021 och år 2022."
        in (body)
    )


def test_rates_without_a_population_are_missing_not_zero(cast: Any) -> None:
    store_bra(CODE, "stold", {2022: 100, 2023: 120})
    body = page(cast, "kategori=stold&fran=2022&till=2023&matt=per100k")
    assert "<td>–</td><td>–</td></tr>" in body
    assert (
        "Kommunens folkmängd saknas för åren 2022–2023, så ingen storleksgrupp kan bildas." in body
    )
    assert "från 100 till 120 år 2023" in body  # the counts are still compared


@pytest.mark.parametrize(
    "params",
    [
        "jamforelse=egna&jamfor=%00",
        "kategori=%00",
        "fran=%00",
        "till=２０２０",
        "matt=%00",
        "jamforelse=%00",
        "fran=2020&till=2020",
        "jamforelse=egna&jamfor=" + "9" * 300,
    ],
)
def test_odd_parameters_are_a_400_with_a_message(cast: Any, params: str) -> None:
    statistics()
    anders = client_of(cast.anders)
    for name in ("analysis-explorer", "analysis-explorer-export"):
        kwargs = {"fmt": "csv"} if name.endswith("export") else {}
        response = anders.get(f"{url(name, **kwargs)}?{params}")
        assert response.status_code == 400, (name, params)
        assert "Frågan kunde inte besvaras" in response.content.decode() or name.endswith("export")
    api_params = params.replace("jamforelse", "peers").replace("jamfor", "peer")
    api_params = api_params.replace("kategori", "category").replace("fran", "from")
    api_params = (
        api_params.replace("till", "to").replace("matt", "measure").replace("egna", "chosen")
    )
    response = anders.get(f"{API}?municipality={CODE}&{api_params}")
    assert response.status_code == 400, api_params


def test_the_size_band_is_written_in_the_pages_language() -> None:
    from lagesbild.core.peers import band_of

    assert band_of(25_000).text("sv") == "25\u00a0000–49\u00a0999 invånare"
    assert band_of(25_000).text("en") == "25,000–49,999 inhabitants"
    assert band_of(9_999).text("en") == "below 10,000 inhabitants"
    assert band_of(250_000).text("en") == "200,000 inhabitants or more"
    with translation.override("en"):
        assert band_of(25_000).label == "25,000–49,999 inhabitants"


def test_the_chart_and_its_words_are_in_the_pages_language(cast: Any) -> None:
    """The English page showed the chart's titles, legend and text alternative in Swedish."""
    store_bra(CODE, "ran", {2022: 1, 2023: 2})
    store_population(CODE, {2022: 250_000, 2023: 250_000})
    with translation.override("en"):
        e = explore(cast.municipality, query(keys=("ran",)))
        spec, alt = chart_spec(e, e.rows[0]), chart_alt(e, e.rows[0])
    assert spec["title"]["subtitle"][0].startswith("Reported crimes per 100,000 inhabitants")
    assert spec["title"]["subtitle"][-1] == (
        "Source: Brå, reported crimes; Statistics Sweden, population on 31 December"
    )
    assert spec["layer"][1]["encoding"]["y"]["title"] == "Per 100,000"
    assert alt.startswith("Line chart: ") and alt.endswith("2022: 0.4; 2023: 0.8.")
    assert "per 100,000 inhabitants, with " in alt

"""The statistics explorer where figures are missing, partial or thin (audit findings 9, 10, 15):
the reason a category has no sentence is the actual one, a year with only some months of Brå
figures is named by its months and is not the default, and one peer's value is not a median."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from lagesbild.analysis.explorer import BraYears, ExplorerQuery, bra_years, explore, parse_query
from lagesbild.analysis.explorer_output import chart_alt
from lagesbild.analysis.tests.test_explorer import (
    CODE,
    query,
    statistics,
    store_bra,
    store_population,
    url,
)
from lagesbild.analysis.tests.test_pages import client_of
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.official.models import OfficialStatistic

pytestmark = pytest.mark.django_db


def page(cast: Any, params: str) -> str:
    return client_of(cast.anders).get(f"{url()}?{params}").content.decode()


def store_months(year: int, months: range, value: int, preliminary: bool = True) -> None:
    """Brå's monthly rows of every crime, as the monthly import stores them."""
    for month in months:
        OfficialStatistic.objects.create(
            source=OfficialStatistic.Source.BRA,
            municipality_code=CODE,
            series=TOTAL_CRIME_TYPE,
            period=f"{year}-{month:02d}",
            year=year,
            month=month,
            value=value,
            preliminary=preliminary,
        )


# --- finding 9: why a category has no sentence ------------------------------------------------


def test_a_category_with_only_the_last_year_says_so(cast: Any) -> None:
    store_bra(CODE, "stold", {2025: 120})
    body = page(cast, "kategori=stold&fran=2016&till=2025")
    assert "<td>–</td><td>120</td></tr>" in body
    assert (
        "Av åren 2016–2025 finns Brå-siffror bara för 2025, så ingen förändring kan beskrivas."
        in body
    )
    assert "Brå-siffror för 2025 saknas" not in body


def test_a_category_without_the_year_before_and_the_first_year_names_both(cast: Any) -> None:
    store_bra(CODE, "stold", {2018: 100, 2025: 120})
    (row,) = explore(
        cast.municipality, query(keys=("stold",), first_year=2016, last_year=2025)
    ).rows
    assert row.no_change == (
        "Brå-siffror saknas för 2024 och 2016, åren som 2025 jämförs med, så ingen förändring "
        "beskrivs."
    )
    # The years shown still get their trend sentence, here why there is none (rule 12).
    assert [(s.kind, s.text) for s in row.statements] == [
        (
            "trend",
            "Serien 2018–2025 har för få år med uppgifter (2, minst 5 behövs) för att bedöma en "
            "trend.",
        )
    ]
    body = page(cast, "kategori=stold&fran=2016&till=2025")
    assert (
        '<p class="hint">Brå-siffror saknas för 2024 och 2016, åren som 2025 jämförs med, så '
        'ingen förändring beskrivs.</p><p class="statement" data-kind="trend">Serien 2018–2025 '
        "har för få år med uppgifter (2, minst 5 behövs) för att bedöma en trend.</p>"
    ) in body


def test_a_category_without_the_last_year_says_it_is_missing(cast: Any) -> None:
    store_bra(CODE, "stold", {2024: 100})
    (row,) = explore(
        cast.municipality, query(keys=("stold",), first_year=2016, last_year=2025)
    ).rows
    assert row.no_change == "Brå-siffror för 2025 saknas, så ingen förändring beskrivs."


# --- finding 10: a year with some months of Brå figures ---------------------------------------


@pytest.fixture
def running_year(cast: Any) -> Any:
    """Yearly totals 2016–2025 and Brå's preliminary monthly rows for January–September 2026."""
    store_bra(CODE, None, {year: 1000 + 10 * (year - 2016) for year in range(2016, 2026)})
    store_population(CODE, dict.fromkeys(range(2016, 2026), 40_000))
    store_months(2026, range(1, 10), 90)
    return cast


def test_a_partial_year_is_named_by_its_months_and_not_a_whole_year(running_year: Any) -> None:
    years = bra_years(CODE)
    assert years.whole == tuple(range(2016, 2026))
    assert years.partial == {2026: (1, 9)} and years.months(2026) == "januari–september"
    with translation.override("en"):
        assert years.months(2026) == "January–September"


def test_twelve_monthly_rows_make_a_whole_year(cast: Any) -> None:
    store_months(2026, range(1, 13), 90)
    assert bra_years(CODE) == BraYears((2026,), {})


def test_the_default_is_the_last_whole_year_with_the_partial_one_named(running_year: Any) -> None:
    assert parse_query({}, CODE) == ExplorerQuery(("total",), 2016, 2025, "count", None)
    body = page(running_year, "")
    assert (
        "Brå-siffror för 2026 finns bara för januari–september och visas inte som ett helt år."
        in body
    )
    assert "jämfört med 2024, från 1 080 till 1 090 år 2025" in body
    assert "saknas" not in body


def test_a_partial_last_year_chosen_is_named_by_its_months(running_year: Any) -> None:
    body = page(running_year, "fran=2017&till=2026")
    assert (
        "Brå-siffror för 2026 finns bara för januari–september, så året jämförs inte med hela år."
        in body
    )
    assert "Brå-siffror för 2026 saknas" not in body


# --- finding 15: one peer -------------------------------------------------------------------


def test_one_peer_is_its_value_not_a_median_or_a_range(cast: Any) -> None:
    statistics()
    body = page(
        cast, "kategori=skadegorelse&fran=2022&till=2023&matt=per100k&jamforelse=egna&jamfor=0115"
    )
    assert '<th scope="row" class="text">Skadegörelse, värde för 1 jämförbar kommun</th>' in body
    assert "<td>440,0</td><td>400,0</td></tr>" in body
    assert "median jämförbara" not in body and "(1)</td>" not in body
    assert "och värdet för den enda jämförelsekommunen med siffror." in body
    assert "lägsta–högsta" not in body  # 440,0–440,0 is no range
    e = explore(cast.municipality, query(peer_codes=("0115",)))
    assert chart_alt(e, e.rows[0]).endswith(
        "med värdet för den jämförbara kommunen inom parentes. "
        "2022: 750,0 (1 jämförbar kommun: 440,0); 2023: 700,0 (1 jämförbar kommun: 400,0)."
    )

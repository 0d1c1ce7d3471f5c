"""``lagesbild stats`` and the queries the yearly report reuses, on synthetic Brå series."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lagesbild.areas.models import Municipality
from lagesbild.official.importing import import_bra
from lagesbild.official.models import Population
from lagesbild.official.queries import (
    QueryError,
    category_series,
    population_series,
    resolve_municipality,
    trend_summary,
)
from lagesbild.official.tests.sol import (
    FICKSTOLD,
    SKADEGORELSE,
    STOLD,
    sol_extract,
    sol_row,
    yearly_series,
)

pytestmark = pytest.mark.django_db

PERSON_THEFTS = {2016: 400, 2017: 350, 2018: 300, 2019: 260, 2020: 220, 2021: 190}


def _stats(*args: str) -> str:
    out = StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def helsingborg() -> None:
    rows = yearly_series("Helsingborg", SKADEGORELSE, {2020: 1000, 2021: 850})
    rows += yearly_series("Helsingborg", STOLD, {year: 3000 for year in PERSON_THEFTS})
    rows += yearly_series("Helsingborg", FICKSTOLD, PERSON_THEFTS)
    assert import_bra(sol_extract(rows), "helsingborg.csv").ok


def test_vandalism_from_1000_to_850_is_a_decrease_of_15_percent_compared_with_2020(
    helsingborg,
) -> None:
    out = _stats(
        "trend",
        "--municipality",
        "1283",
        "--category",
        "skadegorelse",
        "--from",
        "2020",
        "--to",
        "2021",
    )
    assert "minskat med 15 procent jämfört med 2020" in out
    assert "Källa: Brå, anmälda brott" in out and "Skadegörelse i Helsingborg (1283)" in out


def test_thefts_against_persons_from_400_to_190_have_more_than_halved(helsingborg) -> None:
    out = _stats(
        "trend",
        "--municipality",
        "Helsingborg",
        "--category",
        "stold_mot_person",
        "--from",
        "2016",
        "--to",
        "2021",
    )
    assert "mer än halverats på fem år, från 400 år 2016 till 190 år 2021" in out
    assert "minskande trend" in out


def test_the_json_has_the_figures_changes_trend_and_test(helsingborg) -> None:
    data = json.loads(
        _stats(
            "trend",
            "--municipality",
            "1283",
            "--category",
            "stold_mot_person",
            "--from",
            "2016",
            "--to",
            "2021",
            "--json",
        )
    )
    assert [(y["year"], y["count"]) for y in data["years"]] == list(PERSON_THEFTS.items())
    assert data["base_year"]["from_value"] == 400 and data["base_year"]["halved"] is True
    assert data["previous_year"]["from_period"] == 2020 and data["five_years"]["to_value"] == 190
    assert data["trend"]["significant"] is True and data["trend"]["annual_change"] < 0
    assert data["etest"]["k1"] == 400 and data["etest"]["p_value"] < 0.001
    assert data["source"] == "Brå, anmälda brott" and "halverats" in data["sentence_sv"]["text"]
    assert "more than halved" in data["sentence_en"]["text"]


def test_rates_per_100_000_appear_when_the_population_is_known(helsingborg) -> None:
    Population.objects.bulk_create(
        [
            Population(municipality_code="1283", year=2020, population=149_280),
            Population(municipality_code="1283", year=2021, population=150_000),
        ]
    )
    summary = trend_summary("1283", "skadegorelse", 2020, 2021)
    assert [y.rate_per_100k for y in summary.years] == pytest.approx([669.9, 566.7], abs=0.05)
    assert summary.etest.n1 == 149_280  # the E-test compares rates when it can
    assert population_series("1283", range(2019, 2023)) == {2020: 149_280, 2021: 150_000}


def test_a_year_made_of_twelve_months_counts_and_eleven_do_not() -> None:
    rows = [
        sol_row("Helsingborg", 2022, SKADEGORELSE, 10, month=m, preliminary=m > 6)
        for m in range(1, 13)
    ]
    rows += [sol_row("Helsingborg", 2023, SKADEGORELSE, 10, month=m) for m in range(1, 12)]
    import_bra(sol_extract(rows), "months.csv")
    assert category_series("1283", "skadegorelse", [2022, 2023]) == {2022: 120}


def test_a_missing_base_year_and_unknown_names_end_in_one_line(helsingborg) -> None:
    with pytest.raises(CommandError, match="år 2015"):
        _stats(
            "trend",
            "--municipality",
            "1283",
            "--category",
            "skadegorelse",
            "--from",
            "2015",
            "--to",
            "2021",
        )
    with pytest.raises(CommandError, match="okänd kommun"):
        _stats(
            "trend",
            "--municipality",
            "Atlantis",
            "--category",
            "skadegorelse",
            "--from",
            "2020",
            "--to",
            "2021",
        )
    with pytest.raises(CommandError, match="okänd kategori"):
        _stats(
            "trend",
            "--municipality",
            "1283",
            "--category",
            "graffiti",
            "--from",
            "2020",
            "--to",
            "2021",
        )


def test_a_municipality_of_this_installation_is_known_by_code_and_name(helsingborg) -> None:
    # Not one of Sweden's 290: the demo's Exempelstad (9999) has statistics of its own.
    Municipality.objects.create(code="9999", name="Exempelstad")
    assert resolve_municipality("9999") == ("9999", "Exempelstad")
    assert resolve_municipality("exempelstad") == ("9999", "Exempelstad")
    assert resolve_municipality("1283") == ("1283", "Helsingborg")
    with pytest.raises(QueryError, match="okänd kommun"):
        resolve_municipality("9998")


def test_a_year_is_preliminary_when_the_figure_used_is() -> None:
    # The flag of the figure the reports use: a final yearly row beside preliminary months is a
    # final year; twelve preliminary months alone are a preliminary one; a missing value is none.
    from lagesbild.official.models import OfficialStatistic
    from lagesbild.official.queries import preliminary_bra_years

    def row(year: int, month: int | None, preliminary: bool, value: float | None = 10.0) -> None:
        OfficialStatistic.objects.create(
            source=OfficialStatistic.Source.BRA,
            municipality_code="0999",
            series="kategori:stold",
            period=f"{year}" if month is None else f"{year}-{month:02d}",
            year=year,
            month=month,
            value=value,
            preliminary=preliminary,
        )

    row(2023, None, False)
    for month in range(1, 13):
        row(2023, month, True)
        row(2024, month, True)
    row(2025, None, True, value=None)
    assert preliminary_bra_years("0999", range(2020, 2026)) == {2024}

"""A year with only some months of Brå figures is not the yearly report's year (audit finding
10): with yearly totals 2016–2025 and preliminary months January–September 2026, the menu's
report is 2025 and asking for 2026 does not claim 2026 among the years with figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lagesbild.analysis.tests.test_explorer import CODE, store_bra, store_population
from lagesbild.analysis.tests.test_explorer_gaps import store_months
from lagesbild.annual.queries import bra_years
from lagesbild.annual.services import latest_report_year
from lagesbild.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_year(cast: Any) -> Any:
    store_bra(CODE, None, {year: 1000 + 10 * (year - 2016) for year in range(2016, 2026)})
    store_population(CODE, dict.fromkeys(range(2016, 2026), 40_000))
    store_months(2026, range(1, 10), 90)
    return cast


def test_the_latest_report_year_is_the_last_whole_year(running_year: Any) -> None:
    assert bra_years(CODE) == list(range(2016, 2026))
    assert latest_report_year(CODE) == 2025
    response = client_for(running_year.cecilia).get(reverse("annual-current"))
    assert response.status_code == 302 and response["Location"] == f"/arsrapport/{CODE}/2025/"


def test_the_partial_year_is_named_by_its_months_not_called_missing(running_year: Any) -> None:
    # Before: "Brå-statistik för kommun 0999 saknas för 2026 (år med Brå-siffror: 2016–2025)",
    # although January–September 2026 are stored.
    response = client_for(running_year.cecilia).get(f"/arsrapport/{CODE}/2026/")
    assert response.status_code == 404
    assert (
        "Brå-siffror för 2026 finns bara för januari–september, och årsrapporten görs för hela "
        "år (år med Brå-siffror för hela året: 2016–2025)."
    ) in response.content.decode()
    client = client_for(running_year.cecilia)
    client.cookies["django_language"] = "en"
    english = client.get(f"/arsrapport/{CODE}/2026/")
    assert (
        "Brå figures for 2026 cover only January–September, and the yearly report is made for "
        "whole years (years with Brå figures for the whole year: 2016–2025)."
    ) in english.content.decode()


def test_a_year_without_any_figures_is_called_missing(running_year: Any) -> None:
    response = client_for(running_year.cecilia).get(f"/arsrapport/{CODE}/2015/")
    assert response.status_code == 404
    assert (
        "Brå-siffror för Exempeltorp saknas för 2015 (år med Brå-siffror: 2016–2025)."
        in response.content.decode()
    )


def test_the_apis_trend_ends_at_the_last_whole_year_by_default(running_year: Any) -> None:
    store_bra(CODE, "skadegorelse", {year: 500 + year - 2016 for year in range(2016, 2026)})
    response = client_for(running_year.cecilia).get("/api/v1/statistics/trends/")
    assert response.status_code == 200
    assert {max(y["year"] for y in t["years"]) for t in response.json()} == {2025}

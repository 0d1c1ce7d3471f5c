"""Official statistics through the API: trends, series and the trend tables as files."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from lagesbild.api.models import Scope
from lagesbild.api.services import create_token
from lagesbild.api.tests.schemas import assert_matches
from lagesbild.audit.models import AuditEntry
from lagesbild.categories.models import Category
from lagesbild.core.tests.known import known
from lagesbild.core.weeks import IsoWeek
from lagesbild.goals.models import Goal, Indicator
from lagesbild.meetings.services import create_meeting
from lagesbild.official.models import OfficialStatistic
from lagesbild.testing import Cast, client_for, store_bra

VANDALISM = {year: 1000 - 15 * (year - 2015) for year in range(2015, 2025)}


@pytest.fixture
def bra(cast: Cast) -> None:
    """Ten years of Brå's reported vandalism in Exempeltorp, falling steadily."""
    store_bra(cast.municipality.code, "skadegorelse", VANDALISM)


def get(secret: str, url: str):
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_trend_of_a_category_is_the_yearly_reports_figures(cast: Cast, bra) -> None:
    secret = create_token(cast.bostad, "Statistik", [Scope.READ]).secret
    response = get(secret, "/api/v1/statistics/trends/?category=skadegorelse&from=2015&to=2024")
    assert response.status_code == 200
    (trend,) = response.json()
    assert trend["category_code"] == "skadegorelse" and trend["municipality_code"] == "0999"
    assert [y["count"] for y in trend["years"]] == list(VANDALISM.values())
    assert trend["trend"]["annual_change"] < 0 and trend["sentence_sv"]["text"]
    assert_matches(response.json(), "/api/v1/statistics/trends/")
    every = get(secret, "/api/v1/statistics/trends/").json()
    assert [t["category_code"] for t in every] == ["skadegorelse"]  # the only one with figures


def test_a_stored_series_is_read_by_its_name(cast: Cast, bra) -> None:
    secret = create_token(cast.bostad, "Statistik", [Scope.READ]).secret
    url = "/api/v1/statistics/series/?series=kategori:skadegorelse&from=2020&to=2021"
    body = get(secret, url).json()
    assert body["values"] == {"2020": 925.0, "2021": 910.0}
    assert_matches(body, "/api/v1/statistics/series/")


def test_missing_figures_for_the_asked_years_answer_400_with_the_reason(cast: Cast, bra) -> None:
    secret = create_token(cast.bostad, "Statistik", [Scope.READ]).secret
    response = get(secret, "/api/v1/statistics/trends/?category=stold&from=2015&to=2024")
    assert response.status_code == 400 and "saknas" in response.json()["detail"]["category"]
    none = get(create_token(cast.annan, "x", [Scope.READ]).secret, "/api/v1/statistics/trends/")
    assert none.status_code == 404  # Annanstad has no Brå figures


def test_the_trend_tables_export_as_csv_and_excel_and_are_audited(cast: Cast, bra) -> None:
    secret = create_token(cast.bostad, "Statistik", [Scope.EXPORT]).secret
    summary = get(secret, "/api/v1/statistics/trends/export.csv?from=2015&to=2024")
    rows = list(csv.reader(io.StringIO(summary.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Kategorikod", "Kategori"] and rows[1][:2] == [
        "skadegorelse",
        "Skadegörelse",
    ]
    years = get(secret, "/api/v1/statistics/trends/export.csv?table=years")
    assert years.content.decode("utf-8-sig").count("skadegorelse") == 10
    book = load_workbook(io.BytesIO(get(secret, "/api/v1/statistics/trends/export.xlsx").content))
    assert book.sheetnames == ["Trender", "Per år"] and book["Per år"].max_row == 11
    entries = AuditEntry.objects.filter(action="lagesbild.export.statistics")
    assert [e.detail["format"] for e in entries.order_by("pk")] == ["csv", "csv", "xlsx"]
    assert known(entries.first()).detail["token"].startswith("lb_")


def test_goals_carry_each_indicators_status_and_meetings_their_decisions(cast: Cast, bra) -> None:
    goal = Goal.objects.create(municipality=cast.municipality, title="Minskad skadegörelse")
    Indicator.objects.create(
        goal=goal,
        name="Anmäld skadegörelse",
        kind=Indicator.Kind.OFFICIAL,
        category=Category.objects.get(code="skadegorelse"),
        baseline_year=2015,
        direction=Indicator.Direction.DECREASE,
    )
    create_meeting(cast.municipality, IsoWeek(2024, 37), date(2024, 9, 12), cast.cecilia)
    client = client_for(cast.rut)
    goals = client.get("/api/v1/goals/?year=2024").json()
    (indicator,) = goals[0]["indicators"]
    assert (indicator["status"], indicator["latest"], indicator["baseline"]) == (
        "on_track",
        865.0,
        1000.0,
    )
    assert_matches(goals, "/api/v1/goals/")
    meetings = client.get("/api/v1/meetings/").json()
    assert meetings["results"][0]["week"] == "2024-W37"
    assert_matches(meetings, "/api/v1/meetings/")
    detail = client.get(f"/api/v1/meetings/{meetings['results'][0]['id']}/").json()
    assert_matches(detail, "/api/v1/meetings/{id}/")


@pytest.mark.parametrize(
    "query",
    [
        "series=kategori:stöld",  # no such series
        "series=skadegorelse",  # the category's code, not its series
        "series=" + "x" * 300,  # longer than any stored name
        "series=kategori:skadegorelse%00",
    ],
)
def test_an_unknown_series_is_400_listing_the_municipalitys_series(
    cast: Cast, bra, query: str
) -> None:
    # It answered 200 with no values, as a real series without figures in those years.
    secret = create_token(cast.bostad, "Statistik", [Scope.READ]).secret
    response = get(secret, f"/api/v1/statistics/series/?{query}")
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert list(detail) == ["series"] and "kategori:skadegorelse" in detail["series"]


def test_a_known_series_without_figures_in_the_years_stays_200_and_empty(cast: Cast, bra) -> None:
    secret = create_token(cast.bostad, "Statistik", [Scope.READ]).secret
    url = "/api/v1/statistics/series/?series=kategori:skadegorelse&from=2000&to=2005"
    response = get(secret, url)
    assert response.status_code == 200 and response.json()["values"] == {}


def test_a_series_asked_of_the_wrong_source_is_400_naming_its_source(cast: Cast, bra) -> None:
    secret = create_token(cast.bostad, "Statistik", [Scope.READ]).secret
    OfficialStatistic.objects.create(
        source=OfficialStatistic.Source.KOLADA,
        municipality_code=cast.municipality.code,
        series="N07403",
        period="2023",
        year=2023,
        value=12.5,
    )
    kolada = get(secret, "/api/v1/statistics/series/?series=N07403&source=kolada&from=2023")
    assert kolada.status_code == 200 and kolada.json()["values"] == {"2023": 12.5}
    wrong = get(secret, "/api/v1/statistics/series/?series=N07403")  # source bra by default
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == {"source": "Serien 'N07403' finns med source=kolada."}
    police = get(secret, "/api/v1/statistics/series/?series=x&source=police")
    assert police.status_code == 400 and "inga serier med source=police" in str(police.json())
    unknown = get(secret, "/api/v1/statistics/series/?series=N07403&source=scb")
    assert unknown.status_code == 400 and list(unknown.json()["detail"]) == ["source"]


def test_a_municipality_without_series_says_so(cast: Cast, bra) -> None:
    secret = create_token(cast.annan, "Statistik", [Scope.READ]).secret
    response = get(secret, "/api/v1/statistics/series/?series=kategori:skadegorelse")
    assert response.status_code == 400
    assert "kommunen har inga serier med source=bra" in response.json()["detail"]["series"]

"""The API's lists read their relations once per page, not once per row: the number of queries of
a list is the same with three times as many rows (issue #10: no N+1)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lagesbild.categories.models import Category
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.measures.models import Measure
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.meetings.models import FocusArea, Meeting
from lagesbild.testing import Cast, client_for, store_bra

pytestmark = pytest.mark.django_db

FIRST_MEETING = date(2024, 1, 4)
TRENDS_EXPORT = "/api/v1/statistics/trends/export.csv?table=years"


def _meetings(cast: Cast, start: int, count: int) -> None:
    """Meetings with participants, two focus areas (one with a district and an organisation)
    and a decided measure each."""
    for n in range(start, start + count):
        on = FIRST_MEETING + timedelta(weeks=n)
        year, week, _ = on.isocalendar()
        meeting = Meeting.objects.create(
            municipality=cast.municipality, date=on, iso_week=f"{year}-W{week:02d}"
        )
        meeting.participants.set([cast.kommunen, cast.polisen])
        FocusArea.objects.create(
            meeting=meeting, rank=1, label="Norr", area=cast.norr, organisation=cast.polisen
        )
        FocusArea.objects.create(meeting=meeting, rank=2, label="Torget")
        measure = make_measure(cast, f"Åtgärd {n}", areas=(cast.norr,))
        Measure.objects.filter(pk=measure.pk).update(decided_at_meeting=meeting)


def _queries(client: Client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    if response["Content-Type"].startswith("text/csv"):
        return len(queries), response.content.decode("utf-8-sig")
    return len(queries), response.json()


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/measures/"])
def test_a_list_costs_the_same_queries_with_three_times_the_rows(cast: Cast, url: str) -> None:
    client = client_for(cast.cecilia)
    _meetings(cast, 0, 2)
    _queries(client, url)  # the first request of a session reads what later ones keep
    few, answer = _queries(client, url)
    assert len(answer["results"]) == 2
    _meetings(cast, 2, 4)
    many, answer = _queries(client, url)
    assert len(answer["results"]) == 6
    assert many == few


def _goals(cast: Cast, count: int) -> None:
    """Goals with an indicator of each kind: Brå category, report count in a district, entered."""
    klotter, skadegorelse = (Category.objects.get(code=c) for c in ("klotter", "skadegorelse"))
    for n in range(count):
        goal = Goal.objects.create(municipality=cast.municipality, title=f"Mål {n}")
        fields = {"goal": goal, "direction": Indicator.Direction.DECREASE, "baseline_year": 2022}
        Indicator.objects.create(
            name="Skadegörelse", kind=Indicator.Kind.OFFICIAL, category=skadegorelse, **fields
        )
        Indicator.objects.create(
            name="Klotter i Norr",
            kind=Indicator.Kind.REPORT_COUNT,
            category=klotter,
            area=cast.norr,
            **fields,
        )
        entered = Indicator.objects.create(name="Beslag", kind=Indicator.Kind.ENTERED, **fields)
        IndicatorValue.objects.create(indicator=entered, year=2023, value=n)


def test_the_goals_cost_the_same_queries_with_three_times_the_indicators(cast: Cast) -> None:
    client = client_for(cast.cecilia)
    _goals(cast, 2)
    _queries(client, "/api/v1/goals/?year=2023")
    few, answer = _queries(client, "/api/v1/goals/?year=2023")
    _goals(cast, 4)
    many, answer = _queries(client, "/api/v1/goals/?year=2023")
    assert sum(len(goal["indicators"]) for goal in answer) == 18
    assert many == few


def _bra(cast: Cast, categories: list[str]) -> None:
    for code in categories:
        series = {year: 500 + 10 * year % 7 for year in range(2014, 2025)}
        store_bra(cast.municipality.code, code, series)


@pytest.mark.parametrize("url", ["/api/v1/statistics/trends/", TRENDS_EXPORT])
def test_the_trends_cost_the_same_queries_with_three_times_the_categories(
    cast: Cast, url: str
) -> None:
    client = client_for(cast.cecilia)
    _bra(cast, ["skadegorelse", "stold"])
    _queries(client, url)
    few, _ = _queries(client, url)
    _bra(cast, ["vald", "narkotika", "ordning", "brand"])
    many, answer = _queries(client, url)
    if url == TRENDS_EXPORT:
        assert answer.count("\n") == 1 + 6 * 11  # the header, 2014–2024 of six categories
    else:
        assert len(answer) == 6
    assert many == few


def test_a_meetings_record_names_its_relations(cast: Cast) -> None:
    _meetings(cast, 0, 1)
    (meeting,) = client_for(cast.cecilia).get("/api/v1/meetings/").json()["results"]
    decided = Measure.objects.get(decided_at_meeting__isnull=False)
    assert sorted(meeting["participants"]) == sorted([cast.kommunen.name, cast.polisen.name])
    assert [(f["rank"], f["district"], f["organisation"]) for f in meeting["focus_areas"]] == [
        (1, cast.norr.code, cast.polisen.name),
        (2, None, None),
    ]
    assert meeting["decisions"] == [decided.pk]
    detail = client_for(cast.cecilia).get(f"/api/v1/meetings/{meeting['id']}/").json()
    assert detail == meeting

"""The goals dashboard reads its figures in a fixed number of queries (issue #10, "no N+1"), and
the figures it reads at once are the ones ``indicator_status`` reads one indicator at a time."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.goals.dashboard import goal_rows
from lagesbild.goals.models import Goal, Indicator, IndicatorValue
from lagesbild.goals.status import (
    _years_read,
    indicator_series,
    indicator_status,
    indicator_statuses,
)
from lagesbild.official.importing import category_series_name
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import viewer_for
from lagesbild.reports.models import ReportCount
from lagesbild.testing import STOCKHOLM, Cast, client_for, file_report, square

DECREASE, INCREASE = Indicator.Direction.DECREASE, Indicator.Direction.INCREASE
KOLADA_SERIES = "N07403"  # a Kolada KPI id: an official series named by its label


def statistic(cast: Cast, source: str, series: str, year: int, value: float, **fields) -> None:
    month = fields.get("month")
    OfficialStatistic.objects.create(
        source=source,
        municipality_code=cast.municipality.code,
        series=series,
        period=f"{year}-{month:02d}" if month else str(year),
        year=year,
        value=value,
        **fields,
    )


def four_indicators(cast: Cast, goal: Goal) -> None:
    """One indicator of each kind the page reads differently."""
    graffiti = Category.objects.get(code="skadegorelse")
    drugs = Category.objects.get(code="narkotika")
    fields = {"goal": goal, "direction": DECREASE, "baseline_year": 2021}
    Indicator.objects.create(name="Brå", kind="official", category=graffiti, **fields)
    Indicator.objects.create(
        name="Kolada", kind="official", official_series=KOLADA_SERIES, **fields
    )
    Indicator.objects.create(
        name="Rapporter", kind="report_count", category=drugs, area=cast.norr, **fields
    )
    entered = Indicator.objects.create(name="Beslag", kind="entered", **fields)
    for year, value in ((2021, 40), (2023, 35)):
        IndicatorValue.objects.create(indicator=entered, year=year, value=value)


@pytest.fixture
def figures(cast: Cast) -> None:
    """Reports, Brå's (2023 preliminary, by month) and Kolada's figures for the indicators."""
    for year in (2021, 2023):
        when = datetime(year, 3, 1, 12, tzinfo=STOCKHOLM)
        file_report(cast.bevakning, "narkotika_fynd", when, point=Cast.NORR_POINT)
        file_report(cast.bevakning, "klotter", when, point=Cast.SODER_POINT)
        statistic(cast, "kolada", KOLADA_SERIES, year, 12.5)
    statistic(cast, "bra", category_series_name("skadegorelse"), 2021, 400)
    for month in range(1, 13):
        name = category_series_name("skadegorelse")
        statistic(cast, "bra", name, 2023, 30, month=month, preliminary=True)


def dashboard_queries(user) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("goal-dashboard"), {"ar": 2023})
    assert response.status_code == 200
    return len(queries)


def add_goals(cast: Cast, n: int) -> None:
    for k in range(n):
        four_indicators(cast, Goal.objects.create(municipality=cast.municipality, title=f"Mål {k}"))


# The request's own (session, user, memberships: 3); the goals with their municipality, their
# indicators with category and area, the values, the subcategories (4); the official series (1);
# the rollup summed per year, category and area, the areas, the first month of reports (3); the
# preliminary Brå years (2: the years with a preliminary row, then those series folded).
COORDINATORS_QUERIES = 13
# A reader is asked once whether they are in a police organisation (who enters the figures).
READERS_QUERIES = COORDINATORS_QUERIES + 1


@pytest.mark.django_db
def test_the_dashboards_queries_do_not_grow_with_the_goals_and_indicators(
    cast: Cast, figures: None
) -> None:
    add_goals(cast, 2)
    few = {user: dashboard_queries(user) for user in (cast.cecilia, cast.rut)}
    add_goals(cast, 4)
    assert Indicator.objects.filter(goal__municipality=cast.municipality).count() == 24
    many = {user: dashboard_queries(user) for user in (cast.cecilia, cast.rut)}
    assert few == many == {cast.cecilia: COORDINATORS_QUERIES, cast.rut: READERS_QUERIES}


def first_month_reads(queries: CaptureQueriesContext) -> int:
    """How many of ``queries`` read the first month of counted reports (the rollup's minimum)."""
    minimum = f'MIN("{ReportCount._meta.db_table}"."month")'
    return sum(minimum in query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db
def test_a_page_of_goals_reads_when_reporting_began_once(cast: Cast, figures: None) -> None:
    # Three report counts, each of which needs the month reporting began (its part year, the
    # years counted as 0): the dashboard, the API and one indicator's page read it once each.
    add_goals(cast, 3)
    counts = list(Indicator.objects.filter(kind=Indicator.Kind.REPORT_COUNT))
    assert len(counts) == 3
    client = client_for(cast.rut)
    for url, params in (
        (reverse("goal-dashboard"), {"ar": 2023}),
        ("/api/v1/goals/", {"year": 2023}),
        (reverse("indicator-values", args=[counts[0].pk]), {}),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        assert first_month_reads(queries) == 1, url


def random_data(cast: Cast, rng: random.Random, this_year: int) -> None:
    """Reports in random categories, places and years (the running one too), Brå and Kolada
    figures (yearly, or twelve months some of them preliminary, or an incomplete year) over
    twenty years: more than some indicators read (the page reads the years of all at once)."""
    inner = Area.objects.create(
        municipality=cast.municipality,
        code="norr-inre",
        name="Norr inre",
        parent=cast.norr,
        geometry=square(13.0, 56.01, 0.004),
    )
    leaves = list(Category.objects.filter(parent__isnull=False).values_list("code", flat=True))
    places = [Cast.NORR_POINT, Cast.SODER_POINT, None, (56.012, 13.002)]
    for _ in range(30):
        when = datetime(
            rng.randint(this_year - 4, this_year), rng.randint(1, 12), 10, 12, tzinfo=STOCKHOLM
        )
        organisation = rng.choice([cast.bevakning, cast.polisen, cast.bostad])
        file_report(organisation, rng.choice(leaves), when, point=rng.choice(places))
    series = [("bra", category_series_name(c)) for c in ("skadegorelse", "narkotika")]
    series += [("kolada", KOLADA_SERIES), ("bra", KOLADA_SERIES), ("kolada", "U09400")]
    for source, name in series:
        for year in range(this_year - 20, this_year):
            shape = rng.choice(["year", "months", "some months", "none"])
            if shape == "year":
                statistic(
                    cast, source, name, year, rng.randint(0, 500), preliminary=rng.random() < 0.3
                )
            elif shape != "none":
                months = range(1, 13 if shape == "months" else rng.randint(2, 12))
                for month in months:
                    prel = rng.random() < 0.2
                    statistic(
                        cast, source, name, year, rng.randint(0, 60), month=month, preliminary=prel
                    )
    assert inner.parent_id == cast.norr.pk


def random_indicators(cast: Cast, rng: random.Random, this_year: int) -> None:
    categories = list(Category.objects.all())
    for g in range(3):
        goal = Goal.objects.create(municipality=cast.municipality, title=f"Mål {g}")
        for k in range(8):
            kind = rng.choice(Indicator.Kind.values)
            baseline_year = rng.choice(
                [None, this_year - 12, this_year - 6, this_year - 3, this_year - 1]
            )
            target_year = rng.choice([None, this_year + 2])
            indicator = Indicator.objects.create(
                goal=goal,
                name=f"Indikator {g}.{k}",
                kind=kind,
                direction=rng.choice([DECREASE, INCREASE]),
                category=rng.choice([None, *categories]),
                area=rng.choice([None, cast.norr, cast.soder, Area.objects.get(code="norr-inre")]),
                official_series=rng.choice(["", KOLADA_SERIES, "U09400", "saknas"]),
                baseline_year=baseline_year,
                baseline_value=rng.choice([None, 0.0, 10.0]) if baseline_year else 10.0,
                target_year=target_year,
                target_value=rng.choice([0.0, 5.0, 20.0]) if target_year else None,
            )
            for year in rng.sample(range(this_year - 7, this_year + 1), 4):
                IndicatorValue.objects.create(
                    indicator=indicator, year=year, value=rng.random() * 50
                )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_dashboards_statuses_are_those_of_each_indicator_on_random_data(
    cast: Cast, seed: int
) -> None:
    rng = random.Random(seed)
    this_year = timezone.localdate().year
    random_data(cast, rng, this_year)
    random_indicators(cast, rng, this_year)
    indicators = list(Indicator.objects.filter(goal__municipality=cast.municipality))
    for year in range(this_year - 5, this_year + 1):
        each = {i.pk: indicator_status(i, year) for i in indicators}
        rows = goal_rows(cast.municipality, year, viewer_for(cast.rut), charts=False)
        assert {r.indicator.pk: r.status for g in rows for r in g.indicators} == each
        # Without the dashboard's prefetching (more queries, the same figures).
        assert indicator_statuses(indicators, year) == each
        for indicator in indicators:
            series = indicator_series(indicator, _years_read(indicator, year))
            shown = each[indicator.pk].series
            if indicator.kind == Indicator.Kind.REPORT_COUNT:
                # The status also gives the years without reports (0); a sensitive category
                # counts nothing for every reader, the series without a viewer neither.
                shown = {y: n for y, n in shown.items() if n}
            assert shown == series

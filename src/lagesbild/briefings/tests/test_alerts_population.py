"""The weekly alerts judge the municipality's series per inhabitant when its population is known."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from lagesbild.briefings.alerts import (
    LEVEL_MUNICIPALITY,
    WeeklySeries,
    compute_alerts,
    weekly_population,
)
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.models import Population

CODE = "0999"
WEEKS = tuple(IsoWeek.containing(date(2019, 1, 7) + timedelta(weeks=k)) for k in range(6 * 52))


def _growing_town() -> WeeklySeries:
    """Five years at 100 000 inhabitants, 150 000 a year later; 50 reports per 100 000 a week."""
    for year in range(2018, 2024):
        Population.objects.create(municipality_code=CODE, year=year, population=100_000)
    Population.objects.create(municipality_code=CODE, year=2024, population=150_000)
    population = weekly_population(CODE, WEEKS)
    assert population is not None
    counts = np.round(50.0 * population / 100_000).reshape(1, 1, -1)
    return WeeklySeries(WEEKS, (), ("skadegorelse",), counts)


def _municipality_alert(series: WeeklySeries, population: np.ndarray | None):
    alerts = compute_alerts(
        series, {"skadegorelse": "Skadegörelse"}, "Exempelstad", WEEKS[-1], population=population
    )
    (alert,) = [a for a in alerts if a.level == LEVEL_MUNICIPALITY]
    return alert


@pytest.mark.django_db
def test_a_growing_population_at_a_constant_rate_raises_no_alarm() -> None:
    series = _growing_town()
    assert _municipality_alert(series, None).alarm  # as counts, growth looks like an outbreak
    rates = _municipality_alert(series, weekly_population(CODE, WEEKS))
    assert not rates.alarm
    assert rates.expected == pytest.approx(series.counts[0, 0, -1], rel=0.02)


@pytest.mark.django_db
def test_without_a_stored_population_the_series_are_judged_as_counts() -> None:
    assert weekly_population(CODE, WEEKS) is None
    Population.objects.create(municipality_code="0180", year=2023, population=990_000)
    assert weekly_population(CODE, WEEKS) is None

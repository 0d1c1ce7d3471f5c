"""The regional view: the municipalities a person holds a role in, side by side.

A county administrative board's or a police region's staff hold one membership in each
municipality they cover (docs/permissions.md, "Regional roles"), so a regional person is simply
one with roles in several municipalities. Each column is computed with the person's viewer
narrowed to that municipality, by the functions its own pages use: the cached week
(``briefings.caching.cached_week``: counts and alerts), the measure board's measures and the
official series. Rights stay per municipality, and no other municipality is ever asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from lagesbild.areas.models import Municipality
from lagesbild.briefings.alerts import Alert
from lagesbild.briefings.caching import cached_week
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.core.stats.change import rate_per_100k
from lagesbild.core.weekly import CountComparison
from lagesbild.core.weeks import IsoWeek, last_complete_week
from lagesbild.measures.access import visible_measures
from lagesbild.measures.models import Measure
from lagesbild.official.queries import (
    is_synthetic,
    population_series,
    preliminary_bra_years,
    statistic_series,
)
from lagesbild.organisations.access import Viewer, narrowed, viewer_municipalities

# How many of a municipality's alerts the column lists (the week page has them all).
SHOWN_ALERTS = 3


@dataclass(frozen=True)
class RegionalColumn:
    """One municipality as the viewer sees it there."""

    municipality: Municipality
    total: CountComparison
    sensitive_included: bool
    alerts: tuple[Alert, ...]
    open_measures: int
    overdue_measures: int
    bra_year: int
    bra_total: int | None
    population: int | None
    bra_rate: float | None
    bra_preliminary: bool  # Brå published the year's figures as preliminary (rule 11)
    synthetic: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (the API's answer)."""
        total = self.total
        return {
            "municipality": {"code": self.municipality.code, "name": self.municipality.name},
            "reports": {
                "count": total.count,
                "previous": total.previous,
                "change_previous": total.change_previous,
                "earlier_mean": total.earlier_mean,
                "change_earlier": total.change_earlier,
                "sensitive_included": self.sensitive_included,
            },
            "alerts": {
                "count": len(self.alerts),
                "shown": [
                    {
                        "category": a.category,
                        "category_label": a.category_label,
                        "district": a.district,
                        "district_name": a.district_name,
                        "observed": a.observed,
                        "expected": a.expected,
                        "sentence": a.sentence,
                    }
                    for a in self.alerts[:SHOWN_ALERTS]
                ],
            },
            "measures": {"open": self.open_measures, "overdue": self.overdue_measures},
            "bra": {
                "year": self.bra_year,
                "reported_crimes": self.bra_total,
                "population": self.population,
                "rate_per_100k": None if self.bra_rate is None else round(self.bra_rate, 1),
                "preliminary": self.bra_preliminary,
                "synthetic": self.synthetic,
            },
        }

    @property
    def shown_alerts(self) -> tuple[Alert, ...]:
        return self.alerts[:SHOWN_ALERTS]


@dataclass(frozen=True)
class RegionalView:
    week: IsoWeek
    bra_year: int
    columns: tuple[RegionalColumn, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": str(self.week),
            "bra_year": self.bra_year,
            "municipalities": [c.as_dict() for c in self.columns],
        }


def _bra_rate(code: str, year: int) -> tuple[int | None, int | None, float | None]:
    """Brå's reported crimes, the population and the rate per 100 000 in ``year``."""
    total = statistic_series(code, TOTAL_CRIME_TYPE, [year]).get(year)
    population = population_series(code, [year]).get(year)
    count = None if total is None else round(total)
    rate = None if count is None else rate_per_100k(count, population)
    return count, population, rate


def regional_column(
    viewer: Viewer, municipality: Municipality, week: IsoWeek, today: date
) -> RegionalColumn:
    """Compute one municipality's column with ``viewer``'s rights there only."""
    local = narrowed(viewer, municipality.pk)
    picture, analysis = cached_week(local, municipality, week)
    measures = visible_measures(local).filter(
        municipality=municipality, status__in=Measure.OPEN_STATUSES
    )
    year = today.year - 1
    count, population, rate = _bra_rate(municipality.code, year)
    return RegionalColumn(
        municipality=municipality,
        total=picture.total,
        sensitive_included=picture.sensitive_included,
        alerts=tuple(analysis.alerts),
        open_measures=measures.count(),
        overdue_measures=measures.filter(due_date__lt=today).count(),
        bra_year=year,
        bra_total=count,
        population=population,
        bra_rate=rate,
        bra_preliminary=year in preliminary_bra_years(municipality.code, [year]),
        synthetic=is_synthetic(municipality.code),
    )


def regional_view(viewer: Viewer, today: date) -> RegionalView:
    """Every municipality ``viewer`` holds a role in, side by side, for the last complete week."""
    week = last_complete_week(today)
    columns = tuple(
        regional_column(viewer, municipality, week, today)
        for municipality in viewer_municipalities(viewer)
    )
    return RegionalView(week=week, bra_year=today.year - 1, columns=columns)

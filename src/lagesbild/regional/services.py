"""The regional view: the municipalities a person holds a role in, side by side.

A county administrative board's or a police region's staff hold one membership in each
municipality they cover (docs/permissions.md, "Regional roles"), so a regional person is simply
one with roles in several municipalities. Each column is computed with the person's viewer
narrowed to that municipality, by the functions its own pages use: the cached week
(``briefings.caching.cached_week``: counts and alerts), the measure board's measures and the
official series. Rights stay per municipality, and no other municipality is ever asked for.

A column says no more than the week page does (docs/statistics.md, "The public page and the
regional view"): a week before the municipality's first reporting week has no count ("–", the
JSON's ``null``), not 0, and the column names when reporting began; a week whose series had too
short a history for any alarm threshold has no alert count ("–", ``alerts.judged: false``), not
"0 alerts".
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
from lagesbild.core.weekly import PERCENT_MIN_COUNT, CountComparison
from lagesbild.core.weeks import IsoWeek, last_complete_week, parse_iso_week
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
    week: IsoWeek
    total: CountComparison
    sensitive_included: bool
    first_week: IsoWeek | None  # the first week with a counted report the viewer sees there
    alerts: tuple[Alert, ...]
    judged: bool  # some series had the history for an alarm threshold (else no "0 alerts")
    open_measures: int
    overdue_measures: int
    bra_year: int
    bra_total: int | None
    population: int | None
    bra_rate: float | None
    bra_preliminary: bool  # Brå published the year's figures as preliminary (rule 11)
    synthetic: bool

    @property
    def reporting_began(self) -> bool:
        """Whether reporting had begun by the week: before it, 0 reports is no figure."""
        return self.first_week is not None and self.week >= self.first_week

    @property
    def began_this_week(self) -> bool:
        """Whether the week is the first reporting week (which may have begun mid-week)."""
        return self.first_week == self.week

    @property
    def began_lately(self) -> IsoWeek | None:
        """The first reporting week when it explains a missing or partial figure: it is this week,
        last week or later."""
        if self.first_week is not None and self.first_week >= self.week.previous():
            return self.first_week
        return None

    @property
    def count(self) -> int | None:
        """The week's count, or None before reporting began."""
        return self.total.count if self.reporting_began else None

    @property
    def previous(self) -> int | None:
        """Last week's count, or None when last week came before reporting began."""
        began = self.first_week is not None and self.week.previous() >= self.first_week
        return self.total.previous if began else None

    @property
    def alert_count(self) -> int | None:
        """How many alerts, or None when no series had the history to be judged."""
        return len(self.alerts) if self.judged else None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (the API's answer)."""
        total = self.total
        return {
            "municipality": {"code": self.municipality.code, "name": self.municipality.name},
            "reports": {
                "count": self.count,
                "previous": self.previous,
                "first_week": None if self.first_week is None else str(self.first_week),
                "change_previous": total.change_previous,
                "earlier_mean": total.earlier_mean,
                "change_earlier": total.change_earlier,
                "sensitive_included": self.sensitive_included,
            },
            "alerts": {
                "count": self.alert_count,
                "judged": self.judged,
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

    @property
    def percent_min(self) -> int:
        """The reports both weeks need for a change in per cent (the week page's rule)."""
        return PERCENT_MIN_COUNT

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
        week=week,
        total=picture.total,
        sensitive_included=picture.sensitive_included,
        first_week=parse_iso_week(picture.first_week) if picture.first_week else None,
        alerts=tuple(analysis.alerts),
        judged=analysis.judged,
        open_measures=measures.count(),
        overdue_measures=measures.overdue(today).count(),
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

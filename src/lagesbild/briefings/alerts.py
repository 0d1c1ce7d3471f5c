"""Weekly alerts: is this week's count unusually high, given earlier weeks and years?

Counts come from ONE query of the counted-report rollup (``reports.rollup``, already bucketed by
ISO week in local time) over up to five years and three weeks (what Farrington-flexible with
b = 5, w = 3 reads), summed per district × category × week with numpy, and the surveillance core
(``core.stats.surveillance.weekly_alert``) judges each series: Farrington-flexible with three or
more years of history, EARS C1 before that. Farrington runs with the settings the simulation study
chose (``WEEKLY_SETTINGS``: ten seasonal periods, the last 26 weeks left out, negative-binomial
threshold; docs/statistics.md) and with reference weeks anchored on the calendar (the series'
first Monday is passed as ``start``), so "the same week" in earlier years does not drift.
Where the municipality's population is known (SCB, 31 December of each year), the municipality's
series are judged as rates: the population of every week, interpolated between year-ends
(``core.stats.surveillance.population_per_week``), enters Farrington as an offset, so a growing
town does not raise alarms for its growth. Districts have no population figures; their series are
judged as counts.

Three levels, because district counts are small (METHODS.md: municipality × category first, then
district with pooled categories), plus district × category for the larger districts:

* ``municipality``: the whole municipality, one series per top-level category;
* ``district``: one district, all categories pooled;
* ``district_category``: one district × one top-level category.

Significance: α = 0.01 one-sided. A week tests about 120 series (10 districts × 10 categories,
10 districts pooled, 10 municipality categories); at α = 0.05 a quiet week would still raise about
six false alarms, at 0.01 about one, before the minimum-count rule (5 reports in the last 4
weeks) removes most of those in the small series. The meeting should be able to trust an alarm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.core.stats.surveillance import (
    AlertResult,
    explain_sv,
    population_per_week,
    weekly_alert,
)
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.queries import population_series
from lagesbild.reports.rollup import first_week

ALPHA = 0.01
MIN_COUNT = 5
MIN_COUNT_WEEKS = 4
# Farrington-flexible reads back to the week nearest the same date five years earlier (at most
# 261 weeks back, since five years are at most 1 827 days) minus w = 3 weeks.
HISTORY_WEEKS = 5 * 52 + 1 + 3
# Rollup rows read at a time while summing a series (server-side cursor on PostgreSQL).
SERIES_CHUNK = 2000

LEVEL_MUNICIPALITY = "municipality"
LEVEL_DISTRICT = "district"
LEVEL_DISTRICT_CATEGORY = "district_category"
_LEVEL_ORDER = {LEVEL_MUNICIPALITY: 0, LEVEL_DISTRICT: 1, LEVEL_DISTRICT_CATEGORY: 2}
POOLED_LABEL = gettext_noop("alla kategorier")


@dataclass(frozen=True)
class Alert:
    """The verdict on one series this week; only ``alarm`` ones are shown as alerts."""

    level: str
    district: str | None
    district_name: str | None
    category: str | None
    category_label: str | None
    observed: int
    expected: float | None
    upper: float | None
    score: float | None
    alarm: bool
    method: str
    reason: str
    sentence: str

    @property
    def alarm_level(self) -> int | None:
        """Smallest whole count that raises an alarm (what the sentence calls "larmgräns")."""
        return None if self.upper is None else math.floor(self.upper) + 1


@dataclass(frozen=True)
class WeeklySeries:
    """Weekly counts per district × top-level category, oldest week first, last = examined week.

    ``counts`` has shape (districts + 1, categories, weeks); the extra last row holds reports
    in no district (no point and no area), which count for the municipality only.
    """

    weeks: tuple[IsoWeek, ...]
    districts: tuple[Area, ...]
    categories: tuple[str, ...]
    counts: np.ndarray

    @property
    def t0(self) -> int:
        return len(self.weeks) - 1


def _first_week(counts: QuerySet, week: IsoWeek) -> IsoWeek:
    """First week of the series: where reporting began, at most HISTORY_WEEKS back.

    Weeks before the first report would be zeros that drag every expectation down.
    """
    earliest_allowed = IsoWeek.containing(week.monday - timedelta(weeks=HISTORY_WEEKS))
    first = first_week(counts)
    if first is None:
        return week
    return max(earliest_allowed, min(week, first))


def _weeks_between(first: IsoWeek, last: IsoWeek) -> tuple[IsoWeek, ...]:
    n = (last.monday - first.monday).days // 7
    return tuple(IsoWeek.containing(first.monday + timedelta(weeks=k)) for k in range(n + 1))


def weekly_series(
    counts: QuerySet, week: IsoWeek, district_of: dict[int, Area], tz: ZoneInfo
) -> WeeklySeries:
    """Sum ``counts`` (rollup cells) per district × top-level category × ISO week, one query.

    The database sums per area × top-level category × week, and the rows are read a chunk at a
    time into the array: memory holds the array, not the history's cells (docs/performance.md).
    """
    weeks = _weeks_between(_first_week(counts, week), week)
    rows = (
        counts.filter(week__gte=weeks[0].monday, week__lte=week.monday)
        .annotate(top_id=Coalesce("category__parent_id", "category_id"))
        .values_list("week", "area_id", "top_id")
        .annotate(n=Sum("reports"))
        .order_by()
    )
    districts = tuple(
        sorted(
            {a for a in district_of.values() if a.kind == Area.Kind.DISTRICT}, key=lambda a: a.name
        )
    )
    # In the categories' default ordering (the order of the rows on the page).
    taxonomy = list(Category.objects.select_related("parent"))
    categories = tuple(c.code for c in taxonomy if c.parent_id is None)
    c_pos = {code: i for i, code in enumerate(categories)}
    top_of = {c.pk: c_pos[c.top_level.code] for c in taxonomy}
    d_pos = {a.pk: i for i, a in enumerate(districts)}
    row_of = {area_id: d_pos.get(d.pk, len(districts)) for area_id, d in district_of.items()}
    w_pos = {w.monday: i for i, w in enumerate(weeks)}
    counts_array = np.zeros((len(districts) + 1, len(categories), len(weeks)))
    for monday, area_id, top_id, n in rows.iterator(chunk_size=SERIES_CHUNK):
        counts_array[row_of.get(area_id, len(districts)), top_of[top_id], w_pos[monday]] += n
    return WeeklySeries(weeks, districts, categories, counts_array)


def weekly_population(municipality_code: str, weeks: tuple[IsoWeek, ...]) -> np.ndarray | None:
    """The municipality's population in every week of a series, or None when none is stored.

    Interpolated between the populations on 31 December around the series (one query); beyond
    the last known year-end the last figure holds.
    """
    years = range(weeks[0].monday.year - 1, weeks[-1].monday.year + 1)
    return population_per_week(
        population_series(municipality_code, years), [w.monday for w in weeks]
    )


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _alert(
    result: AlertResult,
    level: str,
    district: Area | None,
    place: str,
    category: str | None,
    label: str | None,
    week: IsoWeek,
) -> Alert:
    return Alert(
        level=level,
        district=district.code if district else None,
        district_name=district.name if district else None,
        category=category,
        category_label=label,
        observed=int(result.observed),
        expected=_finite(result.expected),
        upper=_finite(result.upper),
        score=_finite(result.score),
        alarm=result.alarm,
        method=result.method,
        reason=result.reason,
        sentence=explain_sv(result, place, label or gettext(POOLED_LABEL), week=week.week),
    )


def _judge(
    series: np.ndarray, t0: int, start: date, population: np.ndarray | None = None
) -> AlertResult:
    return weekly_alert(
        series,
        t0,
        ALPHA,
        min_count=MIN_COUNT,
        min_count_weeks=MIN_COUNT_WEEKS,
        start=start,
        population=population,
    )


def compute_alerts(
    series: WeeklySeries,
    labels: dict[str, str],
    municipality_name: str,
    week: IsoWeek,
    *,
    population: np.ndarray | None = None,
) -> tuple[Alert, ...]:
    """Judge every series at the three levels; ``labels`` holds the categories the viewer may see.

    ``population`` (:func:`weekly_population`) turns the municipality's series into rates.
    Returns every result, alarms first (municipality, district, district × category; higher
    score first), so that the quiet series stay available for transparency.
    """
    t0 = series.t0
    start = series.weeks[0].monday
    shown = [(i, c) for i, c in enumerate(series.categories) if c in labels]
    results = [
        _alert(
            _judge(series.counts[:, i].sum(axis=0), t0, start, population),
            LEVEL_MUNICIPALITY,
            None,
            municipality_name,
            c,
            labels[c],
            week,
        )
        for i, c in shown
    ]
    for k, district in enumerate(series.districts):
        results.append(
            _alert(
                _judge(series.counts[k].sum(axis=0), t0, start),
                LEVEL_DISTRICT,
                district,
                district.name,
                None,
                None,
                week,
            )
        )
        results.extend(
            _alert(
                _judge(series.counts[k, i], t0, start),
                LEVEL_DISTRICT_CATEGORY,
                district,
                district.name,
                c,
                labels[c],
                week,
            )
            for i, c in shown
        )
    return tuple(sorted(results, key=_alert_order))


def _alert_order(alert: Alert) -> tuple:
    return (
        not alert.alarm,
        _LEVEL_ORDER[alert.level],
        -(alert.score or 0.0),
        alert.district_name or "",
        alert.category or "",
    )

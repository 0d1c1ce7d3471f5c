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

import base64
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.core.stats.surveillance import (
    REASON_INSUFFICIENT_HISTORY,
    WEEKLY_SETTINGS,
    AlertResult,
    Prediction,
    alarm_level,
    explain_sv,
    population_per_week,
    weekly_alert,
    weekly_prediction,
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
        return None if self.upper is None else alarm_level(self.upper)


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


@dataclass(frozen=True)
class History:
    """A series' counts before its last week, as a stored baseline keeps them (JSON)."""

    first: date
    districts: tuple[str, ...]  # codes, in the series' order
    categories: tuple[str, ...]
    counts: np.ndarray

    @classmethod
    def of(cls, series: WeeklySeries) -> History:
        return cls(
            series.weeks[0].monday,
            tuple(d.code for d in series.districts),
            series.categories,
            series.counts[:, :, :-1],
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "first": self.first.isoformat(),
            "districts": list(self.districts),
            "categories": list(self.categories),
            "shape": list(self.counts.shape),
            "counts": base64.b64encode(self.counts.astype("<i4").tobytes()).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> History:
        counts = np.frombuffer(base64.b64decode(data["counts"]), dtype="<i4")
        return cls(
            date.fromisoformat(data["first"]),
            tuple(data["districts"]),
            tuple(data["categories"]),
            counts.reshape(data["shape"]).astype(float),
        )

    def precedes(
        self, weeks: tuple[IsoWeek, ...], districts: tuple[Area, ...], categories: tuple[str, ...]
    ) -> bool:
        """Whether these are the counts of a series of ``weeks`` but the last."""
        return (
            self.first == weeks[0].monday
            and self.counts.shape[2] == len(weeks) - 1 > 0
            and self.districts == tuple(d.code for d in districts)
            and self.categories == categories
        )


def weekly_series(
    counts: QuerySet,
    week: IsoWeek,
    district_of: dict[int, Area],
    tz: ZoneInfo,
    *,
    known: History | None = None,
) -> WeeklySeries:
    """Sum ``counts`` (rollup cells) per district × top-level category × ISO week, one query.

    The database sums per area × top-level category × week, and the rows are read a chunk at a
    time into the array: memory holds the array, not the history's cells (docs/performance.md).
    With ``known``, the history of this very series (a stored baseline), only ``week`` is read.
    """
    weeks = _weeks_between(_first_week(counts, week), week)
    districts = tuple(
        sorted(
            {a for a in district_of.values() if a.kind == Area.Kind.DISTRICT}, key=lambda a: a.name
        )
    )
    # In the categories' default ordering (the order of the rows on the page).
    taxonomy = list(Category.objects.select_related("parent"))
    categories = tuple(c.code for c in taxonomy if c.parent_id is None)
    if known is not None and not known.precedes(weeks, districts, categories):
        known = None
    read_weeks = weeks if known is None else weeks[-1:]
    rows = (
        counts.filter(week__gte=read_weeks[0].monday, week__lte=week.monday)
        .annotate(top_id=Coalesce("category__parent_id", "category_id"))
        .values_list("week", "area_id", "top_id")
        .annotate(n=Sum("reports"))
        .order_by()
    )
    c_pos = {code: i for i, code in enumerate(categories)}
    top_of = {c.pk: c_pos[c.top_level.code] for c in taxonomy}
    d_pos = {a.pk: i for i, a in enumerate(districts)}
    row_of = {area_id: d_pos.get(d.pk, len(districts)) for area_id, d in district_of.items()}
    w_pos = {w.monday: i for i, w in enumerate(read_weeks)}
    read = np.zeros((len(districts) + 1, len(categories), len(read_weeks)))
    for monday, area_id, top_id, n in rows.iterator(chunk_size=SERIES_CHUNK):
        read[row_of.get(area_id, len(districts)), top_of[top_id], w_pos[monday]] += n
    if known is not None:
        read = np.concatenate([known.counts, read], axis=2)
    return WeeklySeries(weeks, districts, categories, read)


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


@dataclass(frozen=True)
class _Judged:
    """One series that is judged: its level, place, category and weekly values."""

    level: str
    district: Area | None
    category: str | None
    values: np.ndarray
    population: np.ndarray | None

    @property
    def key(self) -> str:
        """Names the series among a week's (the key of its stored prediction)."""
        return f"{self.level}/{self.district.code if self.district else ''}/{self.category or ''}"


def _judged(
    series: WeeklySeries, categories: Iterable[str], population: np.ndarray | None
) -> list[_Judged]:
    """The series judged at the three levels, for the top-level ``categories`` shown."""
    wanted = set(categories)
    shown = [(i, c) for i, c in enumerate(series.categories) if c in wanted]
    counts = series.counts
    judged = [
        _Judged(LEVEL_MUNICIPALITY, None, c, counts[:, i].sum(axis=0), population) for i, c in shown
    ]
    for k, district in enumerate(series.districts):
        judged.append(_Judged(LEVEL_DISTRICT, district, None, counts[k].sum(axis=0), None))
        judged.extend(
            _Judged(LEVEL_DISTRICT_CATEGORY, district, c, counts[k, i], None) for i, c in shown
        )
    return judged


def series_predictions(
    series: WeeklySeries, categories: Iterable[str], population: np.ndarray | None = None
) -> dict[str, Prediction | None]:
    """The Farrington fit of every series :func:`compute_alerts` judges, by its key.

    A fit reads only the weeks before the week examined: stored, it judges the week again
    when a late report changes the week's own count (``briefings.judging``).
    """
    start = series.weeks[0].monday
    return {
        s.key: weekly_prediction(
            s.values, series.t0, start=start, settings=WEEKLY_SETTINGS, population=s.population
        )
        for s in _judged(series, categories, population)
    }


def compute_alerts(
    series: WeeklySeries,
    labels: dict[str, str],
    municipality_name: str,
    week: IsoWeek,
    *,
    population: np.ndarray | None = None,
    predictions: Mapping[str, Prediction | None] | None = None,
) -> tuple[Alert, ...]:
    """Judge every series at the three levels; ``labels`` holds the categories the viewer may see.

    ``population`` (:func:`weekly_population`) turns the municipality's series into rates;
    ``predictions`` (:func:`series_predictions` of the same series, or of one that agrees
    before its last week) spares the fits. Returns every result, alarms first (municipality,
    district, district × category; higher score first), so that the quiet series stay
    available for transparency.
    """
    start = series.weeks[0].monday
    results = []
    for s in _judged(series, labels, population):
        result = weekly_alert(
            s.values,
            series.t0,
            ALPHA,
            min_count=MIN_COUNT,
            min_count_weeks=MIN_COUNT_WEEKS,
            start=start,
            settings=WEEKLY_SETTINGS,
            population=s.population,
            prediction=(predictions or {}).get(s.key),
        )
        place = s.district.name if s.district else municipality_name
        label = labels[s.category] if s.category else None
        results.append(_alert(result, s.level, s.district, place, s.category, label, week))
    return tuple(sorted(results, key=_alert_order))


def any_judged(checked: Iterable[Alert]) -> bool:
    """Whether any series had the history for an alarm threshold: without one, a week with no
    alarm is not judged quiet ("Historiken är för kort", ``briefings.notes.no_alarm_note``)."""
    return any(a.method != REASON_INSUFFICIENT_HISTORY for a in checked)


def _alert_order(alert: Alert) -> tuple:
    return (
        not alert.alarm,
        _LEVEL_ORDER[alert.level],
        -(alert.score or 0.0),
        alert.district_name or "",
        alert.category or "",
    )

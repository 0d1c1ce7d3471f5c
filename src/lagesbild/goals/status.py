"""Whether an indicator of the collaboration agreement is on track in a year.

The rule, also in docs/architecture.md:

- **series** (year → value) by the indicator's kind: *entered* and *survey* read
  ``IndicatorValue``; *official* reads the goal's municipality's yearly ``OfficialStatistic`` rows
  labelled ``official_series`` (without a label: Brå's count for ``category``), read through
  ``lagesbild.official.queries``; *report_count* counts partner reports in ``category`` (with
  its subcategories) and ``area`` (with the areas inside it) by the year they started, in local
  time, as the viewer may see them (from the rollup of counted reports, ``reports.rollup``);
- **baseline** is ``baseline_value``, else the series' value in ``baseline_year``;
- **status** for a year:
  ``no_data`` without a value for that year or without a baseline;
  ``too_early`` when the year is not after the baseline year;
  with baseline year, target and target year, the value is compared with the straight path from
  baseline to target (the target itself from the target year on): at least as good as the path in
  the indicator's direction is ``on_track``, else ``off_track``;
  otherwise ``on_track`` means better than the baseline in the indicator's direction (equal is
  no progress, so ``off_track``).

This is a descriptive follow-up, not a test: counts also move by chance from year to year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy

from lagesbild.areas.models import Area
from lagesbild.goals.models import Indicator
from lagesbild.official import queries as official
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import Viewer
from lagesbild.reports.rollup import visible_counts

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
TOO_EARLY = "too_early"
NO_DATA = "no_data"

#: Years of history an indicator's series shows before the asked year (or its baseline year).
HISTORY_YEARS = 10

STATUS_LABELS = {
    ON_TRACK: gettext_lazy("I fas"),
    OFF_TRACK: gettext_lazy("Inte i fas"),
    TOO_EARLY: gettext_lazy("För tidigt att säga"),
    NO_DATA: gettext_lazy("Underlag saknas"),
}


@dataclass(frozen=True)
class IndicatorStatus:
    status: str
    year: int
    latest: float | None
    baseline: float | None
    target: float | None
    expected: float | None
    target_reached: bool | None
    series: dict[int, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def indicator_series(
    indicator: Indicator, years: range, viewer: Viewer | None = None
) -> dict[int, float]:
    """Return the indicator's values per year in ``years`` from the source its kind names."""
    if indicator.kind == Indicator.Kind.OFFICIAL:
        series = _official_series(indicator, years)
    elif indicator.kind == Indicator.Kind.REPORT_COUNT:
        series = _report_count_series(indicator, viewer)
    else:
        series = {v.year: v.value for v in indicator.values.all()}
    return {y: v for y, v in sorted(series.items()) if y in years}


def _official_series(indicator: Indicator, years: range) -> dict[int, float]:
    code = indicator.goal.municipality.code
    if not indicator.official_series:
        if indicator.category is None:
            return {}
        counts = official.category_series(code, indicator.category.code, years)
        return {y: float(n) for y, n in counts.items()}
    # The label says which series; the source does not matter (Brå and Kolada labels differ).
    for source in OfficialStatistic.Source.values:
        series = official.statistic_series(code, indicator.official_series, years, source)
        if series:
            return series
    return {}


def _area_ids(indicator: Indicator) -> list[int]:
    ids, frontier = [indicator.area_id], [indicator.area_id]
    while frontier:
        frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def _report_count_series(indicator: Indicator, viewer: Viewer | None) -> dict[int, float]:
    from lagesbild.reports.models import ReportCount

    counts: QuerySet = (
        visible_counts(viewer) if viewer is not None else ReportCount.objects.all()
    ).filter(municipality_id=indicator.goal.municipality_id)
    if indicator.category_id:
        category = indicator.category
        counts = counts.filter(category__in=[category, *category.children.all()])
    if indicator.area_id:
        counts = counts.filter(area_id__in=_area_ids(indicator))
    # The rollup's month is the local month a report started in, so its year is the local year.
    rows = counts.annotate(y=ExtractYear("month")).values("y").annotate(n=Sum("reports")).order_by()
    return {row["y"]: float(row["n"]) for row in rows}


def _baseline(indicator: Indicator, series: dict[int, float]) -> float | None:
    if indicator.baseline_value is not None:
        return indicator.baseline_value
    return series.get(indicator.baseline_year) if indicator.baseline_year else None


def _expected(indicator: Indicator, baseline: float, year: int) -> float | None:
    b0, t0, target = indicator.baseline_year, indicator.target_year, indicator.target_value
    if b0 is None or t0 is None or target is None or t0 <= b0:
        return None
    if year >= t0:
        return target
    return baseline + (target - baseline) * (year - b0) / (t0 - b0)


def _at_least_as_good(value: float, reference: float, direction: str) -> bool:
    return value <= reference if direction == Indicator.Direction.DECREASE else value >= reference


def _better(value: float, reference: float, direction: str) -> bool:
    return value < reference if direction == Indicator.Direction.DECREASE else value > reference


def _status(
    indicator: Indicator,
    year: int,
    latest: float | None,
    baseline: float | None,
    expected: float | None,
) -> str:
    if latest is None or baseline is None:
        return NO_DATA
    if indicator.baseline_year is not None and year <= indicator.baseline_year:
        return TOO_EARLY
    if expected is not None:
        return ON_TRACK if _at_least_as_good(latest, expected, indicator.direction) else OFF_TRACK
    return ON_TRACK if _better(latest, baseline, indicator.direction) else OFF_TRACK


def indicator_status(
    indicator: Indicator, year: int, *, viewer: Viewer | None = None
) -> IndicatorStatus:
    """Return how ``indicator`` stands in ``year`` (report counts as ``viewer`` may see them)."""
    first = min(year, indicator.baseline_year or year) - HISTORY_YEARS
    series = indicator_series(indicator, range(first, year + 1), viewer)
    latest = series.get(year)
    baseline = _baseline(indicator, series)
    expected = _expected(indicator, baseline, year) if baseline is not None else None
    target = indicator.target_value
    reached = None
    if latest is not None and target is not None:
        reached = _at_least_as_good(latest, target, indicator.direction)
    return IndicatorStatus(
        status=_status(indicator, year, latest, baseline, expected),
        year=year,
        latest=latest,
        baseline=baseline,
        target=target,
        expected=expected,
        target_reached=reached,
        series=series,
    )

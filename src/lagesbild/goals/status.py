"""Whether an indicator of the collaboration agreement is on track in a year.

The rule, also in docs/statistics.md ("The agreement's goals"):

- **series** (year → value) by the indicator's kind: *entered* and *survey* read
  ``IndicatorValue``; *official* reads the goal's municipality's yearly ``OfficialStatistic`` rows
  labelled ``official_series`` (without a label: Brå's count for ``category``), read through
  ``lagesbild.official.queries``; *report_count* counts partner reports in ``category`` (with
  its subcategories) and ``area`` (with the areas inside it) by the year they started, in local
  time, from the rollup of counted reports (``reports.rollup``). Everyone in the municipality
  reads the goals, so a report count leaves every sensitive category out for every reader
  (``partnership_viewer``): all see the same figure. A year from the municipality's first month
  of counted reports up to this year without reports is 0; a year before it has no value;
- **baseline** is ``baseline_value``, else the series' value in ``baseline_year``;
- values, baseline, target and the planned path are compared as the page prints them
  (``PRINTED_DECIMALS``, ``core.narrative.format_figure``), so a status never contradicts the
  figures beside it;
- **status** for a year:
  ``no_data`` without a value for that year or without a baseline;
  ``too_early`` when the year is not after the baseline year, or when it is a report count's
  year still running (its count is partial; no target is said to be reached);
  ``on_track`` when lower is better and the value stays at the floor of 0;
  with baseline year, target and target year, the value is compared with the straight path from
  baseline to target (the target itself from the target year on): at least as good as the path in
  the indicator's direction is ``on_track``, else ``off_track``;
  otherwise ``on_track`` means better than the baseline in the indicator's direction (equal is
  no progress, so ``off_track``);
- a Brå figure stored as preliminary is flagged (``preliminary``, rule 11 of docs/statistics.md).

This is a descriptive follow-up, not a test: counts also move by chance from year to year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lagesbild.areas.services import area_and_inner_ids
from lagesbild.goals.models import Indicator
from lagesbild.official import queries as official
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import Viewer, partnership_viewer
from lagesbild.reports.rollup import visible_counts

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
TOO_EARLY = "too_early"
NO_DATA = "no_data"

#: Years of history an indicator's series shows before the asked year (or its baseline year).
HISTORY_YEARS = 10

#: Decimals a figure is printed with (``format_figure``: whole numbers, else one decimal); the
#: status is decided on the figures rounded to them.
PRINTED_DECIMALS = 1

STATUS_LABELS = {
    ON_TRACK: gettext_lazy("I fas"),
    OFF_TRACK: gettext_lazy("Inte i fas"),
    TOO_EARLY: gettext_lazy("För tidigt att säga"),
    NO_DATA: gettext_lazy("Underlag saknas"),
}
RUNNING_YEAR_LABEL = gettext_lazy("För tidigt att säga (året pågår)")


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
    #: A report count of the year still running: its count is partial.
    year_running: bool = False
    #: The year's figure is preliminary (Brå).
    preliminary: bool = False
    #: Lower is better and the value stayed at 0, as low as it goes.
    at_floor: bool = False
    #: The first month of the municipality's counted reports (report counts only).
    reporting_began: date | None = None

    @property
    def label(self) -> str:
        if self.year_running and self.status == TOO_EARLY:
            return str(RUNNING_YEAR_LABEL)
        return str(STATUS_LABELS[self.status])


def indicator_series(
    indicator: Indicator, years: range, viewer: Viewer | None = None
) -> dict[int, float]:
    """Return the indicator's values per year in ``years`` from the source its kind names
    (report counts as ``viewer`` may see them, as every reader does without one: a target set
    from them must not rest on sensitive reports the goal's readers never see; years with
    reports only)."""
    if indicator.kind == Indicator.Kind.OFFICIAL:
        series = _official_series(indicator, years)[0]
    elif indicator.kind == Indicator.Kind.REPORT_COUNT:
        series = _report_count_series(indicator, viewer)
    else:
        series = {v.year: v.value for v in indicator.values.all()}
    return {y: v for y, v in sorted(series.items()) if y in years}


def _official_series(indicator: Indicator, years: range) -> tuple[dict[int, float], str]:
    """Return the series and the source it was read from."""
    code, bra = indicator.goal.municipality.code, OfficialStatistic.Source.BRA
    if not indicator.official_series:
        if indicator.category is None:
            return {}, bra
        counts = official.category_series(code, indicator.category.code, years)
        return {y: float(n) for y, n in counts.items()}, bra
    # The label says which series; the source does not matter (Brå and Kolada labels differ).
    for source in OfficialStatistic.Source.values:
        series = official.statistic_series(code, indicator.official_series, years, source)
        if series:
            return series, source
    return {}, bra


def _is_preliminary(indicator: Indicator, year: int) -> bool:
    """Whether Brå published the year's figures as preliminary (rule 11 of docs/statistics.md)."""
    return year in official.preliminary_bra_years(indicator.goal.municipality.code, [year])


def _report_count_series(indicator: Indicator, viewer: Viewer | None) -> dict[int, float]:

    reader = viewer if viewer is not None else every_readers_viewer(indicator)
    counts: QuerySet = visible_counts(reader).filter(municipality_id=indicator.goal.municipality_id)
    if indicator.category_id:
        category = indicator.category
        counts = counts.filter(category__in=[category, *category.children.all()])
    if indicator.area_id:
        counts = counts.filter(area_id__in=area_and_inner_ids(indicator.area_id))
    # The rollup's month is the local month a report started in, so its year is the local year.
    rows = counts.annotate(y=ExtractYear("month")).values("y").annotate(n=Sum("reports")).order_by()
    return {row["y"]: float(row["n"]) for row in rows}


def every_readers_viewer(indicator: Indicator) -> Viewer:
    """The viewer report counts are read as: every member of the municipality reads the goals,
    so the count holds no sensitive category, and everyone sees the same figure."""
    return partnership_viewer(indicator.goal.municipality_id, "mål")


def reporting_began(indicator: Indicator) -> date | None:
    """The first month with a counted report every reader may see in the municipality."""
    counts = visible_counts(every_readers_viewer(indicator))
    return counts.aggregate(first=Min("month"))["first"]


def _with_zero_years(
    series: dict[int, float], years: range, began: date | None, today: date
) -> dict[int, float]:
    """Give each year from the first reporting year up to this year a value: no reports is 0."""
    if began is None:
        return series
    counted = range(max(years.start, began.year), min(years.stop, today.year + 1))
    return dict(sorted(({y: 0.0 for y in counted} | series).items()))


def _printed(value: float) -> float:
    return round(value, PRINTED_DECIMALS)


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
    value, reference = _printed(value), _printed(reference)
    return value <= reference if direction == Indicator.Direction.DECREASE else value >= reference


def _better(value: float, reference: float, direction: str) -> bool:
    value, reference = _printed(value), _printed(reference)
    return value < reference if direction == Indicator.Direction.DECREASE else value > reference


def _at_floor(indicator: Indicator, latest: float | None, baseline: float | None) -> bool:
    """Lower is better and the value stays at 0: it cannot do better, so it is on track."""
    if indicator.direction != Indicator.Direction.DECREASE or latest is None or baseline is None:
        return False
    return _printed(latest) == 0 and _printed(baseline) == 0


def _status(
    indicator: Indicator,
    year: int,
    latest: float | None,
    baseline: float | None,
    expected: float | None,
    year_running: bool,
) -> str:
    if latest is None or baseline is None:
        return NO_DATA
    not_after_base = indicator.baseline_year is not None and year <= indicator.baseline_year
    if not_after_base or year_running:
        return TOO_EARLY
    if _at_floor(indicator, latest, baseline):
        return ON_TRACK
    if expected is not None:
        return ON_TRACK if _at_least_as_good(latest, expected, indicator.direction) else OFF_TRACK
    return ON_TRACK if _better(latest, baseline, indicator.direction) else OFF_TRACK


@dataclass(frozen=True)
class _ReadSeries:
    """An indicator's series as every reader sees it, and where it came from."""

    series: dict[int, float]
    from_bra: bool = False
    reporting_began: date | None = None


def _read_series(indicator: Indicator, years: range, today: date) -> _ReadSeries:
    if indicator.kind == Indicator.Kind.OFFICIAL:
        series, source = _official_series(indicator, years)
        return _ReadSeries(series, from_bra=source == OfficialStatistic.Source.BRA)
    if indicator.kind != Indicator.Kind.REPORT_COUNT:
        return _ReadSeries(indicator_series(indicator, years))
    began = reporting_began(indicator)
    if indicator.category is not None and indicator.category.sensitive:
        return _ReadSeries({}, reporting_began=began)  # nothing in it is counted for every reader
    series = indicator_series(indicator, years)
    return _ReadSeries(_with_zero_years(series, years, began, today), reporting_began=began)


def indicator_status(
    indicator: Indicator, year: int, *, viewer: Viewer | None = None
) -> IndicatorStatus:
    """Return how ``indicator`` stands in ``year``.

    The figures are the same for every reader (report counts without sensitive categories);
    ``viewer`` is accepted for the callers that still pass it and changes nothing.
    """
    today = timezone.localdate()
    first = min(year, indicator.baseline_year or year) - HISTORY_YEARS
    read = _read_series(indicator, range(first, year + 1), today)
    series, latest = read.series, read.series.get(year)
    baseline = _baseline(indicator, series)
    expected = _expected(indicator, baseline, year) if baseline is not None else None
    year_running = indicator.kind == Indicator.Kind.REPORT_COUNT and year == today.year
    target = indicator.target_value
    reached = None
    if latest is not None and target is not None and not year_running:
        reached = _at_least_as_good(latest, target, indicator.direction)
    status = _status(indicator, year, latest, baseline, expected, year_running)
    return IndicatorStatus(
        status=status,
        year=year,
        latest=latest,
        baseline=baseline,
        target=target,
        expected=expected,
        target_reached=reached,
        series=series,
        year_running=year_running,
        preliminary=read.from_bra and latest is not None and _is_preliminary(indicator, year),
        at_floor=status == ON_TRACK and _at_floor(indicator, latest, baseline),
        reporting_began=read.reporting_began,
    )

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
  the indicator's direction is ``on_track``, else ``off_track`` (``comparison`` ``path``: the
  plan the partners agreed, compared as printed, without a test; for counts the test below is
  made all the same and its ``p_value`` given, so the page can say whether the change from the
  baseline is beyond chance, though it does not decide the status);
  otherwise, for **counts of events** (a report count; an official series read from Brå, whose
  value is the count of reported crimes, its rate being a column of its own), the year's count
  is tested against the baseline by the narrative's two-year test (rule 9 of
  docs/statistics.md): the E-test, widened to the quasi-Poisson test when the series' other
  years vary beyond chance (``core.narrative.comparison_fit``, ``comparison_test``; a part year
  of reporting is left out of that fit). ``p`` ≥ ``SIGNIFICANCE_LEVEL`` is ``no_clear_change``
  ("Ingen säker förändring": neither on nor off track, 101 → 100 reports is chance); a
  significant change is ``on_track`` in the indicator's direction, else ``off_track``
  (``comparison`` ``test``, with ``p_value`` and the ``dispersion`` used). A base year or a year
  that reporting began during is compared per day (the days it covers, from the day counting
  began to 31 December or to today while it runs, as the E-test's exposure and the plan's
  scale; which year that is and its days, ``part_year`` alone decides). A baseline entered by
  hand is tested as one year's count (the cautious side were it a mean);
  otherwise (entered and survey values, a Kolada KPI: rates, shares, indices whose chance
  variation is not known) ``on_track`` means better than the baseline in the indicator's
  direction as printed (equal is no progress, so ``off_track``; ``comparison`` ``plain``), and
  the page says no test was made;
- a Brå figure stored as preliminary is flagged (``preliminary``, rule 11 of docs/statistics.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Min, Prefetch, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lagesbild.areas.models import Municipality
from lagesbild.areas.services import area_and_inner_ids, inner_areas_by_area
from lagesbild.core.narrative import SIGNIFICANCE_LEVEL, comparison_fit, comparison_test
from lagesbild.core.stats.etest import QUASI_POISSON_TEST, e_test
from lagesbild.goals.models import Goal, Indicator
from lagesbild.official import queries as official
from lagesbild.official.importing import category_series_name
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import Viewer, partnership_viewer
from lagesbild.reports.rollup import visible_counts

ON_TRACK = "on_track"
OFF_TRACK = "off_track"
NO_CLEAR_CHANGE = "no_clear_change"
TOO_EARLY = "too_early"
NO_DATA = "no_data"
#: Every status, in the order summaries count them.
STATUSES = (ON_TRACK, OFF_TRACK, NO_CLEAR_CHANGE, TOO_EARLY, NO_DATA)

#: How a status was decided (``IndicatorStatus.comparison``): the counts tested against the
#: baseline, the value compared with the planned path, or compared with the baseline as printed
#: without a test (no noise model is known for the values).
TESTED, PATH, PLAIN = "test", "path", "plain"

#: Years of history an indicator's series shows before the asked year (or its baseline year).
HISTORY_YEARS = 10

#: Decimals a figure is printed with (``format_figure``: whole numbers, else one decimal); the
#: status is decided on the figures rounded to them.
PRINTED_DECIMALS = 1

STATUS_LABELS = {
    ON_TRACK: gettext_lazy("I fas"),
    OFF_TRACK: gettext_lazy("Inte i fas"),
    NO_CLEAR_CHANGE: gettext_lazy("Ingen säker förändring"),
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
    #: The path's whole-year value when ``expected`` is for the months of a part year.
    expected_whole_year: float | None = None
    series: dict[int, float] = field(default_factory=dict)
    #: A report count of the year still running: its count is partial.
    year_running: bool = False
    #: The year's figure is preliminary (Brå).
    preliminary: bool = False
    #: Lower is better and the value stayed at 0, as low as it goes.
    at_floor: bool = False
    #: The day counting began in the municipality (report counts only, ``_reporting_began_in``).
    reporting_began: date | None = None
    #: The year reporting began during, after January, with the days it covers (``part_year``).
    part_year: PartYear | None = None
    #: How the status was decided: ``TESTED``, ``PATH``, ``PLAIN``; "" when nothing was compared
    #: (no data, too early, the floor of 0).
    comparison: str = ""
    #: The test of the year's count against the baseline (counts only, with or without a
    #: path): its p-value, and the dispersion φ it was widened by (None: the exact E-test).
    p_value: float | None = None
    dispersion: float | None = None
    #: The tested change is a fall (None: no test), so a sentence can say which way it went.
    tested_fall: bool | None = None
    #: The days of the base year and of the year that the test compared per day (reporting
    #: began during that year).
    base_days: int | None = None
    year_days: int | None = None

    @property
    def label(self) -> str:
        if self.year_running and self.status == TOO_EARLY:
            return str(RUNNING_YEAR_LABEL)
        return str(STATUS_LABELS[self.status])

    def how_decided(self) -> dict[str, Any]:
        """How the status was decided, as the API and ``--json`` give it."""
        return {
            "comparison": self.comparison or None,
            "p_value": self.p_value,
            "dispersion": self.dispersion,
            "tested_fall": self.tested_fall,
        }


def indicator_series(
    indicator: Indicator, years: range, viewer: Viewer | None = None
) -> dict[int, float]:
    """Return the indicator's values per year in ``years`` from the source its kind names
    (report counts as ``viewer`` may see them, as every reader does without one: a target set
    from them must not rest on sensitive reports the goal's readers never see; years with
    reports only)."""
    if indicator.kind == Indicator.Kind.OFFICIAL:
        series = _official_series(indicator, years, _stored_series)[0]
    elif indicator.kind == Indicator.Kind.REPORT_COUNT:
        series = _report_count_series(indicator, viewer)
    else:
        series = _entered_series(indicator)
    return _in_years(series, years)


def _in_years(series: dict[int, float], years: range) -> dict[int, float]:
    return {y: v for y, v in sorted(series.items()) if y in years}


def _entered_series(indicator: Indicator) -> dict[int, float]:
    # ``all()``: a page that prefetched the values reads none here.
    return {v.year: v.value for v in indicator.values.all()}


#: Reads a stored official series: (municipality code, source, series, years) → {year: value}.
SeriesLookup = Callable[[str, str, str, range], dict[int, float]]


def _stored_series(code: str, source: str, series: str, years: range) -> dict[int, float]:
    return official.statistic_series(code, series, years, source)


def _official_series(
    indicator: Indicator, years: range, lookup: SeriesLookup
) -> tuple[dict[int, float], str]:
    """Return the series and the source it was read from."""
    code, bra = indicator.goal.municipality.code, OfficialStatistic.Source.BRA
    if not indicator.official_series:
        if indicator.category is None:
            return {}, bra
        name = category_series_name(indicator.category.code)
        # Counts of reported crimes, whole as ``official.category_series`` gives them.
        return {y: float(round(n)) for y, n in lookup(code, bra, name, years).items()}, bra
    # The label says which series; the source does not matter (Brå and Kolada labels differ).
    for source in OfficialStatistic.Source.values:
        series = lookup(code, source, indicator.official_series, years)
        if series:
            return series, source
    return {}, bra


def _is_preliminary(municipality_code: str, year: int) -> bool:
    """Whether Brå published the year's figures as preliminary (rule 11 of docs/statistics.md)."""
    return year in official.preliminary_bra_years(municipality_code, [year])


def _counted_cells(
    indicator: Indicator, inner_areas: Callable[[int], Iterable[int]]
) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """The categories and areas of the rollup a report count sums (None: all of them): the
    category with its subcategories, the area with the areas inside it."""
    categories = areas = None
    category = indicator.category
    if category is not None:
        # ``all()``: a page that prefetched the subcategories reads none here.
        categories = frozenset({category.pk, *(c.pk for c in category.children.all())})
    if indicator.area_id:
        areas = frozenset(inner_areas(indicator.area_id))
    return categories, areas


def _report_count_series(indicator: Indicator, viewer: Viewer | None) -> dict[int, float]:
    reader = viewer if viewer is not None else every_readers_viewer(indicator)
    counts: QuerySet = visible_counts(reader).filter(municipality_id=indicator.goal.municipality_id)
    categories, areas = _counted_cells(indicator, area_and_inner_ids)
    if categories is not None:
        counts = counts.filter(category_id__in=categories)
    if areas is not None:
        counts = counts.filter(area_id__in=areas)
    return {row["y"]: float(row["n"]) for row in _per_year(counts)}


def _per_year(counts: QuerySet, *fields: str) -> QuerySet:
    """Sum the cells' reports per year and ``fields``. The rollup's month is the local month a
    report started in, so its year is the local year."""
    return (
        counts.annotate(y=ExtractYear("month"))
        .values("y", *fields)
        .annotate(n=Sum("reports"))
        .order_by()
    )


def every_readers_viewer(indicator: Indicator) -> Viewer:
    """The viewer report counts are read as: every member of the municipality reads the goals,
    so the count holds no sensitive category, and everyone sees the same figure."""
    return _every_reader(indicator.goal.municipality_id)


def _every_reader(municipality_id: int) -> Viewer:
    return partnership_viewer(municipality_id, "mål")


def reporting_began(indicator: Indicator) -> date | None:
    """The day counting began in the municipality, for every reader (``_reporting_began_in``)."""
    return _reporting_began_in(indicator.goal.municipality_id)


def _reporting_began_in(municipality_id: int) -> date | None:
    """The day counting began: the Monday of the first week with a counted report every reader
    may see (the rollup's stored weeks, ``reports.rollup.first_week``), or the first of its month
    when that week began in the month before. The rollup keeps weeks and months, not days, so
    this is the week reporting began in, as the week page names it, read in one query."""
    counts = visible_counts(_every_reader(municipality_id))
    first = counts.aggregate(week=Min("week"), month=Min("month"))
    if first["month"] is None:
        return None
    return max(first["week"], first["month"])


@dataclass(frozen=True)
class PartYear:
    """The year reporting began during, after January: its count covers only the days from
    ``first_day`` to ``last_day`` (31 December, or the day the figures were read while the year
    runs), so it is compared per day, not as a year: 13 reports in the 22 days from 16 November
    to 7 December are a pace of 216 a year, not of 78 as two whole months made them."""

    year: int
    first_day: date
    last_day: date

    @property
    def first_month(self) -> int:
        return self.first_day.month

    @property
    def days(self) -> int:
        """The days covered, both ends counted."""
        return (self.last_day - self.first_day).days + 1

    @property
    def share(self) -> float:
        """The covered days' share of the year's days."""
        return self.days / ((date(self.year, 12, 31) - date(self.year, 1, 1)).days + 1)


def part_year(began: date | None, today: date) -> PartYear | None:
    """The part year of reporting that began on ``began`` (None: reporting began in a January,
    which is taken for the whole year, or not at all), read on ``today``. The one place that
    decides which year is partial and how many days it covers: the plan, the status's test, the
    card's notes and the chart's text ask it."""
    if began is None or began.month == 1:
        return None
    last = min(date(began.year, 12, 31), max(today, began))
    return PartYear(began.year, began, last)


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


def plan_start(indicator: Indicator, part: PartYear | None, baseline: float) -> float:
    """Where the plan's line starts: the baseline, a part base year's count made a whole year's
    (its daily pace × the year's days), since its days cannot be set against a year's target."""
    if part and indicator.baseline_value is None and indicator.baseline_year == part.year:
        return baseline / part.share
    return baseline


def plan_baseline(indicator: Indicator, today: date) -> tuple[float, bool] | None:
    """The baseline the plan's line starts from as every reader's figures give it now
    (``plan_start``), and whether it was made a whole year's from a part base year; None
    without a baseline. The indicator need not be saved: the goal form checks a target by it."""
    year = indicator.baseline_year or today.year
    read = _read_series(indicator, _years_read(indicator, year), today, _Reads())
    baseline = _baseline(indicator, read.series)
    if baseline is None:
        return None
    part = part_year(read.reporting_began, today) if read.counts else None
    start = plan_start(indicator, part, baseline)
    return start, start != baseline


def target_contradicts(direction: str, target: float, baseline: float) -> bool:
    """Whether a target lies on the wrong side of the baseline for the indicator's direction,
    as the two are printed (equal is keeping the level, which a plan may ask)."""
    return _better(baseline, target, direction)


def _planned(
    indicator: Indicator, part: PartYear | None, year: int, baseline: float
) -> tuple[float | None, float | None]:
    """The planned path's value for the counts ``year`` holds, and the whole year's value when
    the two differ. A part year of reporting is planned per day at both ends: a base year's
    count is made a year's (``plan_start``) before the line is drawn, and a followed-up year's
    value is the covered days' share of the line's (12 reports in 16 November–31 December had
    been "I fas" against a whole year's 55; the 46 days' share is 6,9)."""
    whole = _expected(indicator, plan_start(indicator, part, baseline), year)
    if whole is None or part is None or year != part.year:
        return whole, None
    return whole * part.share, whole


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


@dataclass(frozen=True)
class _CountTest:
    """The year's count tested against the baseline's (``_count_test``)."""

    p_value: float
    #: φ the test was widened by; None for the exact E-test.
    dispersion: float | None
    #: The year's count is lower than the baseline's, on the whole counts the test compares
    #: (per month when either covers part of a year): the direction of a significant change.
    lower: bool
    #: The days of the base year and of the year counted, when reporting began during it.
    base_days: int | None
    year_days: int | None


def _is_count(value: float) -> bool:
    return value >= 0 and float(value).is_integer()


def _count_test(
    indicator: Indicator,
    read: _ReadSeries,
    part: PartYear | None,
    year: int,
    latest: float,
    baseline: float,
) -> _CountTest | None:
    """Test the year's count against the baseline as the narrative compares two years: the
    E-test, widened by the dispersion of the series' other years (``comparison_fit``,
    ``comparison_test``). None when the values are not counts (entered, survey, a Kolada KPI).

    A year reporting began during is compared per day (its days as exposure): its count is
    not a whole year's. A baseline entered by hand is tested as one year's count: were it a
    mean of several years, the test is wider than it need be, the cautious side."""
    if not read.counts or not _is_count(latest) or baseline < 0:
        return None
    base, count = math.floor(baseline + 0.5), round(latest)
    base_share = year_share = 1.0
    base_days = year_days = None
    if part is not None:
        if indicator.baseline_value is None and indicator.baseline_year == part.year:
            base_days, base_share = part.days, part.share
        if year == part.year:
            year_days, year_share = part.days, part.share
    # The dispersion of whole years only: a part year's low count is no chance variation.
    counts = {
        y: round(v)
        for y, v in read.series.items()
        if y <= year and (part is None or y != part.year)
    }
    counts[year] = count
    n1, n2 = base_share, year_share
    test = comparison_test(e_test(base, count, n1, n2), comparison_fit(counts, year))
    return _CountTest(
        p_value=test.p_value,
        dispersion=test.dispersion if test.method == QUASI_POISSON_TEST else None,
        lower=count / n2 < base / n1,
        base_days=base_days,
        year_days=year_days,
    )


def _status(
    indicator: Indicator,
    year: int,
    latest: float | None,
    baseline: float | None,
    expected: float | None,
    year_running: bool,
    test: Callable[[float, float], _CountTest | None] = lambda latest, baseline: None,
) -> tuple[str, str, _CountTest | None]:
    """Return (status, how it was decided, the count test when one was made)."""
    if latest is None or baseline is None:
        return NO_DATA, "", None
    not_after_base = indicator.baseline_year is not None and year <= indicator.baseline_year
    if not_after_base or year_running:
        return TOO_EARLY, "", None
    if _at_floor(indicator, latest, baseline):
        return ON_TRACK, "", None
    tested = test(latest, baseline)
    if expected is not None:
        # The partners' plan decides; the test only says whether the change from the baseline
        # is beyond chance, beside it.
        good = _at_least_as_good(latest, expected, indicator.direction)
        return (ON_TRACK if good else OFF_TRACK), PATH, tested
    if tested is None:
        good = _better(latest, baseline, indicator.direction)
        return (ON_TRACK if good else OFF_TRACK), PLAIN, None
    if tested.p_value >= SIGNIFICANCE_LEVEL:
        return NO_CLEAR_CHANGE, TESTED, tested
    wanted = tested.lower == (indicator.direction == Indicator.Direction.DECREASE)
    return (ON_TRACK if wanted else OFF_TRACK), TESTED, tested


class _Reads:
    """Where the figures of an indicator's status are read: here one indicator at a time, each
    with queries of its own (a page about one indicator). ``_PageReads`` reads a whole page's at
    once. The rules that choose and combine the figures are the functions above and below, so
    both give the same statuses."""

    def series(self, code: str, source: str, series: str, years: range) -> dict[int, float]:
        return _stored_series(code, source, series, years)

    def preliminary(self, municipality_code: str, year: int) -> bool:
        return _is_preliminary(municipality_code, year)

    def report_counts(self, indicator: Indicator) -> dict[int, float]:
        return _report_count_series(indicator, None)

    def reporting_began(self, municipality_id: int) -> date | None:
        return _reporting_began_in(municipality_id)


class _PageReads(_Reads):
    """The figures of many indicators in a fixed number of queries, however many there are: the
    official series they name in one, each municipality's rollup (as every reader sees it) summed
    per year, category and area in one, its areas in one, the day its reporting began in one, and
    its preliminary Brå years once. The indicators' goals (with municipality), categories (with
    subcategories) and values are expected prefetched (``dashboard.goal_rows``)."""

    def __init__(self, indicators: Sequence[Indicator], years: range) -> None:
        official_ones = [i for i in indicators if i.kind == Indicator.Kind.OFFICIAL]
        counted = {
            i.goal.municipality_id for i in indicators if i.kind == Indicator.Kind.REPORT_COUNT
        }
        self._series = self._read_official(official_ones, years) if official_ones else {}
        self._cells = {m: self._read_cells(m) for m in counted}
        self._inner = {m: inner_areas_by_area(m) for m in counted}
        self._began = {m: _reporting_began_in(m) for m in counted}
        self._preliminary: dict[tuple[str, int], bool] = {}

    @staticmethod
    def _read_official(
        indicators: list[Indicator], years: range
    ) -> dict[tuple[str, str, str], dict[int, float]]:
        names = {i.official_series for i in indicators if i.official_series}
        names |= {
            category_series_name(i.category.code)
            for i in indicators
            if not i.official_series and i.category is not None
        }
        codes = {i.goal.municipality.code for i in indicators}
        return official.statistic_series_of_many(codes, names, years)

    @staticmethod
    def _read_cells(municipality_id: int) -> list[tuple[int, int, int | None, int]]:
        counts = visible_counts(_every_reader(municipality_id))
        rows = _per_year(counts, "category_id", "area_id")
        return [(r["y"], r["category_id"], r["area_id"], r["n"]) for r in rows]

    def series(self, code: str, source: str, series: str, years: range) -> dict[int, float]:
        found = self._series.get((code, source, series), {})
        return {year: value for year, value in found.items() if year in years}

    def preliminary(self, municipality_code: str, year: int) -> bool:
        key = (municipality_code, year)
        if key not in self._preliminary:
            self._preliminary[key] = _is_preliminary(municipality_code, year)
        return self._preliminary[key]

    def report_counts(self, indicator: Indicator) -> dict[int, float]:
        municipality_id = indicator.goal.municipality_id
        inner = self._inner[municipality_id]
        categories, areas = _counted_cells(indicator, lambda pk: inner.get(pk, {pk}))
        per_year: dict[int, int] = {}
        for year, category_id, area_id, n in self._cells[municipality_id]:
            if (categories is None or category_id in categories) and (
                areas is None or area_id in areas
            ):
                per_year[year] = per_year.get(year, 0) + n
        return {year: float(n) for year, n in per_year.items()}

    def reporting_began(self, municipality_id: int) -> date | None:
        return self._began[municipality_id]


@dataclass(frozen=True)
class _ReadSeries:
    """An indicator's series as every reader sees it, and where it came from."""

    series: dict[int, float]
    from_bra: bool = False
    reporting_began: date | None = None
    #: The values are yearly counts of events (reports, Brå's reported crimes), whose chance
    #: variation the E-test knows.
    counts: bool = False


def _read_series(indicator: Indicator, years: range, today: date, reads: _Reads) -> _ReadSeries:
    if indicator.kind == Indicator.Kind.OFFICIAL:
        series, source = _official_series(indicator, years, reads.series)
        from_bra = source == OfficialStatistic.Source.BRA
        # Brå's value is the count of reported crimes (its rate is a column of its own); a
        # Kolada KPI is a rate, a share or an index: no count whose chance variation is known.
        counts = from_bra and all(_is_count(v) for v in series.values())
        return _ReadSeries(series, from_bra=from_bra, counts=counts)
    if indicator.kind != Indicator.Kind.REPORT_COUNT:
        return _ReadSeries(_in_years(_entered_series(indicator), years))
    began = reads.reporting_began(indicator.goal.municipality_id)
    if indicator.category is not None and indicator.category.sensitive:
        return _ReadSeries({}, reporting_began=began)  # nothing in it is counted for every reader
    series = _in_years(reads.report_counts(indicator), years)
    series = _with_zero_years(series, years, began, today)
    return _ReadSeries(series, reporting_began=began, counts=True)


def _years_read(indicator: Indicator, year: int) -> range:
    """The years a status reads: the history before the year, or before its baseline year."""
    first = min(year, indicator.baseline_year or year) - HISTORY_YEARS
    return range(first, year + 1)


def indicator_status(indicator: Indicator, year: int) -> IndicatorStatus:
    """Return how ``indicator`` stands in ``year``: the figures are the same for every reader
    (report counts without sensitive categories)."""
    return _status_read(indicator, year, timezone.localdate(), _Reads())


def goals_with_indicators(municipality: Municipality) -> list[Goal]:
    """The municipality's goals with their municipality and their indicators with what
    ``indicator_statuses`` reads of them: the category's subcategories (the count's cells, the
    sensitive ones left out), the area and the entered values."""
    indicators = Indicator.objects.select_related("category", "area").prefetch_related(
        "values", "category__children"
    )
    goals = Goal.objects.filter(municipality=municipality).select_related("municipality")
    return list(goals.prefetch_related(Prefetch("indicators", queryset=indicators)))


def indicator_statuses(indicators: Sequence[Indicator], year: int) -> dict[int, IndicatorStatus]:
    """Return {indicator id: its ``indicator_status`` in ``year``} for many indicators, read in
    a number of queries that does not grow with them (``_PageReads``)."""
    if not indicators:
        return {}
    today = timezone.localdate()
    first = min(_years_read(i, year).start for i in indicators)
    reads = _PageReads(indicators, range(first, year + 1))
    return {i.pk: _status_read(i, year, today, reads) for i in indicators}


def _status_read(indicator: Indicator, year: int, today: date, reads: _Reads) -> IndicatorStatus:
    read = _read_series(indicator, _years_read(indicator, year), today, reads)
    series, latest = read.series, read.series.get(year)
    baseline = _baseline(indicator, series)
    # Report counts only: reporting began during a year, Brå's counts are whole years.
    part = part_year(read.reporting_began, today) if read.counts else None
    expected, expected_whole_year = (
        _planned(indicator, part, year, baseline) if baseline is not None else (None, None)
    )
    year_running = indicator.kind == Indicator.Kind.REPORT_COUNT and year == today.year
    target = indicator.target_value
    reached = None
    # A count of part of a year says nothing of a year's target (rule 3's running year likewise).
    part_count = part is not None and part.year == year
    if latest is not None and target is not None and not year_running and not part_count:
        reached = _at_least_as_good(latest, target, indicator.direction)
    status, comparison, tested = _status(
        indicator,
        year,
        latest,
        baseline,
        expected,
        year_running,
        lambda latest, baseline: _count_test(indicator, read, part, year, latest, baseline),
    )
    code = indicator.goal.municipality.code
    return IndicatorStatus(
        status=status,
        year=year,
        latest=latest,
        baseline=baseline,
        target=target,
        expected=expected,
        expected_whole_year=expected_whole_year,
        target_reached=reached,
        series=series,
        year_running=year_running,
        preliminary=read.from_bra and latest is not None and reads.preliminary(code, year),
        at_floor=status == ON_TRACK and _at_floor(indicator, latest, baseline),
        reporting_began=read.reporting_began,
        part_year=part,
        comparison=comparison,
        p_value=tested.p_value if tested else None,
        dispersion=tested.dispersion if tested else None,
        tested_fall=tested.lower if tested else None,
        base_days=tested.base_days if tested else None,
        year_days=tested.year_days if tested else None,
    )

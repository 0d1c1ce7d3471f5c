"""Read official statistics and police events: yearly series, trends, event counts.

Brå figures are the only source of trends (police notices are press releases, not crime
statistics). A year's count is the stored yearly figure; when a year has no yearly row but all
twelve monthly rows, their sum is used (and marked preliminary if any month is).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Min, Q
from django.utils.translation import gettext, gettext_noop

from lagesbild.areas.models import Municipality
from lagesbild.categories.models import Category
from lagesbild.core.i18n import months_text, span_text
from lagesbild.core.narrative import Sentence, comparison_fit, comparison_test, describe_change
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.core.stats.change import Change, change_between, rate_per_100k
from lagesbild.core.stats.etest import ETestResult, e_test
from lagesbild.core.stats.trend import TrendResult, poisson_trend
from lagesbild.official.importing import category_series_name
from lagesbild.official.models import OfficialStatistic, PoliceEvent, Population
from lagesbild.official.municipalities import name_for_code, resolve

__all__ = [
    "BRA_SOURCE",
    "EVENT_GROUPINGS",
    "POLICE_SOURCE",
    "EventCounts",
    "QueryError",
    "TrendSummary",
    "TOTAL",
    "TOTAL_LABEL",
    "UNCATEGORISED",
    "YearFigure",
    "bra_counts_of_many",
    "bra_series_name",
    "category_series",
    "police_event_counts",
    "police_event_year",
    "population_series",
    "populations_of_many",
    "resolve_municipality",
    "statistic_series",
    "statistic_series_of_many",
    "trend_summaries",
    "trend_summary",
]

BRA_SOURCE = "Brå, anmälda brott"
POLICE_SOURCE = "Polismyndigheten (polisen.se, händelsenotiser)"
EVENT_GROUPINGS = ("type", "category", "month")
#: Key of events whose type has no category.
UNCATEGORISED = "utan_kategori"
#: The ``Population.source`` of made-up figures (the demo's Exempelstad): its pages say so.
SYNTHETIC = "syntetisk"

#: Key of Brå's count of every reported crime beside category codes ("Totalt antal brott", not a
#: sum of the categories), and the label every report, table and chart gives it.
TOTAL = "total"
TOTAL_LABEL = gettext_noop("Alla brott")

_STOCKHOLM = ZoneInfo("Europe/Stockholm")


def bra_series_name(key: str) -> str:
    """The stored Brå series of a category code, or of every crime for :data:`TOTAL`."""
    return TOTAL_CRIME_TYPE if key == TOTAL else category_series_name(key)


class QueryError(ValueError):
    """The question cannot be answered (unknown municipality or category, missing years)."""


def resolve_municipality(code_or_name: str) -> tuple[str, str]:
    """Return (code, name) for a municipality given by code or name, or raise QueryError.

    Sweden's 290 by code or any spelling; else one this installation holds (the demo's
    Exempelstad, 9999, has statistics of its own)."""
    found = resolve(code_or_name)
    if found is None:
        text = code_or_name.strip()
        held = Municipality.objects.filter(Q(code=text) | Q(name__iexact=text))
        found = held.values_list("code", "name").first()
    if found is None:
        raise QueryError(
            gettext("okänd kommun: %(value)r (ange kod, t.ex. 1283, eller namn)")
            % {"value": code_or_name}
        )
    return found


# --- Brå series ----------------------------------------------------------------------------------


def _yearly_figures(
    municipality_code: str, series: str, years: Iterable[int], source: str
) -> dict[int, tuple[float, bool]]:
    """Return {year: (value, preliminary)} from yearly rows or from twelve complete months."""
    wanted = set(years)
    rows = OfficialStatistic.objects.filter(
        source=source, municipality_code=municipality_code, series=series, year__in=wanted
    ).exclude(value__isnull=True)
    return _fold_years(rows.values_list("year", "month", "value", "preliminary"))


def _fold_years(
    rows: Iterable[tuple[int, int | None, float | None, bool]],
) -> dict[int, tuple[float, bool]]:
    """Fold (year, month, value, preliminary) rows of one series into yearly figures."""
    yearly: dict[int, tuple[float, bool]] = {}
    months: dict[int, dict[int, tuple[float, bool]]] = {}
    for year, month, value, preliminary in rows:
        if value is None:
            continue
        if month is None:
            yearly[year] = (value, preliminary)
        else:
            months.setdefault(year, {})[month] = (value, preliminary)
    for year, by_month in months.items():
        if year not in yearly and len(by_month) == 12:
            yearly[year] = (
                sum(value for value, _ in by_month.values()),
                any(preliminary for _, preliminary in by_month.values()),
            )
    return dict(sorted(yearly.items()))


def figures_of_many(
    municipality_codes: Iterable[str],
    series: Iterable[str],
    years: Iterable[int],
    source: str | None = None,
) -> dict[tuple[str, str, str], dict[int, tuple[float, bool]]]:
    """Return {(municipality, source, series): {year: (value, preliminary)}} in one query: the
    yearly figures ``_yearly_figures`` gives each (yearly rows, else twelve complete months), of
    ``source`` or of every source; gaps absent."""
    rows = OfficialStatistic.objects.filter(
        municipality_code__in=set(municipality_codes), series__in=set(series), year__in=set(years)
    )
    if source is not None:
        rows = rows.filter(source=source)
    fields = ("municipality_code", "source", "series", "year", "month", "value", "preliminary")
    values = rows.exclude(value__isnull=True).values_list(*fields)
    return _fold_by_key(
        ((code, origin, name), year, month, value, preliminary)
        for code, origin, name, year, month, value, preliminary in values
    )


def bra_counts_of_many(
    municipality_codes: Iterable[str], series: Iterable[str], years: Iterable[int]
) -> dict[tuple[str, str], dict[int, int]]:
    """Return {(municipality, series): {year: count}} of Brå series in one query: the yearly
    figures of ``category_series``, for many municipalities and series at once; gaps absent."""
    found = figures_of_many(municipality_codes, series, years, OfficialStatistic.Source.BRA)
    return {
        (code, name): {year: round(value) for year, (value, _) in figures.items()}
        for (code, _, name), figures in found.items()
    }


def _fold_by_key(
    rows: Iterable[tuple[Any, int, int | None, float | None, bool]],
) -> dict[Any, dict[int, tuple[float, bool]]]:
    """Fold (key, year, month, value, preliminary) rows into each key's yearly figures."""
    grouped: dict[Any, list[tuple[int, int | None, float | None, bool]]] = {}
    for key, year, month, value, preliminary in rows:
        grouped.setdefault(key, []).append((year, month, value, preliminary))
    return {key: _fold_years(found) for key, found in grouped.items()}


def populations_of_many(
    municipality_codes: Iterable[str], years: Iterable[int]
) -> dict[str, dict[int, int]]:
    """Return {municipality: {year: inhabitants}} (SCB) in one query; missing years absent."""
    rows = Population.objects.filter(
        municipality_code__in=set(municipality_codes), year__in=set(years)
    ).values_list("municipality_code", "year", "population")
    found: dict[str, dict[int, int]] = {}
    for code, year, population in rows.order_by("municipality_code", "year"):
        found.setdefault(code, {})[year] = population
    return found


def statistic_series(
    municipality_code: str, series: str, years: Iterable[int], source: str = "bra"
) -> dict[int, float]:
    """Return {year: value} of any stored series (a Brå crime-type path, a Kolada KPI id)."""
    figures = _yearly_figures(municipality_code, series, years, source)
    return {year: value for year, (value, _) in figures.items()}


def statistic_series_of_many(
    municipality_codes: Iterable[str], series: Iterable[str], years: Iterable[int]
) -> dict[tuple[str, str, str], dict[int, float]]:
    """Return {(municipality, source, series): {year: value}} of stored series of every source
    in one query: the figures ``statistic_series`` gives one of them; gaps absent."""
    found = figures_of_many(municipality_codes, series, years)
    return {
        key: {year: value for year, (value, _) in figures.items()} for key, figures in found.items()
    }


def category_series(
    municipality_code: str, category_code: str, years: Iterable[int]
) -> dict[int, int]:
    """Return {year: reported crimes} of a category in a municipality (Brå); gaps are absent."""
    figures = _yearly_figures(
        municipality_code, category_series_name(category_code), years, OfficialStatistic.Source.BRA
    )
    return {year: round(value) for year, (value, _) in figures.items()}


def preliminary_bra_years(municipality_code: str, years: Iterable[int]) -> frozenset[int]:
    """Return the years whose Brå figures, as the reports use them, are preliminary.

    Brå publishes a period's figures as preliminary or final for every crime type at once, so
    a year is named preliminary in every sentence on it (rule 11 of ``docs/statistics.md``). The
    flag is the one of the figure used: a yearly row's, else the twelve months' (``_fold_years``),
    so final yearly rows stored beside the preliminary months make a final year.
    """
    stored = OfficialStatistic.objects.filter(
        source=OfficialStatistic.Source.BRA,
        municipality_code=municipality_code,
        year__in=set(years),
        value__isnull=False,
    )
    # Most years are final: only series and years with a preliminary row are folded.
    flagged = set(stored.filter(preliminary=True).values_list("series", "year").distinct())
    if not flagged:
        return frozenset()
    rows = stored.filter(
        series__in={series for series, _ in flagged}, year__in={year for _, year in flagged}
    ).values_list("series", "year", "month", "value", "preliminary")
    return frozenset(
        year
        for figures in _fold_by_key(rows).values()
        for year, (_value, preliminary) in figures.items()
        if preliminary
    )


def is_synthetic(municipality_code: str) -> bool:
    """Tell whether the municipality's official figures are made up (the demo's)."""
    return Population.objects.filter(municipality_code=municipality_code, source=SYNTHETIC).exists()


def population_series(municipality_code: str, years: Iterable[int]) -> dict[int, int]:
    """Return {year: inhabitants on 31 December} (SCB); missing years absent."""
    rows = Population.objects.filter(municipality_code=municipality_code, year__in=set(years))
    return dict(sorted(rows.values_list("year", "population")))


# --- trend summary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigure:
    """One year of a category: the count, population and rate when known."""

    year: int
    count: int
    population: int | None
    rate_per_100k: float | None
    preliminary: bool


@dataclass(frozen=True)
class TrendSummary:
    """Everything the report says about one category in one municipality over a span of years."""

    municipality_code: str
    municipality_name: str
    category_code: str
    category_name_sv: str
    category_name_en: str
    first_year: int
    last_year: int
    years: tuple[YearFigure, ...]
    missing_years: tuple[int, ...]
    previous_year: Change | None
    base_year: Change
    five_years: Change | None
    trend: TrendResult
    etest: ETestResult
    sentence_sv: Sentence
    sentence_en: Sentence
    source: str = BRA_SOURCE

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data."""
        return asdict(self)


def trend_summary(
    municipality_code: str, category_code: str, first_year: int, last_year: int
) -> TrendSummary:
    """Compute counts, rates, changes, trend, E-test and sentences for a category and span.

    The sentence compares the last year with the first (the base year). The E-test compares
    the same two years, as rates when the population of both is known, else as counts; the trend
    is fitted over every year with data in the span, with population as offset when it is known
    for all of them.
    """
    if first_year >= last_year:
        # The command's --from/--to and the API's from/to: the message names neither spelling.
        raise QueryError(gettext("det första året måste ligga före det sista"))
    category = _category(category_code)
    span = _summary_span(first_year, last_year)
    figures = _yearly_figures(
        municipality_code, category_series_name(category_code), span, OfficialStatistic.Source.BRA
    )
    population = population_series(municipality_code, span)
    return _summary(municipality_code, category, first_year, last_year, figures, population)


def trend_summaries(
    municipality_code: str, categories: Iterable[Category], first_year: int, last_year: int
) -> list[TrendSummary]:
    """Return the ``trend_summary`` of each category with Brå figures for both years (none when
    the years are not in order), with the figures of all of them read in one query."""
    if first_year >= last_year:
        return []
    span = _summary_span(first_year, last_year)
    named = {category_series_name(category.code): category for category in categories}
    bra = OfficialStatistic.Source.BRA
    found = figures_of_many([municipality_code], named, span, bra)
    population = population_series(municipality_code, span)
    summaries = []
    for series, category in named.items():
        figures = found.get((municipality_code, bra, series), {})
        if first_year in figures and last_year in figures:
            summary = _summary(
                municipality_code, category, first_year, last_year, figures, population
            )
            summaries.append(summary)
    return summaries


def _summary_span(first_year: int, last_year: int) -> range:
    """The years a summary reads: from the base year, and at least the last five years."""
    return range(min(first_year, last_year - 5), last_year + 1)


def _summary(
    municipality_code: str,
    category: Category,
    first_year: int,
    last_year: int,
    figures: dict[int, tuple[float, bool]],
    population: dict[int, int],
) -> TrendSummary:
    name = name_for_code(municipality_code) or municipality_code
    counts = {year: round(value) for year, (value, _) in figures.items()}
    for year in (first_year, last_year):
        if year not in counts:
            raise QueryError(
                gettext("Brå-siffror saknas för %(category)s i %(name)s (%(code)s) år %(year)s")
                % {"category": category.code, "name": name, "code": municipality_code, "year": year}
            )
    in_span = {year: count for year, count in counts.items() if year >= first_year}
    base = change_between(counts, first_year, last_year, population)
    # Each fitted once: the table's figures and both languages' sentences share them.
    trend, dispersion = _trend(in_span, population), _dispersion(in_span, population)
    etest = _etest(base, population)
    preliminary = figures[last_year][1]

    def sentence(lang: str) -> Sentence:
        return _sentence(category, base, etest, trend, dispersion, in_span, preliminary, lang)

    return TrendSummary(
        municipality_code=municipality_code,
        municipality_name=name,
        category_code=category.code,
        category_name_sv=category.name_sv,
        category_name_en=category.name_en,
        first_year=first_year,
        last_year=last_year,
        years=tuple(
            YearFigure(
                year,
                count,
                population.get(year),
                rate_per_100k(count, population.get(year)),
                figures[year][1],
            )
            for year, count in in_span.items()
        ),
        missing_years=tuple(y for y in range(first_year, last_year + 1) if y not in counts),
        previous_year=_change(counts, last_year - 1, last_year, population),
        base_year=base,
        five_years=_change(counts, last_year - 5, last_year, population),
        trend=trend,
        # The test the sentence reports: widened by the other years' overdispersion.
        etest=comparison_test(etest, dispersion),
        sentence_sv=sentence("sv"),
        sentence_en=sentence("en"),
    )


def _category(code: str) -> Category:
    try:
        return Category.objects.get(code=code)
    except Category.DoesNotExist:
        known = ", ".join(Category.objects.values_list("code", flat=True))
        raise QueryError(
            gettext("okänd kategori %(code)r (finns: %(known)s)") % {"code": code, "known": known}
        ) from None


def _change(
    counts: dict[int, int], first: int, last: int, population: dict[int, int]
) -> Change | None:
    if first not in counts or last not in counts:
        return None
    return change_between(counts, first, last, population)


def _trend(counts: dict[int, int], population: dict[int, int]) -> TrendResult:
    complete = all(year in population for year in counts)
    return poisson_trend(counts, population if complete else None)


def _dispersion(counts: dict[int, int], population: dict[int, int]) -> TrendResult:
    # The last year's change must not widen its own test (rule 9): the other years' fit.
    complete = all(year in population for year in counts)
    return comparison_fit(counts, max(counts), population if complete else None)


def _etest(change: Change, population: dict[int, int]) -> ETestResult:
    before, after = population.get(change.from_period), population.get(change.to_period)
    if before is None or after is None:
        return e_test(change.from_value, change.to_value)
    return e_test(change.from_value, change.to_value, before, after)


def _sentence(
    category: Category,
    change: Change,
    etest: ETestResult,
    trend: TrendResult,
    dispersion: TrendResult,
    counts: dict[int, int],
    preliminary: bool,
    lang: str,
) -> Sentence:
    # The E-test is on rates when both populations are known; the sentence then says so.
    return describe_change(
        category.name_sv,
        change,
        etest,
        trend,
        lang,
        category_label_en=category.name_en,
        series=counts,
        preliminary=preliminary,
        dispersion_from=dispersion,
    )


# --- police events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventCounts:
    """Police event notices in a municipality, by event time, grouped one way."""

    municipality_code: str
    municipality_name: str
    start: date
    end: date
    by: str
    counts: tuple[tuple[str, int], ...]
    total: int
    excluded_summaries: int
    source: str = POLICE_SOURCE

    def as_dict(self) -> dict[str, Any]:
        """Return the counts as JSON-ready data."""
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["counts"] = dict(self.counts)
        return data


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    # Whole local days: from start 00:00 to the midnight after end, in Swedish time.
    return (
        datetime.combine(start, time(), _STOCKHOLM),
        datetime.combine(end + timedelta(days=1), time(), _STOCKHOLM),
    )


def police_event_counts(municipality_code: str, start: date, end: date, by: str) -> EventCounts:
    """Count police events in a municipality with event time in [start, end], roll-ups excluded.

    ``by`` is "type" (the API's type), "category" (the top-level category of the mapped type,
    ``utan_kategori`` when unmapped) or "month" (every month of the span, zeros included).
    Events without an event time in their title cannot be placed in time and are not counted.
    """
    if by not in EVENT_GROUPINGS:
        raise QueryError(
            gettext("%(value)r är ingen gruppering; välj en av %(choices)s")
            % {"value": by, "choices": ", ".join(EVENT_GROUPINGS)}
        )
    if end < start:
        raise QueryError(gettext("den sista dagen ligger före den första"))
    lower, upper = _local_bounds(start, end)
    in_span = PoliceEvent.objects.filter(
        municipality_code=municipality_code, event_time__gte=lower, event_time__lt=upper
    )
    events = in_span.filter(is_summary=False)
    counts = _group(events, by, start, end)
    return EventCounts(
        municipality_code=municipality_code,
        municipality_name=name_for_code(municipality_code) or municipality_code,
        start=start,
        end=end,
        by=by,
        counts=counts,
        total=sum(count for _, count in counts),
        excluded_summaries=in_span.filter(is_summary=True).count(),
    )


def _group(events: Any, by: str, start: date, end: date) -> tuple[tuple[str, int], ...]:
    if by == "type":
        counter = Counter(events.values_list("type", flat=True))
        return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
    if by == "category":
        counter = Counter(
            parent or own or UNCATEGORISED
            for own, parent in events.values_list("category__code", "category__parent__code")
        )
        return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
    # Months in Swedish local time, bucketed here so SQLite and PostgreSQL agree exactly.
    counter = Counter(
        moment.astimezone(_STOCKHOLM).strftime("%Y-%m")
        for moment in events.values_list("event_time", flat=True)
    )
    return tuple((month, counter.get(month, 0)) for month in _months(start, end))


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class EventRow:
    category: str
    category_label: str
    count: int
    previous: int


@dataclass(frozen=True)
class PoliceEventYear:
    """Police event notices (polisen.se) by category in a year and the year before.

    Press notices, not crime statistics. The one computation behind the yearly report and the
    statutory document: a category with events only the year before is a row too.
    """

    year: int
    total: int
    previous_total: int
    rows: tuple[EventRow, ...]
    excluded_summaries: int
    source: str = POLICE_SOURCE


def police_event_year(municipality_code: str, year: int) -> PoliceEventYear | None:
    """The year's police events per top-level category beside the year before; None if none."""
    now = police_event_counts(municipality_code, date(year, 1, 1), date(year, 12, 31), "category")
    before = police_event_counts(
        municipality_code, date(year - 1, 1, 1), date(year - 1, 12, 31), "category"
    )
    if not now.total and not before.total:
        return None
    labels = {c.code: c.name for c in Category.objects.all()} | {
        UNCATEGORISED: gettext("Utan kategori")
    }
    current, previous = dict(now.counts), dict(before.counts)
    keys = [k for k, _ in now.counts] + [k for k, _ in before.counts if k not in current]
    rows = tuple(EventRow(k, labels.get(k, k), current.get(k, 0), previous.get(k, 0)) for k in keys)
    return PoliceEventYear(year, now.total, before.total, rows, now.excluded_summaries)


@dataclass(frozen=True)
class StoredSpan:
    """The first and the last day of a source's stored records: what its counts can cover.

    polisen.se only serves its latest notices, so the stored ones begin when fetching began and
    end at the last fetch; a year outside that span is not a year without events.
    """

    first: date
    last: date

    def covers(self, year: int) -> bool:
        """Whether the stored records run over the whole of ``year``, January to December."""
        return (self.first.year, self.first.month) <= (year, 1) and (
            self.last.year,
            self.last.month,
        ) >= (year, 12)

    def within(self, year: int) -> tuple[date, date] | None:
        """The part of ``year`` the stored records span, or None when they miss it."""
        start, end = max(self.first, date(year, 1, 1)), min(self.last, date(year, 12, 31))
        return (start, end) if start <= end else None


@dataclass(frozen=True)
class YearColumns:
    """The year columns of a table of counts, decided as its sentence decides (rule 11): the
    year, named by the part it covers when that is not all of it, and the year before only
    where the two are compared. ``current`` is None when the records miss the year."""

    current: str | None
    previous: str | None


def police_columns(span: StoredSpan | None, year: int, lang: str | None = None) -> YearColumns:
    """The columns of a table of ``year``'s police notices beside the year before's."""
    if span is None or (span.covers(year) and span.covers(year - 1)):
        return YearColumns(str(year), str(year - 1))
    if span.covers(year):
        return YearColumns(str(year), None)
    part = span.within(year)
    return YearColumns(span_text(*part, lang) if part else None, None)


def police_event_span(municipality_code: str) -> StoredSpan | None:
    """The first and last local day with a stored police notice for the municipality (roll-ups
    included: they show when notices were fetched); None when none is stored."""
    span = PoliceEvent.objects.filter(
        municipality_code=municipality_code, event_time__isnull=False
    ).aggregate(first=Min("event_time"), last=Max("event_time"))
    if span["first"] is None:
        return None
    return StoredSpan(
        span["first"].astimezone(_STOCKHOLM).date(), span["last"].astimezone(_STOCKHOLM).date()
    )


@dataclass(frozen=True)
class BraYears:
    """The years a municipality's Brå figures cover.

    A whole year has a yearly figure: a yearly row, or all twelve months of a series (as
    ``official.queries`` folds them). A partial year has only some months (Brå's preliminary
    monthly figures of a running year); it is named with its months, never taken for a year.
    """

    whole: tuple[int, ...]
    partial: Mapping[int, tuple[int, int]] = field(default_factory=dict)  # first, last month

    def months(self, year: int) -> str | None:
        """A partial year's months as written ("januari–september"); None for other years."""
        if year not in self.partial:
            return None
        return months_text(*self.partial[year])


def bra_years(municipality_code: str) -> BraYears:
    """The municipality's whole and partial Brå years, oldest first."""
    per_series = (
        OfficialStatistic.objects.filter(
            source=OfficialStatistic.Source.BRA,
            municipality_code=municipality_code,
            value__isnull=False,
        )
        .values("series", "year")
        .annotate(
            yearly=Count("pk", filter=Q(month__isnull=True)),
            months=Count("month", distinct=True),
            first=Min("month"),
            last=Max("month"),
        )
    )
    whole: set[int] = set()
    partial: dict[int, tuple[int, int, int]] = {}  # year: (months, first, last), the fullest
    for row in per_series:
        if row["yearly"] or row["months"] == 12:
            whole.add(row["year"])
        else:
            partial[row["year"]] = max(
                partial.get(row["year"], (0, 0, 0)), (row["months"], row["first"], row["last"])
            )
    spans = {year: (first, last) for year, (_, first, last) in partial.items() if year not in whole}
    return BraYears(tuple(sorted(whole)), dict(sorted(spans.items())))

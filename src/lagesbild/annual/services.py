"""The yearly collaboration report (samverkansrapport): figures, tests and honest sentences.

Everything the page, the PDF, the JSON and the press release show comes from one
``AnnualReport``; none of them computes a figure of its own.

Rules (also in docs/architecture.md):

- the series runs over ten years ending in the report year; a category is reported when Brå has a
  count for it in the report year (``official.queries.category_series``, the importer's
  per-category aggregate); "all crimes" is Brå's "Totalt antal brott", not a sum of categories;
- changes are counted against the previous year and against a base year (default: five years
  back); the E-test compares the two counts of each change with equal exposure (one year each),
  because the sentence it qualifies is about counts;
- the trend is the quasi-Poisson log-linear trend over the counts of the ten years, as the
  sentences speak of "antalet" (the number), not of the rate;
- rates per 100 000 inhabitants wherever SCB's population is stored for the year;
- **similar municipalities**: every other municipality whose population in the report year is
  within ±25 % of this one's and which has a Brå count for the category that year, the
  ``MAX_PEERS`` closest in population; their rates are compared with this municipality's.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from lagesbild.annual import queries
from lagesbild.areas.models import Municipality
from lagesbild.categories.models import Category
from lagesbild.categories.sensitivity import SENSITIVE_REPORTS
from lagesbild.core.i18n import day_text
from lagesbild.core.narrative import (
    Claim,
    classify_change,
    comparison_test,
    format_count,
    whole_percent,
)
from lagesbild.core.stats.change import Change, rate_per_100k
from lagesbild.core.stats.etest import ETestResult
from lagesbild.core.stats.trend import TrendResult
from lagesbild.core.yearly import (
    BASE_YEARS_BACK,
    SERIES_YEARS,
    Statement,
    count_test,
    yearly_changes,
)
from lagesbild.goals.dashboard import base_year_note, comparison_text, year_note
from lagesbild.goals.models import Indicator, IndicatorValue
from lagesbild.goals.status import (
    STATUSES,
    IndicatorStatus,
    goals_with_indicators,
    indicator_statuses,
)
from lagesbild.measures.models import Measure
from lagesbild.official import queries as official
from lagesbild.official.queries import StoredSpan, police_event_span
from lagesbild.organisations.access import Viewer
from lagesbild.organisations.models import Membership, Organisation
from lagesbild.reports.exports import YEARS
from lagesbild.reports.rollup import top_counts, year_counts

PEER_BAND = 0.25
MAX_PEERS = 10
# Stored and passed on in Swedish (the press release is Swedish); the pages translate them.
BRA_SOURCE = gettext_noop("Källa: Brå, anmälda brott")
POLICE_SOURCE = gettext_noop("Källa: Polismyndigheten, händelsenotiser på polisen.se")
PEER_RULE = gettext_noop(
    "Kommuner vars folkmängd samma år ligger inom ±25 % av kommunens och som har "
    "Brå-statistik för kategorin, högst de tio närmaste i folkmängd."
)
NO_PEERS = gettext_noop("Inga jämförbara kommuner med statistik för kategorin finns i databasen.")
SYNTHETIC_NOTE = gettext_noop(
    "Brå-siffrorna, folkmängden och polisens händelser för kommunen är syntetiska "
    "demodata, inte verklig statistik."
)
UNKNOWN_MUNICIPALITY_NOTE = gettext_noop(
    "Kommunen finns inte i systemet: mål, åtgärder och partnernas rapporter ingår inte."
)
# The directions of a change that is a fall (``core.narrative.classify_change``).
DECREASES = frozenset({"decreased", "halved", "more_than_halved"})
# At most this many categories are credited with the fall of all crimes.
MAX_DRIVERS = 2


class AnnualReportError(ValueError):
    """The report cannot be built; the message says why and what to do."""


class BadBaseYear(AnnualReportError):
    """The base year asked for is no year before the report's (a bad request, not missing data)."""


class BadReportYear(BadBaseYear):
    """The report year is no whole year that has ended: refused as a bad base year is."""


class UnknownMunicipality(AnnualReportError):
    pass


class NoDataForYear(AnnualReportError):
    """No Brå figures for the report year: the message names the municipality and the years that
    have figures (``years``, none for a municipality that has imported none yet)."""

    def __init__(self, message: str, years: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.years = years


@dataclass(frozen=True)
class YearPoint:
    year: int
    count: int | None
    population: int | None
    rate: float | None


@dataclass(frozen=True)
class ChangeSummary:
    """A change with the whole percent and the direction word the sentences use."""

    change: Change
    percent: int | None
    direction: str

    @classmethod
    def of(cls, change: Change) -> ChangeSummary:
        percent = whole_percent(change.from_value, change.to_value) if change.from_value else None
        return cls(change, percent, classify_change(change))


@dataclass(frozen=True)
class PeerRate:
    municipality_code: str
    name: str
    population: int
    count: int
    rate: float
    is_self: bool


@dataclass(frozen=True)
class PeerComparison:
    year: int
    rate: float | None
    peers: tuple[PeerRate, ...]
    peer_median: float | None
    note: str
    rule: str = PEER_RULE


@dataclass(frozen=True)
class CategoryReport:
    code: str
    label: str
    level: int  # 0 top-level (or all crimes), 1 subcategory
    parent: str | None
    series: tuple[YearPoint, ...]
    previous: ChangeSummary | None
    base: ChangeSummary | None
    etest_previous: ETestResult | None
    etest_base: ETestResult | None
    trend: TrendResult
    statements: tuple[Statement, ...]
    peers: PeerComparison | None
    source: str = BRA_SOURCE

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(c for s in self.statements for c in s.claims)

    @property
    def current(self) -> YearPoint:
        """Return the report year's point (the series ends in the report year)."""
        return self.series[-1]


@dataclass(frozen=True)
class DecreaseDrivers:
    """The largest significant falls since last year that together make up most of all crimes'
    significant fall: at least half of it and no more than all of it ("står för 450 av de 700
    färre anmälda brotten"). Carried by the report so that the press release prints only
    figures the JSON holds: ``fall`` is the sum of the categories' falls, ``total_fall`` all
    crimes' fall, both as positive counts of fewer crimes."""

    from_period: int
    to_period: int
    categories: tuple[str, ...]  # codes, largest fall first
    falls: tuple[int, ...]
    fall: int
    total_fall: int


def is_significant(category: CategoryReport, summary: ChangeSummary | None) -> bool:
    """Whether the report's sentences call ``summary``'s change statistically significant."""
    if summary is None:
        return False
    years = (summary.change.from_period, summary.change.to_period)
    return any(c.kind == "significant" and c.periods == years for c in category.claims)


def _fall_of(category: CategoryReport) -> int | None:
    """How many fewer crimes than last year, for a fall that can be credited with anything (a
    fall between counts under 20 swings by chance)."""
    previous = category.previous
    if previous is None or previous.direction not in DECREASES or previous.change.small_counts:
        return None
    return -previous.change.absolute


def find_decrease_drivers(
    total: CategoryReport | None, categories: tuple[CategoryReport, ...]
) -> DecreaseDrivers | None:
    """The top-level categories behind all crimes' significant fall since last year, if the
    largest (at most two) significant falls make up most of it.

    None when they fell by more than all crimes did: other crimes rose, and "står för 4 000 av
    de 3 000 färre" would be the sentence.
    """
    total_fall = _fall_of(total) if total is not None else None
    if total is None or total.previous is None or total_fall is None:
        return None
    if not is_significant(total, total.previous):
        return None
    falls_of = {c.code: _fall_of(c) for c in categories if c.level == 0}
    largest = sorted(
        (c for c in categories if falls_of.get(c.code) is not None),
        key=lambda c: -(falls_of[c.code] or 0),
    )[:MAX_DRIVERS]
    drivers = [c for c in largest if is_significant(c, c.previous)]
    falls = tuple(falls_of[c.code] or 0 for c in drivers)
    if not 0 < sum(falls) <= total_fall <= 2 * sum(falls):
        return None
    change = total.previous.change
    return DecreaseDrivers(
        change.from_period,
        change.to_period,
        tuple(c.code for c in drivers),
        falls,
        sum(falls),
        total_fall,
    )


@dataclass(frozen=True)
class EnteredFigure:
    """A figure the police (or another partner) entered for an indicator, this year and last."""

    indicator_id: int
    goal: str
    name: str
    unit: str
    year: int
    value: float
    previous_year: int
    previous_value: float | None
    relative_change: float | None
    note: str
    # Entered by a member (now or once) of the municipality's police: the police's own figure.
    # Any other (a coordinator's, or one whose author is gone) is the partners' figure, which
    # the police, a partner too, may also be; the press release names its sources from this.
    by_police: bool = False


@dataclass(frozen=True)
class IndicatorReport:
    id: int
    name: str
    kind: str
    kind_label: str
    unit: str
    direction: str
    direction_label: str
    status: IndicatorStatus
    baseline_year: int | None = None
    target_year: int | None = None
    #: The goals card's notes, from its functions (``goals.dashboard``): how the status was
    #: decided (the test and its p, or no test), and a base year or followed-up year that
    #: reporting began during.
    comparison: str = ""
    base_year_note: str = ""
    year_note: str = ""


@dataclass(frozen=True)
class GoalReport:
    id: int
    title: str
    indicators: tuple[IndicatorReport, ...]


@dataclass(frozen=True)
class MeasureItem:
    id: int
    title: str
    status: str
    status_label: str
    owner: str | None
    categories: tuple[str, ...]
    decided_on: date | None
    done_on: date | None


@dataclass(frozen=True)
class VolumeRow:
    organisation_kind: str
    organisation_kind_label: str
    category: str
    category_label: str
    count: int


@dataclass(frozen=True)
class PartnerReports:
    # The table prints ``rows``, then ``by_kind`` in the same order of kinds, then ``total``
    # last: each sum is the sum of the rows above it (a test holds every output to that).
    total: int
    by_kind: tuple[VolumeRow, ...]  # category "" = all categories of that kind
    rows: tuple[VolumeRow, ...]
    synthetic: bool
    # Whether other organisations' reports in sensitive categories are counted (only for those
    # who may see them), and how many sensitive reports the total holds (an organisation always
    # sees its own): the statutory document leaves them all out, so its total is
    # ``total - sensitive`` (a test holds the two documents to that).
    sensitive_included: bool = False
    sensitive: int = 0

    @property
    def without_sensitive(self) -> int:
        """The total as the statutory document gives it."""
        return self.total - self.sensitive


@dataclass(frozen=True)
class AnnualReport:
    municipality: str
    municipality_code: str
    police_organisation: str | None
    year: int
    base_year: int
    first_year: int
    generated_on: date
    total: CategoryReport | None
    categories: tuple[CategoryReport, ...]
    entered_figures: tuple[EnteredFigure, ...]
    goals: tuple[GoalReport, ...]
    goal_summary: dict[str, int]
    measures_decided: tuple[MeasureItem, ...]
    measures_done: tuple[MeasureItem, ...]
    partner_reports: PartnerReports | None
    police_events: official.PoliceEventYear | None = None
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = (BRA_SOURCE,)
    # Years of the series whose Brå figures are preliminary (the tables mark them "prel.").
    preliminary_years: tuple[int, ...] = ()
    # The first and last day of the stored police notices: a year outside is not compared.
    police_span: StoredSpan | None = None
    # The whole years from the base year to the report year that have Brå figures.
    figure_years: tuple[int, ...] = ()

    @property
    def only_year_note(self) -> str:
        """Why nothing is compared when the report year is the only one with Brå figures; ''
        otherwise (the lead had promised a comparison with the year before and the base year
        beside a table of dashes)."""
        if self.figure_years != (self.year,):
            return ""
        return gettext(
            "Brå-siffror finns bara för %(year)s, så ingen förändring mot tidigare år och ingen "
            "trend kan beskrivas."
        ) % {"year": self.year}

    @property
    def police_events_text(self) -> str:
        """The police notices of the year, compared with the year before only where the stored
        notices cover both years in full (rule 11)."""
        events, span, year = self.police_events, self.police_span, self.year
        if events is None:
            return ""
        values = {"total": format_count(events.total), "year": year}
        if span is None or (span.covers(year) and span.covers(year - 1)):
            return gettext(
                "%(total)s händelsenotiser under %(year)s (%(previous)s året innan)."
            ) % dict(values, previous=format_count(events.previous_total))
        if span.covers(year):
            return gettext(
                "%(total)s händelsenotiser under %(year)s. De lagrade notiserna börjar "
                "%(first)s, så året innan täcks inte helt och jämförs inte."
            ) % dict(values, first=day_text(span.first))
        stored = {"first": day_text(span.first), "last": day_text(span.last)}
        part = span.within(year)
        if part is None:
            return gettext(
                "De lagrade notiserna gäller %(first)s–%(last)s; %(year)s täcks inte, så inga "
                "notiser för året redovisas."
            ) % dict(values, **stored)
        return gettext(
            "De lagrade notiserna gäller %(first)s–%(last)s, så %(year)s täcks bara delvis: "
            "%(total)s händelsenotiser %(start)s–%(end)s. De jämförs inte med hela år."
        ) % dict(values, start=day_text(part[0]), end=day_text(part[1]), **stored)

    @property
    def police_columns(self) -> official.YearColumns:
        """The police table's years, as ``police_events_text`` compares them."""
        return official.police_columns(self.police_span, self.year)

    @property
    def peer_rule(self) -> str:
        return gettext(PEER_RULE)

    @property
    def top_categories(self) -> tuple[CategoryReport, ...]:
        return tuple(c for c in self.categories if c.level == 0)

    @property
    def decrease_drivers(self) -> DecreaseDrivers | None:
        """The categories credited with all crimes' fall (computed, so that a report built in
        memory has them too; ``as_dict`` carries them)."""
        return find_decrease_drivers(self.total, self.categories)

    @property
    def measures_decided_count(self) -> int:
        return len(self.measures_decided)

    @property
    def measures_done_count(self) -> int:
        return len(self.measures_done)

    def all_claims(self) -> tuple[Claim, ...]:
        reports = ([self.total] if self.total else []) + list(self.categories)
        return tuple(c for r in reports for c in r.claims)

    def as_dict(self) -> dict[str, Any]:
        """Return plain JSON-able data (the CLI's ``--format json``)."""
        data = asdict(self)
        data["measures_decided_count"] = self.measures_decided_count
        data["measures_done_count"] = self.measures_done_count
        drivers = self.decrease_drivers
        data["decrease_drivers"] = asdict(drivers) if drivers is not None else None
        return _jsonable(data)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        # Year-keyed series become lists so JSON keeps the years as numbers.
        if value and all(isinstance(k, int) for k in value):
            return [{"year": k, "value": _jsonable(v)} for k, v in value.items()]
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- Brå categories ---------------------------------------------------------------------------


def _series(
    counts: dict[int, int], population: dict[int, int], years: range
) -> tuple[YearPoint, ...]:
    points = []
    for y in years:
        count, pop = counts.get(y), population.get(y)
        rate = rate_per_100k(count, pop) if count is not None else None
        points.append(YearPoint(y, count, pop, rate))
    return tuple(points)


def _reported_test(change: Change | None, dispersion: TrendResult) -> ETestResult | None:
    # The test the sentence reports: widened by the overdispersion of the other years
    # (``YearlyChanges.dispersion``).
    etest = count_test(change)
    return comparison_test(etest, dispersion) if etest is not None else None


@dataclass(frozen=True)
class _Context:
    code: str
    year: int
    base_year: int
    years: range  # the ten years shown
    span: range  # the ten years and the base year
    population: dict[int, int]
    peer_pool: tuple[tuple[str, int], ...]
    preliminary_years: frozenset[int]
    tops: tuple[Category, ...]  # the top-level categories, their subcategories prefetched
    # {(municipality, category code or TOTAL): {year: Brå count}}: this municipality's over
    # ``span``, its peers' in ``year``, read at once (not a query per category and peer).
    counts: dict[tuple[str, str], dict[int, int]]
    names: dict[str, str]  # {code: name} of the municipality and its peers, read at once

    def counts_of(self, code: str, key: str) -> dict[int, int]:
        return self.counts.get((code, key), {})


def category_report(
    key: str,
    label: str,
    counts: dict[int, int],
    population: dict[int, int],
    year: int,
    base_year: int,
    years: range,
    preliminary_years: Collection[int] = frozenset(),
    *,
    level: int = 0,
    parent: str | None = None,
    peers: PeerComparison | None = None,
) -> CategoryReport:
    """One category's figures, tests, trend and sentences as the yearly report makes them:
    ``year`` against the year before and ``base_year``, the trend over ``years`` (the years
    shown, not an earlier base year), ``peers`` its comparison with similar municipalities."""
    changes = yearly_changes(label, counts, population, year, base_year, years, preliminary_years)
    previous, base = changes.previous, changes.base
    return CategoryReport(
        code=key,
        label=label,
        level=level,
        parent=parent,
        series=_series(counts, population, years),
        previous=ChangeSummary.of(previous) if previous else None,
        base=ChangeSummary.of(base) if base else None,
        etest_previous=_reported_test(previous, changes.dispersion),
        etest_base=_reported_test(base, changes.dispersion),
        trend=changes.trend,
        statements=changes.statements,
        peers=peers,
    )


def _category_report(
    ctx: _Context, key: str, label: str, level: int, parent: str | None, counts: dict[int, int]
) -> CategoryReport:
    return category_report(
        key,
        label,
        counts,
        ctx.population,
        ctx.year,
        ctx.base_year,
        ctx.years,
        ctx.preliminary_years,
        level=level,
        parent=parent,
        peers=_peer_comparison(ctx, key, counts.get(ctx.year)),
    )


def _peer_codes(code: str, year: int) -> tuple[tuple[str, int], ...]:
    pool = queries.populations_in_year(year)
    own = pool.get(code)
    if not own:
        return ()
    near = [(c, p) for c, p in pool.items() if c != code and abs(p - own) <= PEER_BAND * own]
    return tuple(sorted(near, key=lambda cp: (abs(cp[1] - own), cp[0])))


def _peer_comparison(ctx: _Context, key: str, own_count: int | None) -> PeerComparison | None:
    own_pop = ctx.population.get(ctx.year)
    # No rate without a positive population (rate_per_100k), so nothing to compare or rank.
    if not own_pop or own_count is None:
        return None
    own_rate = rate_per_100k(own_count, own_pop)
    if own_rate is None:  # a population below zero
        return None
    peers = []
    for code, pop in ctx.peer_pool:
        count = ctx.counts_of(code, key).get(ctx.year)
        # A peer's population is within PEER_BAND of the positive own one, so it has a rate.
        rate = rate_per_100k(count, pop) if count is not None else None
        if count is not None and rate is not None:
            peers.append(PeerRate(code, ctx.names[code], pop, count, rate, False))
        if len(peers) == MAX_PEERS:
            break
    own = PeerRate(ctx.code, ctx.names[ctx.code], own_pop, own_count, own_rate, True)
    median = statistics.median(p.rate for p in peers) if peers else None
    note = "" if peers else NO_PEERS
    ranked = tuple(sorted([own, *peers], key=lambda p: -p.rate))
    return PeerComparison(ctx.year, own_rate, ranked, median, note)


def _category_reports(ctx: _Context) -> tuple[CategoryReport, ...]:
    reports = []
    for top in ctx.tops:
        for category, level in [(top, 0), *((child, 1) for child in top.children.all())]:
            counts = ctx.counts_of(ctx.code, category.code)
            if ctx.year in counts:
                parent = top.code if level else None
                reports.append(
                    _category_report(ctx, category.code, category.name, level, parent, counts)
                )
    return tuple(reports)


def _context(code: str, year: int, base_year: int) -> _Context:
    years = range(year - SERIES_YEARS + 1, year + 1)
    span = range(min(years.start, base_year), year + 1)
    population = official.population_series(code, span)
    preliminary = official.preliminary_bra_years(code, span)
    peers = _peer_codes(code, year)
    tops = tuple(Category.objects.filter(parent__isnull=True).prefetch_related("children"))
    keys = [official.TOTAL, *(c.code for top in tops for c in (top, *top.children.all()))]
    counts = queries.counts_of_many([code], keys, span)
    counts |= queries.counts_of_many([peer for peer, _ in peers], keys, [year])
    names = queries.municipality_names([code, *(peer for peer, _ in peers)])
    return _Context(
        code, year, base_year, years, span, population, peers, preliminary, tops, counts, names
    )


# --- goals, measures and partner reports --------------------------------------------------------


def _entered_figures(municipality: Municipality, year: int) -> tuple[EnteredFigure, ...]:
    indicators = Indicator.objects.filter(
        goal__municipality=municipality, kind=Indicator.Kind.ENTERED
    )
    police = Membership.objects.filter(
        user=OuterRef("entered_by"),
        organisation__municipality=municipality,
        organisation__kind=Organisation.Kind.POLICE,
    )
    values = {
        (v.indicator_id, v.year): v
        for v in IndicatorValue.objects.filter(
            indicator__in=indicators, year__in=[year - 1, year]
        ).annotate(by_police=Exists(police))
    }
    figures = []
    for indicator in indicators.select_related("goal").order_by("goal__sort_order", "name"):
        current = values.get((indicator.pk, year))
        if current is None:
            continue
        before = values.get((indicator.pk, year - 1))
        previous = before.value if before else None
        relative = (current.value - previous) / previous if previous else None
        figures.append(
            EnteredFigure(
                indicator.pk,
                indicator.goal.title,
                indicator.name,
                indicator.unit,
                year,
                current.value,
                year - 1,
                previous,
                relative,
                current.note,
                current.by_police,
            )
        )
    return tuple(figures)


def _goals(municipality: Municipality, year: int) -> tuple[GoalReport, ...]:
    goals = goals_with_indicators(municipality)
    statuses = indicator_statuses([i for goal in goals for i in goal.indicators.all()], year)
    return tuple(
        GoalReport(
            goal.pk,
            goal.title,
            tuple(
                IndicatorReport(
                    i.pk,
                    i.name,
                    i.kind,
                    i.get_kind_display(),
                    i.unit,
                    i.direction,
                    i.get_direction_display(),
                    statuses[i.pk],
                    i.baseline_year,
                    i.target_year,
                    comparison_text(statuses[i.pk]),
                    base_year_note(i, statuses[i.pk]),
                    year_note(statuses[i.pk]),
                )
                for i in goal.indicators.all()
            ),
        )
        for goal in goals
    )


def _goal_summary(goals: tuple[GoalReport, ...]) -> dict[str, int]:
    summary = {"indicators": 0} | dict.fromkeys(STATUSES, 0)
    for goal in goals:
        for indicator in goal.indicators:
            summary["indicators"] += 1
            summary[indicator.status.status] += 1
    return summary


def _measure_item(m: Measure) -> MeasureItem:
    decided = m.decided_at_meeting.date if m.decided_at_meeting else m.start_date
    return MeasureItem(
        m.pk,
        m.title,
        m.status,
        m.get_status_display(),
        m.owner.name if m.owner else None,
        tuple(c.name for c in m.categories.all()),
        decided,
        m.done_date,
    )


def _measures(
    municipality: Municipality, year: int
) -> tuple[tuple[MeasureItem, ...], tuple[MeasureItem, ...]]:
    """Return the measures decided in ``year`` and those done in it.

    Decided means: not merely proposed, and decided at a meeting in the year (or, without a
    meeting, started in the year).
    """
    measures = (
        Measure.objects.filter(municipality=municipality)
        .select_related("owner", "decided_at_meeting")
        .prefetch_related("categories")
        .order_by("title")
    )
    decided = measures.exclude(status=Measure.Status.PROPOSED).filter(
        Q(decided_at_meeting__date__year=year)
        | Q(decided_at_meeting__isnull=True, start_date__year=year)
    )
    done = measures.filter(status=Measure.Status.DONE, done_date__year=year)
    return tuple(map(_measure_item, decided)), tuple(map(_measure_item, done))


def _partner_reports(viewer: Viewer, municipality: Municipality, year: int) -> PartnerReports:
    counts: QuerySet = year_counts(viewer, municipality, year)
    rows = top_counts(counts, "organisation__kind", "top")
    kinds = dict(Organisation.Kind.choices)
    tops = list(Category.objects.filter(parent__isnull=True))  # in the categories' own order
    labels = {c.code: c.name for c in tops}
    volume = [
        VolumeRow(
            r["organisation__kind"],
            str(kinds.get(r["organisation__kind"], "")),
            r["top"],
            labels.get(r["top"], r["top"]),
            r["n"],
        )
        for r in rows
    ]
    # One order for the rows and the sums, whatever the language: the kinds as declared (the
    # municipality and the police first), the categories in their own order. The sums had been
    # in the order of the kinds' codes under rows in that of their labels.
    kind_rank = {kind: rank for rank, kind in enumerate(Organisation.Kind.values)}
    category_rank = {c.code: rank for rank, c in enumerate(tops)}
    volume.sort(
        key=lambda v: (
            kind_rank.get(v.organisation_kind, len(kind_rank)),
            v.organisation_kind,
            category_rank.get(v.category, len(category_rank)),
            v.category,
        )
    )
    by_kind: dict[str, int] = {}  # in the rows' order of kinds
    for v in volume:
        by_kind[v.organisation_kind] = by_kind.get(v.organisation_kind, 0) + v.count
    return PartnerReports(
        total=sum(by_kind.values()),
        by_kind=tuple(VolumeRow(k, str(kinds.get(k, "")), "", "", n) for k, n in by_kind.items()),
        rows=tuple(volume),
        synthetic=counts.filter(synthetic__gt=0).exists(),
        sensitive_included=viewer.sees_sensitive,
        sensitive=counts.filter(SENSITIVE_REPORTS).aggregate(n=Sum("reports"))["n"] or 0,
    )


def _police_organisation(municipality: Municipality | None) -> str | None:
    if municipality is None:
        return None
    police = (
        municipality.organisations.filter(kind=Organisation.Kind.POLICE).order_by("name").first()
    )
    return police.name if police else None


# --- the report -------------------------------------------------------------------------------


def _municipality(code: str) -> Municipality | None:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None and not queries.has_official_data(code):
        known = ", ".join(f"{m.code} {m.name}" for m in Municipality.objects.all()) or "–"
        raise UnknownMunicipality(
            gettext(
                "kommunkod %(code)s är okänd: varken kommun eller officiell statistik finns "
                "(kända kommuner: %(known)s); importera först Brås och SCB:s filer under Data "
                "(/data/) eller med 'lagesbild import bra FIL' och 'lagesbild import scb FIL'"
            )
            % {"code": code, "known": known}
        )
    return municipality


def _require_year(
    code: str, year: int, categories: tuple[CategoryReport, ...], total: CategoryReport | None
) -> None:
    if categories or total is not None:
        return
    years = official.bra_years(code)
    whole = years.whole
    have = f"{whole[0]}–{whole[-1]}" if len(whole) > 1 else str(whole[0]) if whole else "–"
    name = queries.municipality_name(code)
    months = years.months(year)
    if months is not None:
        raise NoDataForYear(
            gettext(
                "Brå-siffror för %(year)s finns bara för %(months)s, och årsrapporten görs för "
                "hela år (år med Brå-siffror för hela året: %(years)s)."
            )
            % {"year": year, "months": months, "years": have},
            whole,
        )
    if year >= timezone.localdate().year:  # Brå's file for it cannot exist yet
        raise _year_refused()
    if not whole:
        raise NoDataForYear(
            gettext("Det finns ännu inga Brå-siffror för %(name)s, så ingen årsrapport kan göras.")
            % {"name": name}
        )
    raise NoDataForYear(
        gettext("Brå-siffror för %(name)s saknas för %(year)s (år med Brå-siffror: %(years)s).")
        % {"name": name, "year": year, "years": have},
        whole,
    )


def _year_refused() -> BadReportYear:
    return BadReportYear(
        gettext("Årsrapporten finns för år %(first)s–%(last)s: hela år som har tagit slut.")
        % {"first": YEARS.start, "last": timezone.localdate().year - 1}
    )


def check_report_year(year: int) -> int:
    """Return ``year`` unless it is before 1900 or after this year; then raise BadReportYear,
    named as the report year before any base year is counted from it (year 0 was refused as
    "Basåret -5 måste ligga mellan 1900 och rapportåret 0") and before Brå's figures are looked
    up (9999 was told to import Brå's file for it). This year, not yet ended, is refused once
    they are: by the months Brå has of it, or as here (``_require_year``)."""
    if not YEARS.start <= year <= timezone.localdate().year:
        raise _year_refused()
    return year


def check_base_year(base: int, year: int) -> int:
    """Return ``base`` if it is a year from 1900 before ``year``; else raise BadBaseYear (the
    report year is checked first, ``check_report_year``)."""
    check_report_year(year)
    if not YEARS.start <= base < year:
        raise BadBaseYear(
            gettext("Basåret %(base)s måste ligga mellan %(first)s och rapportåret %(year)s.")
            % {"base": base, "first": YEARS.start, "year": year}
        )
    return base


def build_annual_report(
    municipality_code: str, year: int, viewer: Viewer, *, base_year: int | None = None
) -> AnnualReport:
    """Build the yearly collaboration report for a municipality as ``viewer`` may see it."""
    check_report_year(year)
    base = check_base_year(base_year if base_year is not None else year - BASE_YEARS_BACK, year)
    municipality = _municipality(municipality_code)
    ctx = _context(municipality_code, year, base)
    total_counts = ctx.counts_of(municipality_code, official.TOTAL)
    total = None
    if year in total_counts:
        total = _category_report(
            ctx, official.TOTAL, gettext(official.TOTAL_LABEL), 0, None, total_counts
        )
    categories = _category_reports(ctx)
    _require_year(municipality_code, year, categories, total)
    police_events = official.police_event_year(municipality_code, year)
    notes = []
    if official.is_synthetic(municipality_code):
        notes.append(SYNTHETIC_NOTE)
    if municipality is None:
        notes.append(UNKNOWN_MUNICIPALITY_NOTE)
    goals = _goals(municipality, year) if municipality else ()
    decided, done = _measures(municipality, year) if municipality else ((), ())
    return AnnualReport(
        municipality=municipality.name
        if municipality
        else queries.municipality_name(municipality_code),
        municipality_code=municipality_code,
        police_organisation=_police_organisation(municipality),
        year=year,
        base_year=base,
        first_year=ctx.years.start,
        generated_on=timezone.localdate(),
        total=total,
        categories=categories,
        entered_figures=_entered_figures(municipality, year) if municipality else (),
        goals=goals,
        goal_summary=_goal_summary(goals),
        measures_decided=decided,
        measures_done=done,
        partner_reports=_partner_reports(viewer, municipality, year) if municipality else None,
        police_events=police_events,
        notes=tuple(notes),
        sources=(BRA_SOURCE, POLICE_SOURCE) if police_events else (BRA_SOURCE,),
        preliminary_years=tuple(sorted(ctx.preliminary_years)),
        police_span=police_event_span(municipality_code) if police_events else None,
        figure_years=_figure_years(ctx, municipality_code),
    )


def _figure_years(ctx: _Context, code: str) -> tuple[int, ...]:
    """The years of the report's span with any Brå figure of the municipality."""
    return tuple(sorted({y for (c, _), counts in ctx.counts.items() if c == code for y in counts}))


def latest_report_year(municipality_code: str) -> int:
    """Return the latest year with Brå figures, else last calendar year."""
    years = queries.bra_years(municipality_code)
    return years[-1] if years else timezone.localdate().year - 1


__all__ = [
    "AnnualReport",
    "AnnualReportError",
    "CategoryReport",
    "DecreaseDrivers",
    "NoDataForYear",
    "UnknownMunicipality",
    "build_annual_report",
    "find_decrease_drivers",
    "is_significant",
    "latest_report_year",
]

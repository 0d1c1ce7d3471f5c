"""The statistics explorer: Brå categories × years for a municipality beside similar ones.

Reported crimes (Brå) per category and year, as counts or per 100 000 inhabitants (SCB's
population on 31 December), for the municipality and, year by year, the median, lowest and
highest of its peers: the municipalities in the same population band (``core.peers``) in the
last year shown, or a set the analyst chooses. Per category the sentences on the change
against the year before and against the first year shown are the yearly report's own
(``core.yearly.yearly_changes``), with the trend fitted over the years shown: the changes are
judged with the years the yearly report reads (``report_years``), not only those shown, so the
same change gets the same sentence wherever the years shown begin.

The parameters are read the same way for the page (Swedish names) and the API (English names);
bad ones raise ``ParamError`` naming each parameter and what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.analysis.params import ParamError
from lagesbild.areas.models import Municipality
from lagesbild.categories.models import Category
from lagesbild.core.parsers.bra import TOTAL_CRIME_TYPE
from lagesbild.core.peers import PeerSummary, PopulationBand, band_of, summarise
from lagesbild.core.stats.change import rate_per_100k
from lagesbild.core.stats.trend import TrendResult
from lagesbild.core.yearly import SERIES_YEARS, Statement, yearly_changes
from lagesbild.official.models import OfficialStatistic, Population
from lagesbild.official.municipalities import all_municipalities
from lagesbild.official.queries import (
    TOTAL,
    TOTAL_LABEL,
    BraYears,
    bra_counts_of_many,
    bra_series_name,
    bra_years,
    is_synthetic,
    populations_of_many,
    preliminary_bra_years,
)

COUNT, RATE = "count", "rate"
BAND, CHOSEN = "band", "chosen"
DEFAULT_YEARS = 10
MAX_YEARS = 30
MAX_CATEGORIES = 12
MAX_CHOSEN = 30
SOURCE = "Brå, anmälda brott; SCB, folkmängd 31 december"
CODE_SHAPE = re.compile(r"[0-9A-Za-z_-]{1,10}")  # a municipality code as the URLs take it

WEB_NAMES = {
    "category": "kategori",
    "from": "fran",
    "to": "till",
    "measure": "matt",
    "peers": "jamforelse",
    "peer": "jamfor",
}
API_NAMES = {name: name for name in WEB_NAMES}
WEB_VALUES = {"antal": COUNT, "per100k": RATE, "storlek": BAND, "egna": CHOSEN}
API_VALUES = {COUNT: COUNT, RATE: RATE, BAND: BAND, CHOSEN: CHOSEN}


@dataclass(frozen=True)
class ExplorerQuery:
    keys: tuple[str, ...]  # category codes, or TOTAL
    first_year: int
    last_year: int
    measure: str  # COUNT or RATE
    peer_codes: tuple[str, ...] | None  # None: the municipality's population band

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


# --- parameters --------------------------------------------------------------------------------


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    """Every value of a repeated or comma-separated parameter, empty ones left out."""
    raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name, "")]
    return [part.strip() for value in raw for part in str(value).split(",") if part.strip()]


def _year(raw: str) -> int | None:
    if raw.isascii() and raw.isdigit() and 1950 <= int(raw) <= 2100:
        return int(raw)
    return None


def choices() -> list[tuple[str, str, int]]:
    """The categories offered: (key, label, level), all crimes first, then the taxonomy with
    each top level followed by its subcategories ("därav")."""
    offered = [(TOTAL, _(TOTAL_LABEL), 0)]
    tops = Category.objects.filter(parent__isnull=True).prefetch_related("children")
    for top in tops:
        offered.append((top.code, top.name, 0))
        offered += [(child.code, child.name, 1) for child in top.children.all()]
    return offered


def _default_keys(municipality_code: str, year: int) -> tuple[str, ...]:
    has_total = OfficialStatistic.objects.filter(
        source=OfficialStatistic.Source.BRA,
        municipality_code=municipality_code,
        series=TOTAL_CRIME_TYPE,
        year=year,
    ).exists()
    return (TOTAL,) if has_total else ()


def parse_query(
    params: Mapping[str, Any],
    municipality_code: str,
    names: Mapping[str, str] = WEB_NAMES,
    values: Mapping[str, str] = WEB_VALUES,
) -> ExplorerQuery:
    """Read categories, years, measure and peers; raise ParamError naming what is wrong."""
    errors: dict[str, str] = {}
    # A partial year (some months) is not the default: it cannot be compared with whole years.
    known_years = bra_years(municipality_code).whole
    last = known_years[-1] if known_years else timezone.localdate().year - 1
    first = max(last - DEFAULT_YEARS + 1, known_years[0]) if known_years else last - 9
    # With one whole year the default still spans two, so a page opened without a question
    # answers it (the year before has no figure and says so) instead of refusing it.
    first = min(first, last - 1)
    for key in ("from", "to"):
        raw = str(params.get(names[key], "")).strip()
        if not raw:
            continue
        year = _year(raw)
        if year is None:
            errors[names[key]] = _("Ange ett år mellan 1950 och 2100.")
        elif key == "from":
            first = year
        else:
            last = year
    if not errors and first >= last:
        errors[names["to"]] = _("Sista året måste ligga efter det första.")
    elif not errors and last - first + 1 > MAX_YEARS:
        errors[names["to"]] = _("Välj högst %(max)s år.") % {"max": MAX_YEARS}
    keys = tuple(dict.fromkeys(_values(params, names["category"])))
    known = {key for key, _, _ in choices()}
    unknown = [key for key in keys if key not in known]
    if unknown:
        errors[names["category"]] = _("Okänd kategori: %(code)s.") % {"code": repr(unknown[0][:50])}
    elif len(keys) > MAX_CATEGORIES:
        errors[names["category"]] = _("Välj högst %(max)s kategorier.") % {"max": MAX_CATEGORIES}
    measure = _choice(params, names["measure"], values, (COUNT, RATE), errors)
    mode = _choice(params, names["peers"], values, (BAND, CHOSEN), errors)
    peer_codes = _chosen(params, names, municipality_code, errors) if mode == CHOSEN else None
    if errors:
        raise ParamError(errors)
    keys = keys or _default_keys(municipality_code, last)
    return ExplorerQuery(keys, first, last, measure, peer_codes)


def _choice(
    params: Mapping[str, Any],
    name: str,
    values: Mapping[str, str],
    allowed: tuple[str, str],
    errors: dict[str, str],
) -> str:
    raw = str(params.get(name, "")).strip()
    if not raw:
        return allowed[0]
    value = values.get(raw)
    if value not in allowed:
        offered = [shown for shown, meant in values.items() if meant in allowed]
        errors[name] = _("Välj en av: %(choices)s.") % {"choices": ", ".join(offered)}
        return allowed[0]
    return value


def _chosen(
    params: Mapping[str, Any], names: Mapping[str, str], own: str, errors: dict[str, str]
) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(_values(params, names["peer"])))
    name = names["peer"]
    if not codes:
        errors[name] = _("Välj minst en kommun att jämföra med.")
    elif len(codes) > MAX_CHOSEN:
        errors[name] = _("Välj högst %(max)s kommuner.") % {"max": MAX_CHOSEN}
    else:
        # Only a code shaped as the site's codes are goes to the database: PostgreSQL refuses a
        # NUL byte in a query (a 500), and no such code can be stored anyway.
        asked = [code for code in codes if CODE_SHAPE.fullmatch(code)]
        known = set(all_municipalities()) | set(
            Population.objects.filter(municipality_code__in=asked).values_list(
                "municipality_code", flat=True
            )
        )
        unknown = [code for code in codes if code not in known]
        if own in codes:
            errors[name] = _("Kommunen själv kan inte vara en jämförelsekommun.")
        elif unknown:
            errors[name] = _("Okänd kommun att jämföra med: %(code)s.") % {
                "code": repr(unknown[0][:10])
            }
    return codes


# --- the figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Peer:
    code: str
    name: str
    population: int | None  # in the year the band is read from (the chosen: the last year)


@dataclass(frozen=True)
class YearCell:
    year: int
    count: int | None
    population: int | None
    rate: float | None
    peers: PeerSummary | None  # the peers' values in the measure shown

    def value(self, measure: str) -> float | None:
        return self.count if measure == COUNT else self.rate


@dataclass(frozen=True)
class CategoryRow:
    key: str
    label: str
    level: int  # 0 top level or all crimes, 1 "därav"
    cells: tuple[YearCell, ...]
    statements: tuple[Statement, ...]
    trend: TrendResult | None
    # Why no change is described, when none is (a trend sentence alone may still be given).
    no_change: str | None = None

    @property
    def has_figures(self) -> bool:
        return any(cell.count is not None for cell in self.cells)

    @property
    def single_peer(self) -> bool:
        """Every year's peer figure is one municipality's value: no median and no range to show."""
        summaries = [cell.peers for cell in self.cells if cell.peers is not None]
        return bool(summaries) and all(summary.n == 1 for summary in summaries)


@dataclass(frozen=True)
class Exploration:
    municipality_code: str
    municipality_name: str
    query: ExplorerQuery
    band: PopulationBand | None  # None when the peers are chosen or no population is known
    band_year: int | None
    peers: tuple[Peer, ...]
    rows: tuple[CategoryRow, ...]
    synthetic: bool
    source: str = SOURCE
    partial_notes: tuple[str, ...] = ()  # the partial years shown or after them, by their months
    preliminary: frozenset[int] = frozenset()  # the years shown whose Brå figures are preliminary
    # Whether the municipality has any Brå figure at all (a whole or a partial year): without
    # one the page says so instead of a table of dashes (docs/statistics.md, explorer rule 6).
    has_figures: bool = True

    @property
    def years(self) -> range:
        return self.query.years

    @property
    def measure_label(self) -> str:
        return "anmälda brott" if self.query.measure == COUNT else "per 100 000 invånare"


def report_years(query: ExplorerQuery) -> tuple[range, range]:
    """The years the yearly report reads for the last year shown with the first as its base
    year (``annual.services``): the ten years ending in the last year, whose dispersion widens
    the two-year tests (docs/statistics.md, narrative rule 9), and every year from the earlier
    of their first and the base year, among which a reference year is judged unusual (rule
    10). With only 2023-2025 shown, 2024 had been judged against 2023 alone and the tests
    widened by three years' scatter."""
    series = range(query.last_year - SERIES_YEARS + 1, query.last_year + 1)
    return series, range(min(series.start, query.first_year), query.last_year + 1)


def _name(code: str, municipalities: Mapping[str, str]) -> str:
    return municipalities.get(code) or f"Kommun {code}"


def _names() -> dict[str, str]:
    names = dict(all_municipalities())
    names.update(Municipality.objects.values_list("code", "name"))
    return names


def _band_peers(
    code: str, query: ExplorerQuery, names: Mapping[str, str]
) -> tuple[PopulationBand | None, int | None, tuple[Peer, ...]]:
    """The municipalities in the same band in the last year of the span with a population."""
    own = Population.objects.filter(municipality_code=code, year__in=query.years)
    row = own.order_by("-year").values_list("year", "population").first()
    if row is None:
        return None, None, ()
    year, population = row
    band = band_of(population)
    pool = Population.objects.filter(year=year).exclude(municipality_code=code)
    peers = tuple(
        Peer(peer, _name(peer, names), inhabitants)
        for peer, inhabitants in pool.values_list("municipality_code", "population")
        if band.holds(inhabitants)
    )
    return band, year, tuple(sorted(peers, key=lambda p: (p.name, p.code)))


def _peer_value(count: int | None, population: int | None, measure: str) -> float | None:
    if count is None:
        return None
    return count if measure == COUNT else rate_per_100k(count, population)


def _why_no_change(own: Mapping[int, int], query: ExplorerQuery, coverage: BraYears) -> str:
    """Why a category has no sentence: its last year is partial or missing, or it has no year
    to compare with (neither the year before nor the first year shown)."""
    year = query.last_year
    months = coverage.months(year)
    if months is not None:
        return _(
            "Brå-siffror för %(year)s finns bara för %(months)s, så året jämförs inte med hela år."
        ) % {"year": year, "months": months}
    if year not in own:
        return _("Brå-siffror för %(year)s saknas, så ingen förändring beskrivs.") % {"year": year}
    if not any(y in own for y in query.years if y != year):
        return _(
            "Av åren %(first)s–%(last)s finns Brå-siffror bara för %(last)s, så ingen förändring "
            "kan beskrivas."
        ) % {"first": query.first_year, "last": year}
    return _(
        "Brå-siffror saknas för %(previous)s och %(first)s, åren som %(year)s jämförs med, så "
        "ingen förändring beskrivs."
    ) % {"previous": year - 1, "first": query.first_year, "year": year}


def _partial_notes(query: ExplorerQuery, coverage: BraYears) -> tuple[str, ...]:
    """The partial years in or after the span, named by their months; the last year shown has
    its own sentence per category."""
    return tuple(
        _("Brå-siffror för %(year)s finns bara för %(months)s och visas inte som ett helt år.")
        % {"year": year, "months": coverage.months(year)}
        for year in coverage.partial
        if year >= query.first_year and year != query.last_year
    )


def _row(
    key: str,
    label: str,
    level: int,
    code: str,
    query: ExplorerQuery,
    peers: tuple[Peer, ...],
    counts: Mapping[tuple[str, str], dict[int, int]],
    populations: Mapping[str, dict[int, int]],
    preliminary: frozenset[int],
    coverage: BraYears,
) -> CategoryRow:
    series = bra_series_name(key)
    own = counts.get((code, series), {})
    own_population = populations.get(code, {})
    cells = []
    for year in query.years:
        peer_values = (
            _peer_value(
                counts.get((p.code, series), {}).get(year),
                populations.get(p.code, {}).get(year),
                query.measure,
            )
            for p in peers
        )
        count, population = own.get(year), own_population.get(year)
        cells.append(
            YearCell(
                year,
                count,
                population,
                rate_per_100k(count, population) if count is not None else None,
                summarise(v for v in peer_values if v is not None),
            )
        )
    statements: tuple[Statement, ...] = ()
    trend = None
    if query.last_year in own:
        # The yearly report's sentences: the last year against the one before and the first,
        # judged with the years the report reads (``own`` holds them), the trend over those shown.
        changes = yearly_changes(
            label,
            own,
            own_population,
            query.last_year,
            query.first_year,
            query.years,
            preliminary,
            dispersion_years=report_years(query)[0],
        )
        statements, trend = changes.statements, changes.trend
    # A trend sentence alone describes no change: the reason for none is still given.
    changes_described = any(s.kind != "trend" for s in statements)
    no_change = None if changes_described else _why_no_change(own, query, coverage)
    return CategoryRow(key, label, level, tuple(cells), statements, trend, no_change)


def explore(municipality: Municipality, query: ExplorerQuery) -> Exploration:
    """Compute the table, the peers' figures and the sentences for ``query``."""
    code = municipality.code
    names = _names()
    if query.peer_codes is None:
        band, band_year, peers = _band_peers(code, query, names)
    else:
        band, band_year = None, None
        last = populations_of_many(query.peer_codes, [query.last_year])
        peers = tuple(
            Peer(p, _name(p, names), last.get(p, {}).get(query.last_year)) for p in query.peer_codes
        )
    everyone = [code, *(p.code for p in peers)]
    series = [bra_series_name(key) for key in query.keys]
    counts = bra_counts_of_many(everyone, series, query.years)
    # The municipality's own over the years the sentences judge with; the table shows its years.
    counts |= bra_counts_of_many([code], series, report_years(query)[1])
    populations = populations_of_many(everyone, query.years)
    preliminary = preliminary_bra_years(code, query.years)
    coverage = bra_years(code)
    labels = {key: (label, level) for key, label, level in choices()}
    rows = tuple(
        _row(key, *labels[key], code, query, peers, counts, populations, preliminary, coverage)
        for key in query.keys
    )
    return Exploration(
        municipality_code=code,
        municipality_name=municipality.name,
        query=query,
        band=band,
        band_year=band_year,
        peers=peers,
        rows=rows,
        synthetic=is_synthetic(code),
        partial_notes=_partial_notes(query, coverage),
        preliminary=frozenset(preliminary),
        has_figures=bool(coverage.whole or coverage.partial),
    )

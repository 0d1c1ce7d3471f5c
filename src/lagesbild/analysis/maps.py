"""The analysis map: a week's points, hotspots, heat (kernel density) and district rates.

Everything is what the viewer may see: the points and hotspots are the week page's
(``briefings.caching.cached_week``, computed through ``visible_reports`` for the viewer's class),
the density reads the same counted, visible reports with a position (``window_reports``) and the
district counts come from the rollup (``visible_counts``), so a viewer who does not see sensitive
categories finds them in no layer. A week's map is cached per viewer class with the week
(``cached_for_week``), so moving the slider back and forth computes each week once.

A window that ends before the first reporting week (as the viewer sees it), or of a municipality
with no counted report yet, has no counts: nothing could be reported then, so its zeros were no
quiet weeks. Its districts read "–" (``reports`` and ``per_1000`` null in the JSON) and the page
says when reporting began (``briefings.notes.reporting_began_note``), as the week page does.

A window that begins before reporting and ends after it counts only the weeks since reporting
began (the weeks before have no counted report): the note says so and names the week
(``counted_first_week``, ``counted_weeks`` in the JSON), and the page says it of the slider's span.

Rates per 1 000 inhabitants use the district's population of the latest year up to the window's
last week (``official.DistrictPopulation``; the demo's are synthetic and say so); a district
without a known population has no rate, and the page says so.

The map colours a district by its empirical Bayes rate (``core.stats.smoothing``, Marshall 1991),
not its raw rate: one report among 200 inhabitants (5,00 per 1 000) made a district the darkest on
the map, and a week has too few reports per district for a minimum count to leave any colour. The
smoothed rate draws each district toward the districts' overall rate, the more the fewer reports
or inhabitants it rests on; the darkest shade is the highest smoothed rate. The table, the tooltip
and the JSON keep the count and the raw rate beside it (``per_1000_smoothed``). When the districts
differ no more than chance would make them (the between-district variance estimate is 0 or less)
every district gets the overall rate, the map has one colour, and the page says so
(``smoothing_note``).

The summary above the map and the hotspots' legend name the hotspot period as the week page
does: four weeks, since reporting began, or, for a running week, its days so far ("16/11–7/12"),
written here (``summary``, ``hotspot_legend`` in the JSON) so the page and the slider's script
print the same sentence.

The heat is held back below ``MIN_DENSITY_POINTS`` (10) located reports
(``core.stats.density.density_is_shown``): a surface of a few reports shows each as a bright spot
that reads as a concentration. The JSON then says so (``held_back``, ``held_back_reason``,
``points``, ``min_points``) with no cells, and the page names the count and the minimum beside
the points, which it shows as always.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagesbild.analysis.params import Window
from lagesbild.analysis.services import window_reports
from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_index, districts_by_area, in_reach
from lagesbild.briefings.analysis import WeeklyAnalysis
from lagesbild.briefings.caching import cached_for_week, cached_week
from lagesbild.briefings.notes import reporting_began_note
from lagesbild.briefings.services import hotspot_features, report_features
from lagesbild.core.i18n import format_number
from lagesbild.core.stats.density import (
    MIN_DENSITY_POINTS,
    DensityGrid,
    density_is_shown,
    kernel_density,
    near_median,
)
from lagesbild.core.stats.smoothing import SmoothedRates, empirical_bayes
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.models import DistrictPopulation
from lagesbild.official.queries import SYNTHETIC
from lagesbild.organisations.access import Viewer
from lagesbild.reports.rollup import first_reporting_week, visible_counts

MAP_WEEKS = 12  # the slider's span by default: a quarter
MAX_MAP_WEEKS = 52
PER = 1000  # rates per 1 000 inhabitants
MIN_BANDWIDTH_M, MAX_BANDWIDTH_M = 50.0, 5000.0  # what the API accepts
# Before a municipality has areas, the heat map spreads the reports within this distance of
# their median: wider than any Swedish municipality's reach from its middle.
NO_AREAS_REACH_M = 100_000
MIN_CELL_M, MAX_CELL_M = 10.0, 1000.0
TOO_FEW_POINTS = "too_few_points"  # why a density is held back, in the JSON
SMOOTHING = "empirical_bayes"  # how the shaded rate is smoothed, in the JSON
POOLED_SHARE = 0.5  # the shade of every district when they differ no more than chance
# The week's map as the cache holds it: a new part name when its JSON changes shape
# (2: the heat says whether it is held back; 3: no counts before reporting began;
# 4: which districts are shaded; 5: the empirical Bayes rate shades every district; 7: the summary
# and the hotspots' legend are written here, a running week's period by its days; 8: the heat
# names the located reports it leaves out for lying far off; 9: each point's time, place and
# level written for the table under the map).
MAP_PART = "analysis-map:9"


@dataclass(frozen=True)
class DistrictRate:
    code: str
    name: str
    reports: int | None  # None before reporting began: no count, not 0
    population: int | None
    population_year: int | None
    synthetic: bool  # the population is made up (the demo)
    # The empirical Bayes rate that shades the map; None where per_1000 is.
    per_1000_smoothed: float | None = None

    @property
    def per_1000(self) -> float | None:
        if not self.population or self.reports is None:
            return None
        return PER * self.reports / self.population


def weeks_from(first: IsoWeek, last: IsoWeek) -> int:
    """The number of weeks from ``first`` to ``last``, both included."""
    return (last.monday - first.monday).days // 7 + 1


def straddling_note(window: Window, began: IsoWeek | None) -> str:
    """That only the weeks since reporting began are counted, when ``window`` begins before it
    and ends with it or after; '' else."""
    if began is None or not window.first < began <= window.last:
        return ""
    return _(
        "Rapporteringen började vecka %(first)s; kartan räknar bara veckorna sedan dess "
        "(%(counted)s av %(weeks)s veckor)."
    ) % {"first": began, "counted": weeks_from(began, window.last), "weeks": window.weeks}


def empty_window_note(window: Window, began: IsoWeek | None) -> str:
    """What a table of the window's reports says in place of a grid of zeros when it holds
    none: that nothing is counted yet, or that reporting began after the window (the map's
    words), or that the period has no reports."""
    if began is None or window.last < began:
        return reporting_note(window, began)
    return _("Inga rapporter under perioden.")


def reporting_note(window: Window, began: IsoWeek | None) -> str:
    """What the window's figures are, given that reporting began in week ``began``: none yet,
    none before it (one week in the week page's words), or only the weeks since; '' when
    reporting had begun by the window's first week."""
    if began is None:
        return _("Inga rapporter har räknats än: det finns inga siffror att visa.")
    if window.last < began and window.weeks == 1:
        return reporting_began_note(window.last, str(began))
    if window.last < began:
        return _(
            "Rapporteringen började vecka %(first)s, efter de här veckorna: det finns inga "
            "siffror för dem, eftersom inget hade rapporterats än."
        ) % {"first": began}
    return straddling_note(window, began)


@dataclass(frozen=True)
class DistrictRates:
    window: Window
    districts: tuple[DistrictRate, ...]
    outside: int | None  # counted reports in no district (no position, or outside every district)
    # The first reporting week as the viewer sees it (None: nothing reported yet).
    reporting_began: IsoWeek | None = None
    # The districts with a rate, smoothed together (None: no district has one).
    smoothing: SmoothedRates | None = None

    @property
    def before_reporting(self) -> bool:
        """The window ends before reporting began, or nothing has been reported: no counts."""
        return self.reporting_began is None or self.window.last < self.reporting_began

    @property
    def counted_first(self) -> IsoWeek | None:
        """The window's first week with counts: reporting had begun by it (None: no counts)."""
        if self.reporting_began is None or self.before_reporting:
            return None
        return max(self.window.first, self.reporting_began)

    @property
    def counted_weeks(self) -> int:
        """How many of the window's weeks are counted (0 before reporting began)."""
        first = self.counted_first
        return 0 if first is None else weeks_from(first, self.window.last)

    @property
    def reporting_note(self) -> str:
        """Why the window has no counts, or counts only its weeks since reporting began; ''
        when every week of it is counted."""
        return reporting_note(self.window, self.reporting_began)

    @property
    def known(self) -> tuple[DistrictRate, ...]:
        """The districts with a known population (before reporting began they have no rate)."""
        return tuple(d for d in self.districts if d.population)

    @property
    def unknown(self) -> tuple[DistrictRate, ...]:
        return tuple(d for d in self.districts if not d.population)

    @property
    def synthetic(self) -> bool:
        return any(d.synthetic for d in self.known)

    @property
    def maximum(self) -> float:
        """The highest smoothed rate: the darkest shade (0 when no district has a rate)."""
        return max((d.per_1000_smoothed or 0.0 for d in self.districts), default=0.0)

    @property
    def overall_per_1000(self) -> float | None:
        """The districts' overall rate, which the smoothing draws each toward."""
        return None if self.smoothing is None else PER * self.smoothing.overall

    @property
    def pooled(self) -> bool:
        """Two districts or more with a rate differ no more than chance would make them: each is
        shaded by the overall rate, all in one colour."""
        rated = sum(d.per_1000 is not None for d in self.districts)
        return self.smoothing is not None and self.smoothing.pooled and rated > 1

    @property
    def smoothing_note(self) -> str:
        """That the map has one colour, and why, when the districts are pooled; '' else."""
        if not self.pooled or self.overall_per_1000 is None:
            return ""
        rate = format_number(self.overall_per_1000, 2)
        if self.window.weeks == 1:
            return _(
                "Stadsdelarnas skillnader denna vecka är inte större än slumpen ger: alla får "
                "stadsdelarnas sammanlagda kvot, %(rate)s per 1 000 invånare, och kartan har en "
                "enda färg."
            ) % {"rate": rate}
        return _(
            "Stadsdelarnas skillnader de här veckorna är inte större än slumpen ger: alla får "
            "stadsdelarnas sammanlagda kvot, %(rate)s per 1 000 invånare, och kartan har en "
            "enda färg."
        ) % {"rate": rate}


def smoothed(districts: list[DistrictRate]) -> tuple[list[DistrictRate], SmoothedRates | None]:
    """The districts with their empirical Bayes rates per 1 000, smoothed over those that have a
    rate (a known population and a count); None when no district has one."""
    rated = [d for d in districts if d.per_1000 is not None]
    if not rated:
        return districts, None
    smoothing = empirical_bayes([d.reports or 0 for d in rated], [d.population or 0 for d in rated])
    by_code = {d.code: PER * r for d, r in zip(rated, smoothing.rates, strict=True)}
    return [replace(d, per_1000_smoothed=by_code.get(d.code)) for d in districts], smoothing


def _populations(districts: list[Area], year: int) -> dict[int, DistrictPopulation]:
    """Each district's population of the latest year up to ``year``, else its earliest after."""
    rows = DistrictPopulation.objects.filter(area__in=districts).order_by("year")
    chosen: dict[int, DistrictPopulation] = {}
    for row in rows:
        current = chosen.get(row.area_id)
        if current is None or (row.year <= year and current.year < row.year):
            chosen[row.area_id] = row
    return chosen


def district_rates(viewer: Viewer, municipality: Municipality, window: Window) -> DistrictRates:
    """Counted reports per district in ``window`` and per 1 000 inhabitants where known."""
    mondays = window.mondays()
    counts = (
        visible_counts(viewer)
        .filter(municipality_id=municipality.pk, week__gte=mondays[0], week__lte=mondays[-1])
        .values("area_id")
        .annotate(n=Sum("reports"))
        .order_by()
    )
    district_of = districts_by_area(municipality)
    per_district: dict[int, int] = {}
    outside = 0
    for row in counts:
        district = district_of.get(row["area_id"])
        if district is None or district.kind != Area.Kind.DISTRICT:
            outside += int(row["n"])
            continue
        per_district[district.pk] = per_district.get(district.pk, 0) + int(row["n"])
    districts = sorted(
        {a for a in district_of.values() if a.kind == Area.Kind.DISTRICT}, key=lambda a: a.name
    )
    populations = _populations(districts, window.last.year)
    began = first_reporting_week(viewer, municipality)
    counted = began is not None and window.last >= began
    rates = []
    for district in districts:
        population = populations.get(district.pk)
        rates.append(
            DistrictRate(
                code=district.code,
                name=district.name,
                reports=per_district.get(district.pk, 0) if counted else None,
                population=population.population if population else None,
                population_year=population.year if population else None,
                synthetic=bool(population and population.source == SYNTHETIC),
            )
        )
    rates, smoothing = smoothed(rates)
    return DistrictRates(window, tuple(rates), outside if counted else None, began, smoothing)


def located_points(viewer: Viewer, municipality: Municipality, window: Window) -> list[tuple]:
    """(lon, lat) of the counted reports with a position the viewer sees in ``window``."""
    return list(
        window_reports(viewer, municipality, window)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list("longitude", "latitude")
    )


def heat_points(municipality: Municipality, points: list[tuple]) -> list[tuple]:
    """The located reports (lon, lat) the heat map spreads: those in reach of the municipality's
    areas (``areas.services.in_reach``), or before it has any, those near the others
    (``NO_AREAS_REACH_M``). The grid spans every point it is given, so one point far off
    (latitude and longitude swapped) would have spread the week over a few cells of 22 km."""
    index = area_index(municipality)
    if len(index):
        return [(lon, lat) for lon, lat in points if in_reach(municipality, lat, lon, index)]
    return near_median(points, NO_AREAS_REACH_M)


@dataclass(frozen=True)
class Heat:
    """The window's located reports and their density, or none when there are too few."""

    points: int
    grid: DensityGrid | None  # None when held back
    far: int = 0  # located reports left out for lying far off (``heat_points``)

    @property
    def held_back(self) -> bool:
        return self.grid is None

    @property
    def far_note(self) -> str:
        """Which located reports the heat leaves out, so that its count and the points agree."""
        if not self.far:
            return ""
        return ngettext(
            "%(n)s rapport med plats ligger långt utanför kommunen och ingår inte i värmekartan "
            "(har latitud och longitud bytt plats?).",
            "%(n)s rapporter med plats ligger långt utanför kommunen och ingår inte i "
            "värmekartan (har latitud och longitud bytt plats?).",
            self.far,
        ) % {"n": self.far}


def density(
    viewer: Viewer,
    municipality: Municipality,
    window: Window,
    bandwidth_m: float | None = None,
    cell_m: float | None = None,
) -> Heat:
    """The quartic kernel density of the window's located reports, unless there are fewer than
    ``MIN_DENSITY_POINTS`` of them: then only their number (no surface is computed)."""
    located = located_points(viewer, municipality, window)
    points = heat_points(municipality, located)
    far = len(located) - len(points)
    if not density_is_shown(len(points)):
        return Heat(len(points), None, far)
    grid = kernel_density(points, bandwidth_m=bandwidth_m, cell_m=cell_m)
    return Heat(len(points), grid, far)


# --- as JSON ---------------------------------------------------------------------------------


def density_dict(heat: Heat, window: Window) -> dict[str, Any]:
    """The grid as JSON: its frame, and each cell above zero as [row, column, per km²]; held
    back (no frame, no cells) with fewer than ``min_points`` located reports."""
    base: dict[str, Any] = {
        "first_week": str(window.first),
        "last_week": str(window.last),
        "weeks": window.weeks,
        "kernel": "quartic",
        "unit": "reports per km²",
        "points": heat.points,
        # Located reports left out for lying far off (latitude and longitude swapped?).
        "far_points": heat.far,
        "min_points": MIN_DENSITY_POINTS,
        "held_back": heat.held_back,
        "held_back_reason": TOO_FEW_POINTS if heat.held_back else None,
    }
    grid = heat.grid
    if grid is None:
        return base | {"cells": []}
    dlon, dlat = grid.cell_degrees
    return base | {
        "bandwidth_m": round(grid.bandwidth_m, 1),
        "bandwidth_rule": grid.bandwidth_rule,
        "cell_m": round(grid.cell_m, 2),
        "rows": grid.rows,
        "columns": grid.columns,
        "west": grid.west,
        "south": grid.south,
        "east": grid.east,
        "north": grid.north,
        "cell_degrees": [dlon, dlat],
        "maximum": round(grid.maximum, 4),
        "total": round(grid.total(), 4),
        "cells": [[row, column, round(value, 4)] for row, column, value in grid.cells()],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def rates_dict(rates: DistrictRates) -> dict[str, Any]:
    return {
        "first_week": str(rates.window.first),
        "last_week": str(rates.window.last),
        "weeks": rates.window.weeks,
        "per": PER,
        # The first reporting week as the viewer sees it; before it the counts are null.
        "reporting_began": str(rates.reporting_began) if rates.reporting_began else None,
        "before_reporting": rates.before_reporting,
        # The window's weeks since reporting began, the only ones counted.
        "counted_first_week": str(rates.counted_first) if rates.counted_first else None,
        "counted_weeks": rates.counted_weeks,
        "reporting_note": rates.reporting_note,
        # The map's shade: each district's rate drawn toward the overall one (Marshall 1991).
        "smoothing": SMOOTHING,
        "overall_per_1000": _rounded(rates.overall_per_1000),
        "pooled": rates.pooled,
        "smoothing_note": rates.smoothing_note,
        "outside_districts": rates.outside,
        "synthetic_population": rates.synthetic,
        "districts": [
            {
                "code": d.code,
                "name": d.name,
                "reports": d.reports,
                "population": d.population,
                "population_year": d.population_year,
                "per_1000": _rounded(d.per_1000),
                "per_1000_smoothed": _rounded(d.per_1000_smoothed),
            }
            for d in rates.districts
        ],
    }


def _rate_rows(rates: DistrictRates) -> list[dict[str, Any]]:
    """The districts as the page's table and the map's shading show them (numbers written in
    the current language: the cache key holds it)."""
    top = rates.maximum or 1.0
    # Pooled, every district has the one rate: a middle shade, not the darkest (the map would
    # read as every district at its worst).
    scale = POOLED_SHARE if rates.pooled else 1.0
    return [
        {
            "code": d.code,
            "name": d.name,
            "reports": None if d.reports is None else number_format(d.reports, force_grouping=True),
            "population": number_format(d.population, force_grouping=True)
            if d.population is not None
            else None,
            "population_year": d.population_year,
            "per_1000": None if d.per_1000 is None else format_number(d.per_1000, 2),
            "per_1000_smoothed": None
            if d.per_1000_smoothed is None
            else format_number(d.per_1000_smoothed, 2),
            # The shade, a share of the highest smoothed rate; None without a rate (dashed).
            "share": None
            if d.per_1000_smoothed is None
            else round(scale * d.per_1000_smoothed / top, 4),
        }
        for d in rates.districts
    ]


def _hotspot_count(analysis: WeeklyAnalysis, in_progress: bool) -> str:
    """'3 brännpunkter (fyra veckor)': the week's hotspots with their period (a running week's
    by its days so far, '1 brännpunkt (16/11–7/12)')."""
    n = len(analysis.hotspots)
    values = {"n": format_number(n)}
    if analysis.hotspot_since_start:
        text = ngettext(
            "%(n)s brännpunkt (sedan rapporteringen började)",
            "%(n)s brännpunkter (sedan rapporteringen började)",
            n,
        )
    elif in_progress:
        text = ngettext(
            "%(n)s brännpunkt (%(first)s–%(last)s)", "%(n)s brännpunkter (%(first)s–%(last)s)", n
        )
        values |= analysis.hotspot_days()
    else:
        text = ngettext("%(n)s brännpunkt (fyra veckor)", "%(n)s brännpunkter (fyra veckor)", n)
    return text % values


def summary(week: IsoWeek, located: int, analysis: WeeklyAnalysis, in_progress: bool) -> str:
    """The sentence above the map: 'Vecka 2024-W37 (2024-09-09 – 2024-09-15): 1 rapport med
    plats, 2 brännpunkter (fyra veckor).' Each count has its own plural."""
    points = ngettext("%(n)s rapport med plats", "%(n)s rapporter med plats", located) % {
        "n": format_number(located)
    }
    # Translators: %(points)s is "N rapporter med plats", %(hotspots)s "N brännpunkter (…)".
    return _("Vecka %(week)s (%(from)s – %(to)s): %(points)s, %(hotspots)s.") % {
        "week": week,
        "from": week.monday.isoformat(),
        "to": week.sunday.isoformat(),
        "points": points,
        "hotspots": _hotspot_count(analysis, in_progress),
    }


def week_map(viewer: Viewer, municipality: Municipality, week: IsoWeek) -> dict[str, Any]:
    """One week of the analysis map as JSON, cached per viewer class with the week."""

    def compute(narrowed: Viewer) -> dict[str, Any]:
        picture, analysis = cached_week(narrowed, municipality, week)
        window = Window(week, 1)
        heat = density(narrowed, municipality, window)
        rates = district_rates(narrowed, municipality, window)
        points = report_features(picture)
        return {
            "week": str(week),
            "first_day": week.monday.isoformat(),
            "last_day": week.sunday.isoformat(),
            # The week is not over: its hotspot period ends today.
            "in_progress": picture.in_progress,
            "points": points,
            "hotspots": hotspot_features(analysis),
            "hotspot_from": analysis.hotspot_from.isoformat(),
            "hotspot_to": analysis.hotspot_to.isoformat(),
            # Reporting began within the four weeks: the hotspots are "since reporting began".
            "hotspot_since_start": analysis.hotspot_since_start,
            "summary": summary(week, len(points["features"]), analysis, picture.in_progress),
            "hotspot_legend": analysis.hotspot_legend(picture.in_progress),
            "heat": density_dict(heat, window),
            "heat_far_note": heat.far_note,
            "heat_maximum": format_number(heat.grid.maximum, 1) if heat.grid else None,
            # Written for the language, as the page's first render writes it ("779,7").
            "heat_bandwidth": format_number(heat.grid.bandwidth_m, 1) if heat.grid else None,
            "rates": rates_dict(rates),
            "rate_rows": _rate_rows(rates),
            "rates_known": len(rates.known),
            "rates_unknown": [d.name for d in rates.unknown],
            # The week came before reporting began: its zeros are no quiet week.
            "reporting_note": rates.reporting_note,
            "population_synthetic": rates.synthetic,
        }

    return cached_for_week(viewer, municipality, week, MAP_PART, compute)

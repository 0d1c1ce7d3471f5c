"""Where this week's reports concentrate: Gi* hot cells, repeat places, PAI of the focus areas.

Hotspots are computed over the last four weeks (the examined week and the three before): a
single week gives a district a handful of reports over tens of cells, where Gi* finds nothing but
noise or misses a real cluster; four weeks is the window EST meetings already think in (and the
repeat-place window). Each hot cell also says how many of its reports fell in the examined week.

The grid is H3 resolution 9 (``core.stats.hotspots.DEFAULT_RESOLUTION``, edge about 200 m,
0.105 km²): a district of about 1 km² holds some ten cells, and Gi* runs over all cells whose
centre lies in any district of the municipality, so the neighbourhoods are compared with the
whole town (a few hundred cells), not with one district. Resolution 10 (0.015 km²) would leave
almost every cell at 0 or 1 in four weeks of a municipality's reports.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from typing import Any, NamedTuple

import h3
import shapely
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from shapely.geometry import shape

from lagesbild.areas.models import Area, Municipality
from lagesbild.areas.services import area_index
from lagesbild.briefings.focus import chosen_focus
from lagesbild.briefings.geo import area_m2, union
from lagesbild.core.geometry import AreaIndex
from lagesbild.core.places import Gazetteer, cluster_name, group_places, normalise_place_text
from lagesbild.core.stats.hotspots import (
    DEFAULT_RESOLUTION,
    HotspotCell,
    area_cells,
    cell_counts,
    cell_polygon,
    cells_outline,
    gi_star,
    pai,
    repeat_places,
    touching_groups,
)
from lagesbild.core.weeks import IsoWeek

HOTSPOT_WEEKS = 4
REPEAT_DAYS = 28
REPEAT_MIN_COUNT = 3
FDR = 0.05
# Gi* judges a cell's neighbourhood, so an empty cell beside a busy one can be "hot". The meeting
# acts on places, so a hot cell is listed only when it holds reports itself.
HOTSPOT_MIN_COUNT = 3


class Located(NamedTuple):
    """One report as the place analyses need it (no free text unless the viewer may read it).

    A named tuple, not a frozen dataclass: the week's window holds up to tens of thousands of
    reports, and a frozen dataclass costs several times as much to build.
    """

    id: int
    when: datetime
    day: date
    latitude: float | None
    longitude: float | None
    area_id: int | None
    category_label: str
    place_text: str | None
    in_week: bool


@dataclass(frozen=True)
class Hotspot:
    """Touching hot cells: one concentration of reports (a square's cells are one hotspot)."""

    cells: tuple[str, ...]  # strongest first; kept for turning it into a focus area; never shown
    name: str | None  # its reports' most frequent readable place text, else the nearest place
    also: tuple[str, ...]  # the other places its cells are named by, strongest cell first
    count: int
    week_count: int
    z: float  # the strongest cell's
    p_fdr: float  # the strongest cell's
    district: str | None  # where the strongest cell lies
    district_name: str | None
    latitude: float  # the strongest cell's centre
    longitude: float
    polygon: dict[str, Any] = field(repr=False)
    # When a repeat place bears the hotspot's name: how many of that place's reports lie in the
    # hotspot, and how many it has. The place's pins may spread over cells that are not hot, so
    # the hotspot can hold fewer reports than the repeat place listed under the same name.
    place_count: int | None = None
    place_total: int | None = None


@dataclass(frozen=True)
class RepeatPlace:
    key: str  # the normalised name, or the point of a place with no name
    kind: str  # "point" (some report has a pin) or "text" (grouped by place text only)
    # The most frequent place text the viewer may read, else the nearest gazetteer place; None
    # when neither exists.
    label: str | None
    district: str | None
    district_name: str | None
    count: int
    first: date
    last: date
    dates: tuple[date, ...]
    categories: tuple[str, ...]
    # The H3 cells (``DEFAULT_RESOLUTION``) of its reports' points: its shape when it becomes a
    # focus area. Empty for a place known by its text only.
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class FocusAreaPai:
    rank: int
    label: str
    kind: str  # "area" or "cells"
    district: str | None  # the focus area's area, by name
    h3_cells: tuple[str, ...]
    reports_in: int
    share_reports: float | None
    area_m2: float
    share_area: float | None
    pai: float | None


@dataclass(frozen=True)
class FocusPai:
    meeting_week: str
    meeting_date: date
    reports_total: int
    area_total_m2: float
    areas: tuple[FocusAreaPai, ...]
    reports_in: int
    area_in_m2: float
    pai: float | None


# ---------------------------------------------------------------------------
# Hotspots
# ---------------------------------------------------------------------------


def _study_cells(districts: Iterable[Area]) -> set[str]:
    cells: set[str] = set()
    for district in districts:
        cells |= area_cells(district.geometry, DEFAULT_RESOLUTION)
    return cells


def hotspots(
    reports: Sequence[Located],
    municipality: Municipality,
    district_of: dict[int, Area],
    gazetteer: Gazetteer | None = None,
    repeated: Sequence[PlaceReports] = (),
) -> tuple[Hotspot, ...]:
    """Return the hotspots, strongest first: significant hot cells (Gi*, FDR 5 %) holding at
    least three reports, touching ones together, each named by its reports' place texts or the
    nearest gazetteer place.

    ``repeated``: the repeat places of the same reports (``repeat_groups``); a hotspot named as
    one of them says how many of its reports it holds (``Hotspot.place_count``).
    """
    pinned = [r for r in reports if r.latitude is not None]
    if not pinned:
        return ()
    cells = [h3.latlng_to_cell(r.latitude, r.longitude, DEFAULT_RESOLUTION) for r in pinned]
    study = _study_cells({a for a in district_of.values() if a.kind == Area.Kind.DISTRICT})
    # The whole study area with its empty cells is the reference; without districts, pad around.
    counts = dict.fromkeys(study, 0) | Counter(cells) if study else cell_counts(cells, pad_k=2)
    ordered = sorted(counts)
    found = gi_star(ordered, [counts[c] for c in ordered], alpha=FDR)
    hot = {
        h.cell: h
        for h in sorted(found, key=lambda h: -h.z)
        if h.hot and h.count >= HOTSPOT_MIN_COUNT
    }
    if not hot:
        return ()
    texts: dict[str, list[str]] = defaultdict(list)
    for cell, r in zip(cells, pinned, strict=True):
        if r.place_text:
            texts[cell].append(r.place_text)
    week_counts = Counter(c for c, r in zip(cells, pinned, strict=True) if r.in_week)
    index = area_index(municipality)  # once: each lookup of it checks the areas' version
    cell_of = {r.id: cell for cell, r in zip(cells, pinned, strict=True)}
    grouped = (
        _hotspot(
            [hot[c] for c in group],
            texts,
            sum(week_counts[c] for c in group),
            (gazetteer, index, district_of),
        )
        for group in touching_groups(list(hot))
    )
    return tuple(_with_place_share(h, repeated, cell_of) for h in grouped)


def _with_place_share(
    hotspot: Hotspot, repeated: Sequence[PlaceReports], cell_of: Mapping[int, str]
) -> Hotspot:
    """The hotspot with how many reports of the repeat place it is named after lie in it (of
    the places of that name, the one with most in it)."""
    if not hotspot.name:
        return hotspot
    name, cells = normalise_place_text(hotspot.name), set(hotspot.cells)
    shares = [
        (sum(cell_of.get(i) in cells for i in ids), place.count)
        for place, ids in repeated
        if place.label and normalise_place_text(place.label) == name
    ]
    if not shares:
        return hotspot
    inside, total = max(shares)
    return replace(hotspot, place_count=inside, place_total=total)


def _district_at(
    index: AreaIndex, district_of: dict[int, Area], lat: float, lon: float
) -> Area | None:
    area_id = index.locate(lat=lat, lon=lon)
    return district_of.get(area_id) if area_id is not None else None


def _hotspot(
    group: Sequence[HotspotCell],
    texts: dict[str, list[str]],
    week_count: int,
    places: tuple[Gazetteer | None, AreaIndex, dict[int, Area]],
) -> Hotspot:
    gazetteer, index, district_of = places
    strongest, ids = group[0], [h.cell for h in group]
    lat, lon = h3.cell_to_latlng(strongest.cell)
    name = cluster_name([t for c in ids for t in texts[c]], (lat, lon), gazetteer)
    cell_names = (cluster_name(texts[c], h3.cell_to_latlng(c), gazetteer) for c in ids)
    named = {normalise_place_text(name)} if name else set()
    also = []
    for other in cell_names:
        if other and normalise_place_text(other) not in named:
            named.add(normalise_place_text(other))
            also.append(other)
    district = _district_at(index, district_of, lat, lon)
    return Hotspot(
        tuple(ids),
        name,
        tuple(also),
        int(sum(h.count for h in group)),
        week_count,
        strongest.z,
        strongest.p_fdr,
        district.code if district else None,
        district.name if district else None,
        lat,
        lon,
        cells_outline(ids),
    )


# ---------------------------------------------------------------------------
# Repeat places
# ---------------------------------------------------------------------------


class PlaceReports(NamedTuple):
    """A repeat place and the ids of the reports it counts."""

    place: RepeatPlace
    ids: frozenset[int]


def repeats(
    reports: Sequence[Located],
    place_texts: dict[int, str],
    district_of: dict[int, Area],
    gazetteer: Gazetteer | None = None,
) -> tuple[RepeatPlace, ...]:
    """Places reported at least three times within 28 days (``repeat_groups`` without ids)."""
    return tuple(p.place for p in repeat_groups(reports, place_texts, district_of, gazetteer))


def repeat_groups(
    reports: Sequence[Located],
    place_texts: dict[int, str],
    district_of: dict[int, Area],
    gazetteer: Gazetteer | None = None,
) -> tuple[PlaceReports, ...]:
    """Places reported at least three times within 28 days, each with its reports' ids.

    Reports are at one place when their pins lie within about 30 m or their normalised place
    texts are the same (``core.places.group_places``). ``place_texts`` holds every report's
    place text for grouping; ``Located.place_text`` (None when the viewer may not read it) is what
    names the place, else the gazetteer place nearest the group's pins.
    """
    keys = [normalise_place_text(place_texts.get(r.id, "")) for r in reports]
    numbers = group_places(
        [(r.latitude, r.longitude, k) for r, k in zip(reports, keys, strict=True)]
    )
    groups: dict[str, list[Located]] = defaultdict(list)
    for r, number in zip(reports, numbers, strict=True):
        if number is not None:
            groups[str(number)].append(r)
    found = repeat_places(
        ((number, r.day) for number, rs in groups.items() for r in rs),
        window_days=REPEAT_DAYS,
        min_count=REPEAT_MIN_COUNT,
    )
    return tuple(_repeat(f, groups[f.place], district_of, gazetteer) for f in found)


def _centre(group: Sequence[Located]) -> tuple[float, float] | None:
    pins = [(r.latitude, r.longitude) for r in group if r.latitude is not None]
    if not pins:
        return None
    return (sum(p[0] for p in pins) / len(pins), sum(p[1] for p in pins) / len(pins))  # type: ignore[misc]


def _repeat(
    found, group: list[Located], district_of: dict[int, Area], gazetteer: Gazetteer | None
) -> PlaceReports:
    inside = sorted((r for r in group if found.first <= r.day <= found.last), key=lambda r: r.when)
    centre = _centre(inside)
    label = cluster_name([r.place_text or "" for r in inside], centre, gazetteer)
    districts = Counter(district_of[r.area_id] for r in inside if r.area_id in district_of)
    district = districts.most_common(1)[0][0] if districts else None
    key = normalise_place_text(label or "") or (
        f"{centre[0]:.5f},{centre[1]:.5f}" if centre else ""
    )
    place = RepeatPlace(
        key=key,
        kind="point" if centre else "text",
        label=label,
        district=district.code if district else None,
        district_name=district.name if district else None,
        count=found.count,
        first=found.first,
        last=found.last,
        dates=tuple(r.day for r in inside),
        categories=tuple(sorted({r.category_label for r in inside})),
        cells=_cells_of(inside),
    )
    return PlaceReports(place, frozenset(r.id for r in inside))


def _cells_of(reports: Iterable[Located]) -> tuple[str, ...]:
    """The H3 cells of the reports' points, most reports first (a focus area's shape)."""
    cells = Counter(
        h3.latlng_to_cell(r.latitude, r.longitude, DEFAULT_RESOLUTION)
        for r in reports
        if r.latitude is not None and r.longitude is not None
    )
    return tuple(c for c, _n in sorted(cells.items(), key=lambda kv: (-kv[1], kv[0])))


# ---------------------------------------------------------------------------
# PAI of last week's focus areas
# ---------------------------------------------------------------------------


def _subtree(area_id: int, parent_of: Mapping[int, int | None]) -> set[int]:
    """The area and every area nested in it."""
    found = {area_id}
    changed = True
    while changed:
        more = {a for a, p in parent_of.items() if p in found and a not in found}
        found |= more
        changed = bool(more)
    return found


def _focus_shape(focus: Any):
    """Cells when the focus area names them (more precise than its district), else the area."""
    if focus.h3_cells:
        return "cells", union(cell_polygon(c) for c in focus.h3_cells)
    if focus.area_id:
        return "area", shape(focus.area.geometry)
    return None, None


def _inside(focus: Any, kind: str, r: Located, subtree: set[int]) -> bool:
    if kind == "cells":
        if r.latitude is None:
            return False
        resolution = h3.get_resolution(focus.h3_cells[0])
        return h3.latlng_to_cell(r.latitude, r.longitude, resolution) in set(focus.h3_cells)
    return r.area_id in subtree


def focus_pai(
    municipality: Municipality,
    week: IsoWeek,
    week_reports: Callable[[], Sequence[Located]],
    districts: Sequence[Area],
) -> FocusPai | None:
    """PAI of the focus areas the meeting of the previous week chose, on this week's reports
    (``week_reports`` is called only when there was such a meeting).

    N is this week's reports placed in the municipality's areas; A the districts' area (geodesic,
    m²). A focus area given as H3 cells counts reports by the cell of their point; one given as an
    area counts reports placed in it or in an area nested in it. The total counts a report once
    even if it lies in two focus areas, and the union's area once.
    """
    meeting = chosen_focus(municipality, week.previous())
    if meeting is None:
        return None
    town = union(d.geometry for d in districts)
    placed = [r for r in week_reports() if r.area_id is not None]
    parent_of = dict(Area.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    rows, inside_any, shapes = [], set(), []
    for focus in meeting.places:
        kind, geometry = _focus_shape(focus)
        if kind is None:
            continue
        subtree = _subtree(focus.area_id, parent_of) if kind == "area" else set()
        hits = {r.id for r in placed if _inside(focus, kind, r, subtree)}
        inside_any |= hits
        shapes.append(geometry.intersection(town))
        rows.append(
            _focus_row(focus, kind, len(hits), len(placed), area_m2(shapes[-1]), area_m2(town))
        )
    area_in = area_m2(union_shapes(shapes))
    return FocusPai(
        meeting_week=meeting.iso_week,
        meeting_date=meeting.date,
        reports_total=len(placed),
        area_total_m2=area_m2(town),
        areas=tuple(rows),
        reports_in=len(inside_any),
        area_in_m2=area_in,
        pai=_pai(len(inside_any), len(placed), area_in, area_m2(town)),
    )


def union_shapes(shapes: list) -> Any:
    return shapely.union_all(shapes) if shapes else shapely.Polygon()


def _pai(n_in: int, n: int, a_in: float, a: float) -> float | None:
    # Rounding in the geodesic union can leave a_in a hair above a; PAI's check would refuse it.
    return pai(n_in, n, min(a_in, a), a)


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _focus_row(focus: Any, kind: str, n_in: int, n: int, a_in: float, a: float) -> FocusAreaPai:
    return FocusAreaPai(
        rank=focus.rank,
        label=focus.label,
        kind=kind,
        district=focus.area.name if focus.area_id else None,
        h3_cells=tuple(focus.h3_cells),
        reports_in=n_in,
        share_reports=_share(n_in, n),
        area_m2=a_in,
        share_area=_share(a_in, a),
        pai=_pai(n_in, n, a_in, a),
    )


def focus_name(label: str, district: str | None, cells: Sequence[str]) -> str:
    """A focus area's name with the shape it is counted over: its cells, or all of its area.

    Two focus areas made from the same place may differ in shape (a hotspot's or a place's
    cells, or a whole district): the name alone would show them as one.
    """
    if cells:
        return ngettext("%(label)s (%(n)s cell)", "%(label)s (%(n)s celler)", len(cells)) % {
            "label": label,
            "n": len(cells),
        }
    if district and normalise_place_text(district) != normalise_place_text(label):
        return _("%(label)s (hela %(district)s)") % {"label": label, "district": district}
    return label


def place_share(hotspot: Hotspot | Mapping[str, Any]) -> str | None:
    """Say how many of the named repeat place's reports the hotspot holds, when not all: its
    pins may spread beyond the hot cells ("12 av platsens 14 rapporter ligger i brännpunkten")."""
    get = hotspot.get if isinstance(hotspot, Mapping) else partial(getattr, hotspot)
    inside, total = get("place_count", None), get("place_total", None)
    if inside is None or not total or inside >= total:
        return None
    return ngettext(
        "%(n)s av platsens %(total)s rapport ligger i brännpunkten",
        "%(n)s av platsens %(total)s rapporter ligger i brännpunkten",
        total,
    ) % {"n": inside, "total": total}

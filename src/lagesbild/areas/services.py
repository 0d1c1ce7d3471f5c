"""Place points in areas. The index is rebuilt when a municipality's areas change."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from lagesbild.areas.models import Area, Municipality
from lagesbild.core.geometry import SWEDEN_BOUNDS, AreaIndex, IndexedArea, near_bounds
from lagesbild.core.i18n import format_number

# municipality id -> (areas_version, index)
_INDEXES: dict[int, tuple[tuple, AreaIndex]] = {}


def lock_municipality(municipality_id: int) -> Municipality | None:
    """Read the municipality's row and hold it locked until the transaction ends.

    The one lock that orders the writes deciding where a municipality's reports lie and what
    they count: a report placed in an area, the areas drawn anew, the rollup refreshed. A report
    writer takes it before it places the report (and before it locks any report row), and the
    areas' writers before they change an area, so a report filed during an areas import is
    placed in the new areas, or moved by the import. NO KEY: a report insert holds a KEY SHARE
    lock on its municipality, which FOR UPDATE would wait for. A no-op on SQLite, where one
    writer at a time holds the whole database.
    """
    no_key = connection.features.has_select_for_no_key_update
    return Municipality.objects.select_for_update(no_key=no_key).filter(pk=municipality_id).first()


def lock_municipalities(municipality_ids: Iterable[int]) -> None:
    """``lock_municipality`` each of them, in the order of their ids: the order every writer
    keeps, so two writers of several municipalities never wait for each other."""
    for municipality_id in sorted(set(municipality_ids)):
        lock_municipality(municipality_id)


def areas_version(municipality_id: int) -> tuple:
    """A stamp that changes whenever an area of the municipality is saved or removed."""
    stats = Area.objects.filter(municipality_id=municipality_id).aggregate(
        changed=Max("updated_at"), count=Count("id")
    )
    return (stats["changed"], stats["count"])


def area_index(municipality: Municipality) -> AreaIndex:
    """Return the (cached) point-in-polygon index of ``municipality``'s areas."""
    version = areas_version(municipality.pk)
    cached = _INDEXES.get(municipality.pk)
    if cached and cached[0] == version:
        return cached[1]
    areas = list(Area.objects.filter(municipality=municipality).select_related("parent"))
    index = AreaIndex(IndexedArea(area.pk, area.geometry, area.depth) for area in areas)
    _INDEXES[municipality.pk] = (version, index)
    return index


#: How far outside its areas a point may lie and still be the municipality's: a pin on the border
#: road or just over the line. Farther is a mistake, such as latitude and longitude swapped.
REACH_METRES = 10_000


def in_reach(
    municipality: Municipality, lat: float, lon: float, index: AreaIndex | None = None
) -> bool:
    """Whether the point can be the municipality's: within ``REACH_METRES`` of the bounding box
    of its areas; before it has any, within as far of Sweden for a Swedish municipality (any
    point for one of the local 9xxx codes)."""
    index = index if index is not None else area_index(municipality)
    if len(index):
        return index.is_near(lat, lon, REACH_METRES)
    return not municipality.in_sweden or near_bounds(SWEDEN_BOUNDS, lat, lon, REACH_METRES)


def check_in_reach(
    municipality: Municipality, lat: float, lon: float, index: AreaIndex | None = None
) -> None:
    """Refuse a point that cannot be the municipality's (``in_reach``), and say when latitude
    and longitude swapped would make it one. A caller that checks many points passes the
    municipality's ``area_index`` once."""
    index = index if index is not None else area_index(municipality)
    if in_reach(municipality, lat, lon, index):
        return
    values = {"lat": format_number(lat, 5), "lon": format_number(lon, 5)}
    if len(index):
        message = _(
            "Punkten %(lat)s, %(lon)s ligger mer än %(km)s km utanför kommunens områden. "
            "Har latitud och longitud bytt plats?"
        ) % {**values, "km": REACH_METRES // 1000}
    elif in_reach(municipality, lon, lat, index):
        message = (
            _(
                "Punkten %(lat)s, %(lon)s ligger utanför Sverige, men med latitud och longitud "
                "bytta (%(lon)s, %(lat)s) ligger den i Sverige. Har de bytt plats?"
            )
            % values
        )
    else:
        message = (
            _(
                "Punkten %(lat)s, %(lon)s ligger utanför Sverige. Kontrollera koordinaterna "
                "(WGS84, latitud först); kommunen har inga områden än att jämföra med."
            )
            % values
        )
    raise ValidationError({"latitude": message})


def locate_area(municipality: Municipality, lat: float, lon: float) -> Area | None:
    """Return the most deeply nested area of ``municipality`` that contains the point."""
    area_id = area_index(municipality).locate(lat=lat, lon=lon)
    return Area.objects.get(pk=area_id) if area_id is not None else None


def area_and_inner_ids(area_id: int) -> list[int]:
    """The area and every area nested inside it, at any depth: a report placed in a smaller
    area counts in the areas around it."""
    ids, frontier = [area_id], [area_id]
    while frontier:
        frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def inner_areas_by_area(municipality_id: int) -> dict[int, frozenset[int]]:
    """Every area of the municipality with the areas nested inside it, at any depth (what
    ``area_and_inner_ids`` gives one area), from one read: for pages that need it for many areas.
    Areas nest within their municipality (``Area.clean``)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Area.objects.filter(municipality_id=municipality_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    inner: dict[int, frozenset[int]] = {}

    def walk(area_id: int) -> frozenset[int]:
        if area_id not in inner:
            below = (walk(child) for child in children.get(area_id, ()))
            inner[area_id] = frozenset({area_id}).union(*below)
        return inner[area_id]

    for pk in {pk for found in children.values() for pk in found}:
        walk(pk)
    return inner


def districts_by_area(municipality: Municipality) -> dict[int, Area]:
    """Map every area id to the district it lies in (itself, or its nearest district ancestor)."""
    areas = {a.pk: a for a in Area.objects.filter(municipality=municipality)}
    result: dict[int, Area] = {}
    for area in areas.values():
        node = area
        while node.kind != Area.Kind.DISTRICT and node.parent_id in areas:
            node = areas[node.parent_id]
        result[area.pk] = node
    return result


def districts_geojson(municipality_ids) -> dict:
    """Return the districts of the given municipalities as a GeoJSON FeatureCollection."""
    areas = Area.objects.filter(municipality_id__in=municipality_ids, kind=Area.Kind.DISTRICT)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {"code": area.code, "name": area.name},
            }
            for area in areas
        ],
    }

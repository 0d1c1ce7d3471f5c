"""Areas as GeoJSON polygons: validation and point-in-polygon lookup.

Coordinates follow GeoJSON: (longitude, latitude) in WGS84.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import mapping, shape

from lagesbild.core.i18n import gettext as _

__all__ = [
    "SWEDEN_BOUNDS",
    "AreaIndex",
    "GeometryError",
    "IndexedArea",
    "circle_around",
    "near_bounds",
    "polygon_bounds",
    "validate_polygon",
]

#: Metres per degree of latitude (a mean Earth radius of 6 371 km).
M_PER_DEG_LAT = 111_195.0

#: Sweden's extent in WGS84 (west, south, east, north): Koster 10.96° E, Smygehuk 55.34° N,
#: Haparanda 24.17° E, Treriksröset 69.06° N. What a Swedish municipality's point must lie in
#: before the municipality has areas to hold it to.
SWEDEN_BOUNDS = (10.96, 55.33, 24.17, 69.06)


def near_bounds(
    bounds: tuple[float, float, float, float], lat: float, lon: float, metres: float
) -> bool:
    """Tell whether the point lies within about ``metres`` of ``bounds`` (west, south, east,
    north).

    >>> near_bounds(SWEDEN_BOUNDS, 56.0465, 12.6945, 10_000)
    True
    >>> near_bounds(SWEDEN_BOUNDS, 12.6945, 56.0465, 10_000)  # latitude and longitude swapped
    False
    """
    west, south, east, north = bounds
    d_lat = metres / M_PER_DEG_LAT
    d_lon = d_lat / max(math.cos(math.radians(lat)), 0.01)
    return south - d_lat <= lat <= north + d_lat and west - d_lon <= lon <= east + d_lon


_POLYGON_TYPES = {"Polygon", "MultiPolygon"}


class GeometryError(ValueError):
    """A geometry that cannot be used as an area."""


def validate_polygon(geojson: Mapping[str, Any]) -> shapely.Geometry:
    """Return the shapely geometry for a GeoJSON Polygon or MultiPolygon, or raise GeometryError.

    Examples
    --------
    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> validate_polygon(square).area
    1.0
    >>> try:
    ...     validate_polygon({"type": "Point", "coordinates": [0, 0]})
    ... except GeometryError as refused:
    ...     print(refused)
    en GeoJSON Polygon eller MultiPolygon väntades, inte Point
    """
    kind = geojson.get("type") if isinstance(geojson, Mapping) else type(geojson).__name__
    # A file's "type" may be any JSON value; a list or an object cannot be looked up in a set.
    if not isinstance(geojson, Mapping) or not isinstance(kind, str) or kind not in _POLYGON_TYPES:
        raise GeometryError(
            _("en GeoJSON Polygon eller MultiPolygon väntades, inte %(kind)s") % {"kind": kind}
        )
    try:
        geometry = shape(geojson)
    except (KeyError, TypeError, ValueError, IndexError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(
            _("polygonens koordinater går inte att läsa: %(reason)s") % {"reason": exc}
        ) from None
    if geometry.is_empty:
        raise GeometryError(_("polygonen är tom"))
    if not geometry.is_valid:
        # Shapely's reason names the fault and where it is ("Self-intersection[0.5 0.5]").
        raise GeometryError(
            _("ogiltig polygon: %(reason)s") % {"reason": shapely.is_valid_reason(geometry)}
        )
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise GeometryError(_("koordinaterna ska vara longitud och latitud i grader (WGS84)"))
    return geometry


def polygon_bounds(geojson: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """Return (min_lon, min_lat, max_lon, max_lat) of a polygon."""
    min_lon, min_lat, max_lon, max_lat = validate_polygon(geojson).bounds
    return min_lon, min_lat, max_lon, max_lat


@dataclass(frozen=True)
class IndexedArea:
    key: Any
    geometry: Mapping[str, Any]
    depth: int = 0


class AreaIndex:
    """Find the area a point lies in, preferring the most deeply nested one.

    Built once per set of areas (an STRtree), then each lookup is a few microseconds.

    Examples
    --------
    >>> big = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]]}
    >>> small = {"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]]}
    >>> index = AreaIndex([IndexedArea("town", big, 0), IndexedArea("park", small, 1)])
    >>> index.locate(lat=1.5, lon=1.5), index.locate(lat=3, lon=3), index.locate(lat=9, lon=9)
    ('park', 'town', None)
    """

    def __init__(self, areas: Iterable[IndexedArea]) -> None:
        self._areas = list(areas)
        self._geometries = [validate_polygon(area.geometry) for area in self._areas]
        self._tree = shapely.STRtree(self._geometries)
        bounds = shapely.total_bounds(self._geometries).tolist() if self._areas else None
        self._bounds: tuple[float, ...] | None = tuple(bounds) if bounds else None

    def __len__(self) -> int:
        return len(self._areas)

    def locate(self, lat: float, lon: float) -> Any:
        """Return the key of the deepest area containing the point (boundary included), or None."""
        point = shapely.Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        if len(hits) == 0:
            return None
        best = max(hits, key=self._rank)
        return self._areas[best].key

    def locate_many(self, lats: Iterable[float], lons: Iterable[float]) -> list[Any]:
        """Locate many points with one vectorised tree query (for imports and the demo)."""
        points = shapely.points(list(lons), list(lats))
        point_idx, area_idx = self._tree.query(points, predicate="intersects")
        best: dict[int, int] = {}
        for p, a in zip(point_idx.tolist(), area_idx.tolist(), strict=True):
            if p not in best or self._rank(a) > self._rank(best[p]):
                best[p] = a
        return [self._areas[best[i]].key if i in best else None for i in range(len(points))]

    def is_near(self, lat: float, lon: float, metres: float) -> bool:
        """Tell whether the point lies within about ``metres`` of the areas' bounding box (any
        point does when there are no areas).

        >>> square = {"type": "Polygon", "coordinates": [[[13, 56], [13.1, 56], [13.1, 56.1],
        ...     [13, 56.1], [13, 56]]]}
        >>> index = AreaIndex([IndexedArea("town", square, 0)])
        >>> index.is_near(56.05, 13.05, 10_000), index.is_near(56.15, 13.05, 10_000)
        (True, True)
        >>> index.is_near(13.05, 56.05, 10_000), index.is_near(56.3, 13.05, 10_000)
        (False, False)
        """
        if self._bounds is None:
            return True
        west, south, east, north = self._bounds
        return near_bounds((west, south, east, north), lat, lon, metres)

    def _rank(self, i: int) -> tuple[int, float]:
        # Deeper areas first; among equals the smaller one, so the answer never depends on order.
        return (self._areas[i].depth, -self._geometries[i].area)


def circle_around(lat: float, lon: float, metres: float) -> dict[str, Any]:
    """Return a GeoJSON polygon approximating the circle of ``metres`` around a point.

    Drawn in a local metric plane (equirectangular about the point), accurate to well under a
    metre at a town's scale.

    >>> ring = circle_around(56.0, 13.0, 100)["coordinates"][0]
    >>> len(ring) > 30 and ring[0] == ring[-1]
    True
    """
    per_lon = M_PER_DEG_LAT * math.cos(math.radians(lat))
    circle = shapely.Point(0.0, 0.0).buffer(metres)
    degrees = shapely.transform(circle, lambda xy: xy / [per_lon, M_PER_DEG_LAT] + [lon, lat])
    return dict(mapping(degrees))

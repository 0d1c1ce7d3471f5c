"""Geometry for the weekly analysis: areas in m², and a static SVG map for print."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import shape

# Areas on the WGS 84 ellipsoid (geodesic, exact for any polygon size): no projection to choose,
# and the answer is the same in Skåne and in Norrbotten.
_GEOD = Geod(ellps="WGS84")


def area_m2(geometry: shapely.Geometry) -> float:
    """Return the geodesic area of a lon/lat (multi)polygon in square metres."""
    if geometry.is_empty:
        return 0.0
    return abs(_GEOD.geometry_area_perimeter(geometry)[0])


def union(geojsons: Iterable[Mapping[str, Any]]) -> shapely.Geometry:
    """Return the union of GeoJSON polygons as one shapely geometry."""
    return shapely.union_all([shape(g) for g in geojsons])


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


class SvgProjection:
    """Equirectangular lon/lat → SVG pixels, x scaled by cos(latitude) so shapes keep their form."""

    def __init__(self, bounds: tuple[float, float, float, float], width: float = 640) -> None:
        self.min_lon, self.min_lat, max_lon, self.max_lat = bounds
        self.kx = math.cos(math.radians((self.min_lat + self.max_lat) / 2))
        span = max((max_lon - self.min_lon) * self.kx, self.max_lat - self.min_lat, 1e-9)
        self.scale = width / span
        self.width = width
        self.height = (self.max_lat - self.min_lat) * self.scale

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.min_lon) * self.kx * self.scale, (self.max_lat - lat) * self.scale)

    def path(self, geometry: Mapping[str, Any]) -> str:
        """Return an SVG path ``d`` for a GeoJSON polygon (holes drawn even-odd)."""
        parts = []
        for ring in _rings(geometry):
            xy = [self.point(lon, lat) for lon, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
        return " ".join(parts)

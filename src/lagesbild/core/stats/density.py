"""Kernel density of reports over a grid in metres: the heat layer of the analysis map.

Positions (WGS 84 longitude/latitude) are projected locally, equirectangular about the middle of
the points: ``x = R cos(φ0) (λ - λ0)``, ``y = R (φ - φ0)`` with the mean earth radius R. Within a
municipality (tens of kilometres) distances are off by well under one per cent, less than the
uncertainty of a pin; and the inverse is linear, so every grid cell is an exact lon/lat rectangle
the map can draw.

The kernel is the quartic (biweight) of ``hotspots.quartic_density`` (Silverman 1986, eq. 4.5):
zero beyond the bandwidth (the search radius r), integrating to one per report, so the density is
reports per km² and ``sum(density) × cell area ≈ number of reports`` when the grid covers every
point with a margin of r (it always does here).

Bandwidth. When none is given, Scott's rule for two dimensions, ``h = σ n^(-1/6)``, with σ the
standard distance of the points (``sqrt((var x + var y) / 2)``), gives the standard deviation of an
equivalent Gaussian; a quartic kernel with radius r has a standard deviation of ``r / √8`` per
axis, so ``r = √8 σ n^(-1/6)``, kept between 100 m (a block) and 2 000 m (a district).
Cells are a quarter of the bandwidth unless given, larger when the grid would pass 40 000 cells.

Too few points. A surface from a handful of reports is a handful of separate bumps, and the map
colours each cell by its share of the highest density, so the brightest bump is red whatever the
count: one report at the centre of a 100 m kernel is 95 reports per km², which reads as a
concentration. Below ``MIN_DENSITY_POINTS`` = 10 located reports the map shows no surface, only
the reports themselves (``density_is_shown``). Ten is the least at which a bright area means
several reports near each other rather than one or two: with Scott's rule the bandwidth then
comes from a standard distance of ten points (its standard error ``σ/√(2n)`` about 22 %, with
four points 35 %), and no single report makes more than a tenth of the surface.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from lagesbild.core.stats.hotspots import quartic_density

__all__ = [
    "EARTH_RADIUS_M",
    "MAX_BANDWIDTH_M",
    "MAX_CELLS",
    "MIN_BANDWIDTH_M",
    "MIN_DENSITY_POINTS",
    "DensityGrid",
    "LocalProjection",
    "density_is_shown",
    "kernel_density",
    "near_median",
    "scott_bandwidth",
]

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
MIN_BANDWIDTH_M = 100.0
MAX_BANDWIDTH_M = 2000.0
MAX_CELLS = 40_000
CELLS_PER_BANDWIDTH = 4
# The fewest located reports a density surface is shown for (see the module's docstring).
MIN_DENSITY_POINTS = 10

LonLat = tuple[float, float]


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular projection about (``lon0``, ``lat0``), in metres."""

    lon0: float
    lat0: float

    @property
    def _kx(self) -> float:
        return EARTH_RADIUS_M * math.cos(math.radians(self.lat0))

    def to_metres(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return shape (n, 2): x east, y north of the origin, in metres."""
        x = self._kx * np.radians(np.asarray(lon, float) - self.lon0)
        y = EARTH_RADIUS_M * np.radians(np.asarray(lat, float) - self.lat0)
        return np.column_stack([x, y])

    def to_lonlat(self, x: float, y: float) -> LonLat:
        return (
            self.lon0 + math.degrees(x / self._kx),
            self.lat0 + math.degrees(y / EARTH_RADIUS_M),
        )

    def degrees(self, metres: float) -> LonLat:
        """How many degrees of longitude and of latitude ``metres`` span here."""
        return math.degrees(metres / self._kx), math.degrees(metres / EARTH_RADIUS_M)


def near_median(points: Sequence[LonLat], metres: float) -> list[LonLat]:
    """The points within ``metres`` of their coordinate-wise median: the grid spans every
    point it is given, so one point thousands of kilometres off (latitude and longitude
    swapped) would spread a municipality's reports over a handful of huge cells. The median
    is not moved by a few such points.

    >>> town = [(12.69 + k / 1000, 56.04) for k in range(5)]
    >>> near_median([*town, (56.0465, 12.6945)], 100_000) == town
    True
    """
    if not points:
        return []
    lonlat = np.asarray(points, dtype=float).reshape(-1, 2)
    lon0, lat0 = np.median(lonlat, axis=0)
    xy = LocalProjection(float(lon0), float(lat0)).to_metres(lonlat[:, 0], lonlat[:, 1])
    near = np.hypot(xy[:, 0], xy[:, 1]) <= metres
    return [point for point, kept in zip(points, near.tolist(), strict=True) if kept]


def density_is_shown(points: int) -> bool:
    """Whether a density surface of ``points`` located reports may be shown: at least
    :data:`MIN_DENSITY_POINTS`; below it the reports are shown as points, not as heat.

    >>> density_is_shown(3), density_is_shown(10)
    (False, True)
    """
    return points >= MIN_DENSITY_POINTS


def scott_bandwidth(xy: NDArray[np.float64]) -> float:
    """The quartic radius from Scott's rule, ``√8 σ n^(-1/6)``, within 100–2 000 m."""
    n = len(xy)
    if n < 2:
        return MIN_BANDWIDTH_M
    sigma = math.sqrt((float(np.var(xy[:, 0])) + float(np.var(xy[:, 1]))) / 2)
    radius = math.sqrt(8) * sigma * n ** (-1 / 6)
    return min(MAX_BANDWIDTH_M, max(MIN_BANDWIDTH_M, radius))


@dataclass(frozen=True)
class DensityGrid:
    """Reports per km² at the centres of ``rows`` × ``columns`` square cells of ``cell_m``.

    Row 0 is the southernmost, column 0 the westernmost; ``west``/``south`` is the grid's
    south-west corner and ``cell_degrees`` a cell's width and height in degrees.
    """

    projection: LocalProjection
    west: float
    south: float
    cell_m: float
    rows: int
    columns: int
    bandwidth_m: float
    bandwidth_rule: str  # "given" or "scott"
    points: int
    density: NDArray[np.float64]  # shape (rows, columns)

    @property
    def cell_km2(self) -> float:
        return (self.cell_m / 1000.0) ** 2

    @property
    def cell_degrees(self) -> LonLat:
        return self.projection.degrees(self.cell_m)

    @property
    def east(self) -> float:
        return self.west + self.columns * self.cell_degrees[0]

    @property
    def north(self) -> float:
        return self.south + self.rows * self.cell_degrees[1]

    @property
    def maximum(self) -> float:
        return float(self.density.max()) if self.density.size else 0.0

    def total(self) -> float:
        """The density summed over the grid: the number of reports it holds."""
        return float(self.density.sum()) * self.cell_km2

    def cells(self) -> Iterator[tuple[int, int, float]]:
        """(row, column, reports per km²) of every cell with a density above zero."""
        for row, column in zip(*np.nonzero(self.density), strict=True):
            yield int(row), int(column), float(self.density[row, column])

    def cell_bounds(self, row: int, column: int) -> tuple[LonLat, LonLat]:
        """The cell's south-west and north-east corners as (lon, lat)."""
        dlon, dlat = self.cell_degrees
        west, south = self.west + column * dlon, self.south + row * dlat
        return (west, south), (west + dlon, south + dlat)


def _odd_count(extent_m: float, cell_m: float) -> int:
    """Cells enough to span ``extent_m``, odd so that a cell is centred on the middle."""
    return 2 * math.ceil(extent_m / 2 / cell_m) + 1


def kernel_density(
    points: Sequence[LonLat],
    *,
    bandwidth_m: float | None = None,
    cell_m: float | None = None,
    bounds: tuple[float, float, float, float] | None = None,
) -> DensityGrid:
    """The quartic kernel density of ``points`` (lon, lat) over a grid covering them.

    ``bounds`` (west, south, east, north), e.g. the municipality's districts, widens the grid to
    at least that area (the map's frame). The grid extends ``bandwidth_m`` beyond every point,
    so no report's kernel is cut off.
    """
    if bandwidth_m is not None and not (math.isfinite(bandwidth_m) and bandwidth_m > 0):
        raise ValueError("bandwidth_m must be a positive number of metres")
    if cell_m is not None and not (math.isfinite(cell_m) and cell_m > 0):
        raise ValueError("cell_m must be a positive number of metres")
    lonlat = np.asarray(points, dtype=float).reshape(-1, 2)
    corners = np.asarray([bounds[:2], bounds[2:]], float) if bounds else np.empty((0, 2))
    frame = np.vstack([lonlat, corners])
    if not len(frame):
        raise ValueError("no points and no bounds: nothing to put a grid on")
    middle = (frame.min(axis=0) + frame.max(axis=0)) / 2
    projection = LocalProjection(float(middle[0]), float(middle[1]))
    xy = projection.to_metres(lonlat[:, 0], lonlat[:, 1])
    radius = float(bandwidth_m) if bandwidth_m is not None else scott_bandwidth(xy)
    # The extent, symmetric about the middle (x = y = 0), reaching r beyond every point.
    framed = projection.to_metres(frame[:, 0], frame[:, 1])
    reach = np.abs(framed).max(axis=0) + np.where(len(xy), radius, 0.0)
    size = float(cell_m) if cell_m is not None else radius / CELLS_PER_BANDWIDTH
    columns, rows = _odd_count(2 * reach[0], size), _odd_count(2 * reach[1], size)
    while columns * rows > MAX_CELLS:
        size *= math.sqrt(columns * rows / MAX_CELLS) * 1.01
        columns, rows = _odd_count(2 * reach[0], size), _odd_count(2 * reach[1], size)
    x_centres = (np.arange(columns) - (columns - 1) / 2) * size
    y_centres = (np.arange(rows) - (rows - 1) / 2) * size
    grid_x, grid_y = np.meshgrid(x_centres, y_centres)  # shape (rows, columns)
    centres = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    density = quartic_density(xy, centres, radius).reshape(rows, columns)
    west, south = projection.to_lonlat(-columns * size / 2, -rows * size / 2)
    return DensityGrid(
        projection=projection,
        west=west,
        south=south,
        cell_m=size,
        rows=rows,
        columns=columns,
        bandwidth_m=radius,
        bandwidth_rule="given" if bandwidth_m is not None else "scott",
        points=len(xy),
        density=density,
    )

"""The heat layer's kernel density on known data: mass, symmetry, one point by hand, the rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from lagesbild.core.stats.density import (
    EARTH_RADIUS_M,
    MAX_BANDWIDTH_M,
    MAX_CELLS,
    MIN_BANDWIDTH_M,
    MIN_DENSITY_POINTS,
    LocalProjection,
    density_is_shown,
    kernel_density,
    scott_bandwidth,
)

HELSINGBORG = (12.6945, 56.0465)


def _offset(metres_east: float, metres_north: float, origin=HELSINGBORG) -> tuple[float, float]:
    """The lon/lat ``metres_east`` and ``metres_north`` of ``origin`` (same projection)."""
    return LocalProjection(*origin).to_lonlat(metres_east, metres_north)


def test_one_point_at_a_cell_centre_has_the_kernels_peak_there() -> None:
    grid = kernel_density([HELSINGBORG], bandwidth_m=200.0, cell_m=50.0)
    # By hand: the quartic kernel's peak is 3 / (π r²) with r = 0.2 km: 23.873 reports per km².
    centre = grid.density[grid.rows // 2, grid.columns // 2]
    assert centre == pytest.approx(3 / (math.pi * 0.2**2), rel=1e-9)
    assert centre == pytest.approx(23.873, abs=0.001)
    # One cell (50 m) east: 3 / (π r²) × (1 - (50/200)²)² = 23.873 × 0.87890625.
    east = grid.density[grid.rows // 2, grid.columns // 2 + 1]
    assert east == pytest.approx(23.8732 * (1 - 0.25**2) ** 2, rel=1e-4)
    assert grid.maximum == pytest.approx(centre)
    assert (grid.bandwidth_m, grid.bandwidth_rule, grid.points) == (200.0, "given", 1)


def test_density_sums_to_the_number_of_points() -> None:
    points = [_offset(x, y) for x, y in ((0, 0), (120, -40), (300, 310), (-500, 80), (-510, 95))]
    for radius, cell in ((150.0, 25.0), (400.0, 100.0), (250.0, None)):
        grid = kernel_density(points, bandwidth_m=radius, cell_m=cell)
        assert grid.total() == pytest.approx(5.0, rel=0.01), (radius, cell)
    # With Scott's rule and the default cell (a quarter of the bandwidth) as well.
    assert kernel_density(points).total() == pytest.approx(5.0, rel=0.02)


def test_a_symmetric_pattern_gives_a_symmetric_surface() -> None:
    square = [_offset(x, y) for x, y in ((-300, -300), (300, -300), (-300, 300), (300, 300))]
    grid = kernel_density([*square, HELSINGBORG], bandwidth_m=450.0, cell_m=40.0)
    d = grid.density
    assert_allclose(d, d[::-1, :], rtol=1e-6, atol=1e-9)  # north–south
    assert_allclose(d, d[:, ::-1], rtol=1e-6, atol=1e-9)  # east–west
    assert grid.rows == grid.columns
    assert_allclose(d, d.T, rtol=1e-6, atol=1e-9)  # the diagonal


def test_the_grid_keeps_a_bandwidths_margin_and_frames_the_bounds() -> None:
    grid = kernel_density([HELSINGBORG], bandwidth_m=300.0, cell_m=100.0)
    assert grid.columns == grid.rows == 7  # 600 m plus the centre cell
    assert grid.density[0].sum() == 0 and grid.density[:, 0].sum() == 0
    south_west, _ = grid.cell_bounds(0, 0)
    _, north_east = grid.cell_bounds(6, 6)
    assert south_west == pytest.approx((grid.west, grid.south))
    assert north_east == pytest.approx((grid.east, grid.north))
    assert grid.east - grid.west == pytest.approx(7 * grid.cell_degrees[0])
    # The projection: 100 m of latitude is 100 / R radians anywhere.
    assert grid.cell_degrees[1] == pytest.approx(math.degrees(100 / EARTH_RADIUS_M))
    framed = kernel_density([HELSINGBORG], bandwidth_m=300.0, cell_m=100.0,
                            bounds=(12.60, 56.00, 12.80, 56.10))  # fmt: skip
    assert framed.west <= 12.60 and framed.east >= 12.80
    assert framed.south <= 56.00 and framed.north >= 56.10
    assert framed.total() == pytest.approx(1.0, rel=0.01)
    empty = kernel_density([], bandwidth_m=300.0, bounds=(12.60, 56.00, 12.80, 56.10))
    assert empty.points == 0 and empty.total() == 0 and list(empty.cells()) == []


def test_the_projection_keeps_distances_within_a_town() -> None:
    projection = LocalProjection(*HELSINGBORG)
    xy = projection.to_metres(np.array([12.6945, 12.7945]), np.array([56.0465, 56.0465]))
    # 0.1° of longitude at 56.05° N on the sphere: R cos φ × 0.1° in radians.
    expected = EARTH_RADIUS_M * math.cos(math.radians(56.0465)) * math.radians(0.1)
    assert xy[1, 0] - xy[0, 0] == pytest.approx(expected, rel=1e-12)
    assert projection.to_lonlat(*xy[1]) == pytest.approx((12.7945, 56.0465))


def test_scotts_rule_on_known_spread_and_its_limits() -> None:
    rng = np.random.default_rng(7)
    xy = rng.normal(0.0, 500.0, size=(64, 2))
    sigma = math.sqrt((xy[:, 0].var() + xy[:, 1].var()) / 2)
    assert scott_bandwidth(xy) == pytest.approx(math.sqrt(8) * sigma * 64 ** (-1 / 6))
    assert scott_bandwidth(xy[:1]) == MIN_BANDWIDTH_M
    assert scott_bandwidth(np.zeros((10, 2))) == MIN_BANDWIDTH_M
    assert scott_bandwidth(rng.normal(0.0, 50_000.0, size=(10, 2))) == MAX_BANDWIDTH_M
    points = [_offset(x, y) for x, y in xy]
    assert kernel_density(points).bandwidth_rule == "scott"


def test_a_wide_frame_gets_larger_cells_not_more_than_the_cap() -> None:
    grid = kernel_density([HELSINGBORG], bandwidth_m=100.0, bounds=(12.0, 55.5, 13.5, 56.5))
    assert grid.rows * grid.columns <= MAX_CELLS and grid.cell_m > 25.0


@pytest.mark.parametrize("bad", [0.0, -5.0, math.nan, math.inf])
def test_bad_bandwidths_and_cells_are_refused(bad: float) -> None:
    with pytest.raises(ValueError):
        kernel_density([HELSINGBORG], bandwidth_m=bad)
    with pytest.raises(ValueError):
        kernel_density([HELSINGBORG], cell_m=bad)
    with pytest.raises(ValueError):
        kernel_density([])


def test_a_surface_is_shown_from_ten_located_reports_and_not_below() -> None:
    # One report is a full-height peak: 3 / (π 0.1²) ≈ 95 per km² with a 100 m kernel, the
    # brightest cell of its map however alone it is. Below ten the map shows only the points.
    single = kernel_density([HELSINGBORG], bandwidth_m=100.0, cell_m=25.0)
    assert single.maximum == pytest.approx(3 / (math.pi * 0.1**2)) and single.maximum > 95
    assert MIN_DENSITY_POINTS == 10
    assert [density_is_shown(n) for n in (0, 1, 9, 10, 11)] == [False, False, False, True, True]

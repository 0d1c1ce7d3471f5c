"""Tests for lagesbild.core.stats.hotspots (H3 grid, Gi*, density, PAI, repeats)."""

from __future__ import annotations

from datetime import date, datetime

import h3
import numpy as np
import pytest
from esda.getisord import G_Local
from libpysal.weights import DistanceBand, W
from numpy.testing import assert_allclose
from scipy import stats
from shapely.geometry import Point, shape
from statsmodels.stats.multitest import multipletests

from lagesbild.core.stats.hotspots import (
    DEFAULT_RESOLUTION,
    REPEAT_RESOLUTION,
    area_cells,
    benjamini_hochberg,
    cell_counts,
    cell_polygon,
    cells_outline,
    gi_star,
    gi_star_z,
    h3_cells,
    h3_neighbours,
    normalise_place,
    pai,
    quartic_density,
    repeat_places,
    touching_groups,
)
from lagesbild.core.tests.known import known

# esda/tests/test_getisord.py
POINTS = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
Y = [2, 3, 3.2, 5, 8, 7]
# Pairs within 15 units, worked out by hand (d(3, 4) = 15 exactly counts).
BAND_15 = {0: [1, 3], 1: [0, 3, 4], 2: [4], 3: [0, 1, 4], 4: [1, 2, 3, 5], 5: [4]}

HELSINGBORG = "891f232623bffff"  # res 9 cell at 56.0465 N, 12.6945 E


def _textbook_gi_star(y: np.ndarray, neighbours: dict[int, list[int]]) -> np.ndarray:
    """Ord & Getis (1995) Gi* with binary weights, self included, by hand."""
    n = y.size
    mean = y.mean()
    s = np.sqrt((y**2).mean() - mean**2)
    z = np.empty(n)
    for i in range(n):
        members = [i, *neighbours[i]]
        k = len(members)
        z[i] = (y[members].sum() - mean * k) / (s * np.sqrt((n * k - k**2) / (n - 1)))
    return z


# --- Gi* ---


def test_the_hand_made_neighbours_are_libpysals_distance_band() -> None:
    band = DistanceBand(POINTS, threshold=15, silence_warnings=True)
    assert {i: sorted(v) for i, v in band.neighbors.items()} == BAND_15


def test_gi_star_z_reproduces_the_published_esda_value() -> None:
    assert_allclose(gi_star_z(Y, BAND_15)[0], -1.39727626, atol=1e-8)


def test_gi_star_z_equals_esda_on_the_distance_band_weights() -> None:
    band = DistanceBand(POINTS, threshold=15, silence_warnings=True)
    expected = G_Local(np.array(Y), band, transform="B", star=True, permutations=0).Zs
    assert_allclose(gi_star_z(Y, BAND_15), expected, rtol=1e-12)


def test_gi_star_z_equals_the_textbook_formula() -> None:
    assert_allclose(gi_star_z(Y, BAND_15), _textbook_gi_star(np.array(Y), BAND_15), rtol=1e-10)


def _h3_example() -> tuple[list[str], list[float]]:
    cells = sorted(h3.grid_disk(HELSINGBORG, 2))
    counts = [float((7 * i) % 5) for i in range(len(cells))]
    counts[cells.index(HELSINGBORG)] = 9.0
    return cells, counts


def test_gi_star_z_scores_equal_esdas_for_the_same_h3_weights() -> None:
    cells, counts = _h3_example()
    # Neighbours built another way: grid distance 1 between every pair.
    nb = {
        i: [j for j, b in enumerate(cells) if i != j and h3.grid_distance(a, b) == 1]
        for i, a in enumerate(cells)
    }
    esda_z = G_Local(np.array(counts), W(nb), transform="B", star=True, permutations=0).Zs
    ours = [c.z for c in gi_star(cells, counts)]
    assert_allclose(ours, esda_z, rtol=1e-12)
    assert_allclose(ours, _textbook_gi_star(np.array(counts), nb), rtol=1e-10)


def test_h3_neighbours_are_the_adjacent_cells_in_the_set() -> None:
    cells = sorted(h3.grid_disk(HELSINGBORG, 1))
    nb = h3_neighbours(cells)
    centre = cells.index(HELSINGBORG)
    assert sorted(nb[centre]) == [i for i in range(7) if i != centre]
    assert all(len(nb[i]) == 3 for i in range(7) if i != centre)


def test_h3_neighbours_reject_duplicate_cells() -> None:
    with pytest.raises(ValueError, match="distinct"):
        h3_neighbours([HELSINGBORG, HELSINGBORG])


def test_a_cluster_of_high_counts_is_hot_and_the_far_ring_is_not() -> None:
    cells = sorted(h3.grid_disk(HELSINGBORG, 4))
    core = set(h3.grid_disk(HELSINGBORG, 1))
    result = gi_star(cells, [8.0 if c in core else 0.0 for c in cells])
    hot = {r.cell for r in result if r.hot}
    assert HELSINGBORG in hot
    assert hot <= set(h3.grid_disk(HELSINGBORG, 2))
    assert not any(r.hot for r in result if h3.grid_distance(HELSINGBORG, r.cell) == 4)


def test_equal_counts_everywhere_give_no_hotspot() -> None:
    cells = sorted(h3.grid_disk(HELSINGBORG, 1))
    result = gi_star(cells, [2.0] * 7)
    assert [(r.z, r.p, r.hot, r.cold) for r in result] == [(0.0, 1.0, False, False)] * 7


def test_permutation_p_values_are_seeded_and_two_sided() -> None:
    cells, counts = _h3_example()
    first = gi_star(cells, counts, permutations=199, seed=7)
    again = gi_star(cells, counts, permutations=199, seed=7)
    assert [r.p for r in first] == [r.p for r in again]
    assert all(2 / 200 <= r.p <= 1.0 for r in first)


def test_hotspot_p_values_are_two_sided_normal_then_fdr_adjusted() -> None:
    cells, counts = _h3_example()
    result = gi_star(cells, counts)
    z = np.array([r.z for r in result])
    assert_allclose([r.p for r in result], 2 * stats.norm.sf(np.abs(z)), rtol=1e-12)
    assert_allclose(
        [r.p_fdr for r in result], benjamini_hochberg([r.p for r in result]), rtol=1e-12
    )


def test_benjamini_hochberg_matches_statsmodels() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    expected = multipletests(p, method="fdr_bh")[1]
    assert_allclose(benjamini_hochberg(p), expected, rtol=1e-12)
    assert_allclose(benjamini_hochberg(p[::-1]), expected[::-1], rtol=1e-12)


# --- H3 grid ---


def test_the_default_resolution_has_cells_of_about_a_tenth_of_a_square_kilometre() -> None:
    assert DEFAULT_RESOLUTION == 9
    assert_allclose(h3.average_hexagon_area(DEFAULT_RESOLUTION, "km^2"), 0.105, atol=0.001)
    assert_allclose(h3.average_hexagon_edge_length(REPEAT_RESOLUTION, "m"), 28.7, atol=0.1)


def test_h3_cells_puts_each_point_in_its_cell() -> None:
    assert h3_cells([56.0465, 56.0465], [12.6945, 12.6945]) == [HELSINGBORG] * 2
    assert h3.get_resolution(h3_cells([56.0465], [12.6945], 11)[0]) == 11
    with pytest.raises(ValueError):
        h3_cells([56.0], [12.0, 13.0])


def test_cell_polygon_is_closed_geojson_in_lon_lat_order() -> None:
    poly = cell_polygon(HELSINGBORG)
    ring = poly["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7
    lat, lng = h3.cell_to_latlng(HELSINGBORG)
    assert shape(poly).contains(Point(lng, lat))


def test_touching_cells_are_one_group_through_a_chain_and_keep_their_order() -> None:
    ring = h3.grid_ring(HELSINGBORG, 1)
    a = ring[0]
    b = next(c for c in ring if c != a and not h3.are_neighbor_cells(c, a))
    far = h3.grid_ring(HELSINGBORG, 4)[0]
    # a and b do not touch; both touch the centre, which joins them.
    assert not h3.are_neighbor_cells(a, b)
    assert touching_groups([far, a, b]) == [(far,), (a,), (b,)]
    assert touching_groups([b, far, a, HELSINGBORG]) == [(b, a, HELSINGBORG), (far,)]
    assert touching_groups([]) == []


def test_the_outline_of_touching_cells_covers_them_and_nothing_between() -> None:
    pair = [HELSINGBORG, h3.grid_ring(HELSINGBORG, 1)[0]]
    outline = shape(cells_outline(pair))
    assert outline.geom_type == "Polygon" and len(outline.interiors) == 0
    union = shape(cell_polygon(pair[0])).union(shape(cell_polygon(pair[1])))
    assert outline.symmetric_difference(union).area < 1e-9 * union.area
    apart = cells_outline([HELSINGBORG, h3.grid_ring(HELSINGBORG, 3)[0]])
    assert apart["type"] == "MultiPolygon" and len(apart["coordinates"]) == 2
    assert isinstance(apart["coordinates"][0][0][0], list)  # lists, as JSON gives them back


def test_cell_counts_pad_occupied_cells_with_empty_neighbours() -> None:
    counts = cell_counts([HELSINGBORG, HELSINGBORG, HELSINGBORG])
    assert counts[HELSINGBORG] == 3
    assert set(counts) == set(h3.grid_disk(HELSINGBORG, 1))
    assert sum(counts.values()) == 3
    assert len(cell_counts([HELSINGBORG], pad_k=2)) == 19


def test_cell_counts_keep_padding_inside_the_study_area() -> None:
    area = {HELSINGBORG, next(iter(set(h3.grid_disk(HELSINGBORG, 1)) - {HELSINGBORG}))}
    assert set(cell_counts([HELSINGBORG], within=area)) == area


def test_area_cells_cover_a_district_polygon() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [
            [[12.69, 56.04], [12.70, 56.04], [12.70, 56.05], [12.69, 56.05], [12.69, 56.04]]
        ],
    }
    cells = area_cells(square)
    # About 0.62 km × 1.11 km = 0.69 km², i.e. roughly 0.69 / 0.105 = 6.6 cells.
    assert 4 <= len(cells) <= 10
    assert all(shape(square).contains(Point(*reversed(h3.cell_to_latlng(c)))) for c in cells)


# --- kernel density ---


def test_quartic_density_of_one_point_matches_the_published_values() -> None:
    density = quartic_density([[0.0, 0.0]], [[0.0, 0.0], [50.0, 0.0], [0.0, 100.0]], 100.0)
    assert_allclose(density, [95.49, 53.71, 0.0], atol=0.005)


def test_quartic_density_integrates_to_the_total_weight() -> None:
    step = 2.0
    xs = np.arange(-150.0, 150.0 + step, step)
    grid = np.array([(x, y) for x in xs for y in xs])
    density = quartic_density([[0.0, 0.0], [30.0, -20.0]], grid, 100.0, weights=[1.0, 2.0])
    total = density.sum() * (step / 1000.0) ** 2  # per km² × km² per grid point
    assert_allclose(total, 3.0, rtol=1e-3)


def test_quartic_density_handles_no_points_and_rejects_a_bad_radius() -> None:
    assert_allclose(quartic_density(np.empty((0, 2)), [[0.0, 0.0]], 100.0), [0.0])
    with pytest.raises(ValueError):
        quartic_density([[0.0, 0.0]], [[0.0, 0.0]], 0.0)


# --- PAI ---


def test_pai_of_a_quarter_of_reports_in_five_percent_of_the_area_is_five() -> None:
    assert_allclose(known(pai(25, 100, 5, 100)), 5.0, rtol=1e-12)
    assert_allclose(known(pai(10, 40, 0.25, 5.0)), 5.0, rtol=1e-12)


def test_pai_is_none_when_a_share_is_undefined() -> None:
    assert pai(0, 0, 5, 100) is None
    assert pai(0, 10, 0, 100) is None
    assert pai(0, 10, 0, 0) is None
    assert pai(0, 10, 5, 100) == 0.0


def test_pai_rejects_impossible_inputs() -> None:
    with pytest.raises(ValueError):
        pai(11, 10, 5, 100)
    with pytest.raises(ValueError):
        pai(1, 10, -5, 100)


# --- repeat places ---


def test_normalise_place_ignores_case_punctuation_and_spacing() -> None:
    assert normalise_place("Storgatan 12, Norrby") == normalise_place("  STORGATAN 12 norrby. ")
    assert normalise_place("Ängelholmsvägen/Drottninggatan") == "ängelholmsvägen drottninggatan"
    assert normalise_place("skolan_väst") == "skolan väst"


def test_a_place_reported_three_times_in_four_weeks_is_a_repeat_place() -> None:
    items = [
        ("kiosken", date(2025, 9, 1)),
        ("kiosken", datetime(2025, 9, 14, 22, 30)),
        ("kiosken", date(2025, 9, 28)),  # day 27 after the first: inside [d, d + 28)
        ("torget", date(2025, 9, 1)),
        ("torget", date(2025, 9, 2)),
    ]
    (found,) = repeat_places(items)
    assert (found.place, found.count, found.first, found.last) == (
        "kiosken",
        3,
        date(2025, 9, 1),
        date(2025, 9, 28),
    )


def test_reports_four_weeks_apart_fall_in_different_windows() -> None:
    items = [
        ("kiosken", date(2025, 9, 1)),
        ("kiosken", date(2025, 9, 10)),
        ("kiosken", date(2025, 9, 29)),
    ]
    assert repeat_places(items) == ()
    assert repeat_places(items, min_count=2)[0].count == 2


def test_repeat_places_are_listed_busiest_first() -> None:
    items = [("b", date(2025, 1, d)) for d in (1, 2, 3)] + [
        ("a", date(2025, 1, d)) for d in (1, 2, 3, 4)
    ]
    assert [r.place for r in repeat_places(items)] == ["a", "b"]

"""Tests for lagesbild.core.stats.nearrepeat (Knox test)."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pytest
from numpy.testing import assert_allclose

from lagesbild.core.stats.nearrepeat import (
    band_edges,
    band_labels,
    close_groups,
    knox_test,
    pair_table,
)


def test_a_pair_100_m_and_3_days_apart_falls_in_the_band_starting_there() -> None:
    r = knox_test([[0.0, 0.0], [100.0, 0.0]], [0.0, 3.0], 100.0, 3, 3.0, 3, permutations=19)
    assert (r.distance_bands[1], r.time_bands[1]) == ("[100, 200)", "[3, 6)")
    expected = np.zeros((4, 4), dtype=int)
    expected[1, 1] = 1
    assert (r.observed == expected).all()


def test_labels_are_half_open_with_an_open_last_band() -> None:
    assert band_labels(band_edges(100, 2)) == ("[0, 100)", "[100, 200)", "[200, ∞)")
    assert band_labels([0, 1.5]) == ("[0, 1.5)", "[1.5, ∞)")


def test_two_events_permute_to_the_same_table_so_p_is_one() -> None:
    # Swapping two times leaves |t1 - t2| unchanged: E = O in every permutation.
    r = knox_test([[0.0, 0.0], [100.0, 0.0]], [0.0, 3.0], 100.0, 3, 3.0, 3, permutations=49)
    assert_allclose(r.p_value, 1.0)
    assert_allclose(r.expected[1, 1], 1.0)
    assert_allclose(r.ratio[1, 1], 1.0)


def test_the_table_holds_every_pair_once() -> None:
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 1000, size=(30, 2))
    t = rng.uniform(0, 60, size=30)
    table = pair_table(xy, t, band_edges(100, 5), band_edges(7, 4))
    assert table.sum() == 30 * 29 // 2


def test_the_expected_table_is_the_mean_over_all_time_permutations() -> None:
    xy = np.array([[0.0, 0.0], [50.0, 0.0], [500.0, 0.0], [520.0, 0.0]])
    t = np.array([0.0, 1.0, 10.0, 30.0])
    d_edges, t_edges = band_edges(100, 2), band_edges(7, 2)
    exact = np.mean(
        [pair_table(xy, t[list(p)], d_edges, t_edges) for p in itertools.permutations(range(4))],
        axis=0,
    )
    r = knox_test(xy, t, 100, 2, 7, 2, permutations=4000, seed=1)
    assert_allclose(r.expected, exact, atol=0.05)


def test_clustered_near_repeats_are_significant_and_shuffled_times_are_not() -> None:
    rng = np.random.default_rng(11)
    # 30 seed incidents spread over a town and 180 days; each followed within
    # 0-2 days by a neighbour within 0-50 m.
    seeds = rng.uniform(0, 5000, size=(30, 2))
    seed_t = rng.uniform(0, 180, size=30)
    angle = rng.uniform(0, 2 * np.pi, 30)
    offset = rng.uniform(0, 50, 30)[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    xy = np.vstack([seeds, seeds + offset])
    t = np.concatenate([seed_t, seed_t + rng.uniform(0, 2, 30)])
    near = knox_test(xy, t, 100, 3, 3, 3, permutations=199, seed=5)
    assert near.p_value[0, 0] <= 0.01
    assert near.ratio[0, 0] > 5
    shuffled = knox_test(xy, rng.permutation(t), 100, 3, 3, 3, permutations=199, seed=5)
    assert shuffled.p_value[0, 0] > 0.05


def test_dates_are_accepted_as_times() -> None:
    dates = [date(2025, 9, 1), date(2025, 9, 4)]
    r = knox_test([[0.0, 0.0], [100.0, 0.0]], dates, 100, 3, 3, 3, permutations=9)
    assert r.observed[1, 1] == 1


def test_the_same_seed_gives_the_same_p_values() -> None:
    rng = np.random.default_rng(2)
    xy, t = rng.uniform(0, 800, size=(25, 2)), rng.uniform(0, 40, size=25)
    a = knox_test(xy, t, permutations=99, seed=4)
    b = knox_test(xy, t, permutations=99, seed=4)
    assert (a.p_value == b.p_value).all()


def test_mismatched_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        knox_test([[0.0, 0.0]], [1.0, 2.0])
    with pytest.raises(ValueError):
        band_edges(0, 3)


def test_one_tight_series_is_one_group_however_many_pairs() -> None:
    # Four events within 30 m and 3 days: six close pairs, one group; a far, late event none.
    xy = [[0, 0], [10, 0], [20, 10], [30, 0], [5000, 5000]]
    groups = close_groups(xy, [0, 1, 2, 3, 90], 100, 7, closed="right")
    assert (groups.pairs, groups.sizes, groups.groups, groups.events) == (6, (4,), 1, 4)


def test_groups_are_linked_through_their_events_and_the_bands_edges_follow_closed() -> None:
    # A chain 0-1-2 (each link 100 m and 7 days exactly, 0 and 2 200 m apart) and a lone pair.
    xy = [[0, 0], [100, 0], [200, 0], [3000, 0], [3050, 0], [9000, 0]]
    times = [0, 7, 14, 40, 41, 200]
    right = close_groups(xy, times, 100, 7, closed="right")
    assert (right.pairs, right.sizes) == (3, (3, 2))
    # [0, 100) and [0, 7): the chain's links are on the edges and fall out.
    left = close_groups(xy, times, 100, 7, closed="left")
    assert (left.pairs, left.sizes) == (1, (2,))
    assert close_groups([[0, 0]], [0], 100, 7) == close_groups(np.zeros((0, 2)), [], 100, 7)
    with pytest.raises(ValueError):
        close_groups(xy, times[:-1], 100, 7)


@pytest.mark.parametrize("closed", ["left", "right"])
def test_the_close_pairs_are_the_knox_tables_nearest_cell(closed: str) -> None:
    rng = np.random.default_rng(11)
    xy = rng.uniform(0, 800, size=(60, 2)).round()
    t = rng.integers(0, 60, size=60).astype(float)
    table = knox_test(xy, t, 100.0, 5, 7.0, 4, permutations=1, closed=closed)
    assert close_groups(xy, t, 100.0, 7.0, closed=closed).pairs == table.observed[0, 0]

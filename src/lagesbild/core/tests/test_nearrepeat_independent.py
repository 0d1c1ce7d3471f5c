"""The Knox test against an independent, deliberately plain computation.

Pairs are counted with two loops and explicit interval tests written from the band definitions
(the Near Repeat Calculator's ``[0, a]``, ``(a, b]``, ... and the half-open ``[a, b)``), and the
permutation p-value is recomputed from the same seeded shuffles, so a wrong band edge, a pair
counted twice or an off-by-one in ``(#{E >= O} + 1) / (R + 1)`` shows.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lagesbild.core.stats.nearrepeat import band_labels, knox_test, pair_table


def _band(value: float, width: float, n_bands: int, closed: str) -> int:
    """Band of ``value`` by the written definition, the open band being ``n_bands``."""
    for k in range(n_bands):
        low, high = k * width, (k + 1) * width
        if closed == "right":
            inside = (low <= value <= high) if k == 0 else (low < value <= high)
        else:
            inside = low <= value < high
        if inside:
            return k
    return n_bands


def _brute_table(points, times, width_m, n_d, width_days, n_t, closed) -> list[list[int]]:
    table = [[0] * (n_t + 1) for _ in range(n_d + 1)]
    for a in range(len(points)):
        for b in range(a + 1, len(points)):
            distance = math.dist(points[a], points[b])
            gap = abs(times[a] - times[b])
            table[_band(distance, width_m, n_d, closed)][_band(gap, width_days, n_t, closed)] += 1
    return table


def _world(seed: int = 7, n: int = 60):
    """Points on a 10 m grid and whole-day times, so many pairs sit exactly on band edges."""
    rng = np.random.default_rng(seed)
    points = [(10.0 * rng.integers(0, 40), 10.0 * rng.integers(0, 40)) for _ in range(n)]
    times = [float(rng.integers(0, 60)) for _ in range(n)]
    return points, times


@pytest.mark.parametrize("closed", ["left", "right"])
def test_observed_pairs_match_a_brute_force_count(closed: str) -> None:
    points, times = _world()
    result = knox_test(points, times, 100.0, 3, 7.0, 3, permutations=0, closed=closed)
    assert result.observed.tolist() == _brute_table(points, times, 100.0, 3, 7.0, 3, closed)
    assert int(result.observed.sum()) == len(points) * (len(points) - 1) // 2


def test_edges_fall_as_the_near_repeat_calculator_counts() -> None:
    # 100 m and 7 days apart: the first band under [0, 100] × [0, 7]; the second under [a, b).
    points, times = [(0.0, 0.0), (100.0, 0.0)], [0.0, 7.0]
    right = knox_test(points, times, 100.0, 2, 7.0, 2, permutations=0, closed="right")
    left = knox_test(points, times, 100.0, 2, 7.0, 2, permutations=0, closed="left")
    assert right.observed[0, 0] == 1 and left.observed[1, 1] == 1
    assert right.distance_bands == ("[0, 100]", "(100, 200]", "(200, ∞)")
    assert right.time_bands == ("[0, 7]", "(7, 14]", "(14, ∞)")
    # The same place (distance 0) is in the first band, not below it.
    same = knox_test([(5.0, 5.0)] * 2, [1.0, 3.0], 100.0, 2, 7.0, 2, permutations=0, closed="right")
    assert same.observed[0, 0] == 1


@pytest.mark.parametrize("closed", ["left", "right"])
def test_p_values_and_expected_counts_match_a_recomputation(closed: str) -> None:
    points, times = _world(seed=11, n=40)
    permutations, seed = 39, 2024
    result = knox_test(
        points, times, 100.0, 3, 7.0, 3, permutations=permutations, seed=seed, closed=closed
    )
    observed = np.array(_brute_table(points, times, 100.0, 3, 7.0, 3, closed))
    rng = np.random.default_rng(seed)
    at_least = np.zeros_like(observed)
    total = np.zeros(observed.shape)
    for _ in range(permutations):
        shuffled = rng.permutation(np.array(times)).tolist()
        simulated = np.array(_brute_table(points, shuffled, 100.0, 3, 7.0, 3, closed))
        at_least += simulated >= observed
        total += simulated
    np.testing.assert_allclose(result.p_value, (at_least + 1) / (permutations + 1))
    np.testing.assert_allclose(result.expected, total / permutations)


def test_pair_table_and_labels_agree_with_the_default_convention() -> None:
    points, times = _world(seed=3, n=30)
    table = pair_table(points, times, [0, 100, 200], [0, 7, 14])
    assert table.tolist() == _brute_table(points, times, 100.0, 2, 7.0, 2, "left")
    assert band_labels([0, 100, 200]) == ("[0, 100)", "[100, 200)", "[200, ∞)")


def test_an_unknown_convention_is_refused() -> None:
    with pytest.raises(ValueError, match="closed"):
        knox_test([(0.0, 0.0), (1.0, 1.0)], [0.0, 1.0], permutations=0, closed="both")

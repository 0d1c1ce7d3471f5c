"""Empirical Bayes rates against Marshall's formula written out here, esda's own example (the St
Louis homicides bundled with libpysal, no download), and the case esda leaves to its caller: a
between-area variance estimate of 0 or below, where every area takes the overall rate."""

from __future__ import annotations

import csv
from collections.abc import Sequence

import numpy as np
import pytest

from lagesbild.core.stats.smoothing import empirical_bayes


def marshall(events: Sequence[float], populations: Sequence[float]) -> list[float]:
    """Marshall (1991) by the letter, independently of the module: m = Σe / Σb,
    s² = Σ b_i (r_i − m)² / Σb − m / b̄, w_i = s² / (s² + m / b_i) (0 when s² ≤ 0),
    EB_i = w_i r_i + (1 − w_i) m."""
    n = len(events)
    m = sum(events) / sum(populations)
    r = [e / b for e, b in zip(events, populations, strict=True)]
    mean_b = sum(populations) / n
    s2 = sum(b * (ri - m) ** 2 for b, ri in zip(populations, r, strict=True)) / sum(populations)
    s2 -= m / mean_b
    weights = [0.0 if s2 <= 0 else s2 / (s2 + m / b) for b in populations]
    return [w * ri + (1 - w) * m for w, ri in zip(weights, r, strict=True)]


def test_a_small_district_is_drawn_toward_the_mean_and_a_large_one_keeps_its_rate() -> None:
    # 1 report among 200 (5,00 per 1 000), 40 and 10 among 10 000 (4,00 and 1,00).
    events, populations = [1, 40, 10], [200, 10_000, 10_000]
    smoothed = empirical_bayes(events, populations)
    assert list(smoothed.rates) == pytest.approx(marshall(events, populations), rel=1e-12)
    # By hand: m = 51 / 20 200; s² = 2,2890e-6 − m / 6 733,3 = 1,9140e-6.
    assert smoothed.overall == pytest.approx(51 / 20_200)
    assert smoothed.variance == pytest.approx(1.9140e-6, rel=1e-4)
    assert not smoothed.pooled
    per_1000 = [round(1000 * r, 3) for r in smoothed.rates]
    # Norr's weight is 0,13: 5,00 → 2,85, below Söder's; Söder's is 0,88: 4,00 → 3,83.
    assert per_1000 == [2.851, 3.828, 1.178]


def test_esdas_own_example_the_st_louis_homicides() -> None:
    from libpysal.examples import get_path

    with open(get_path("stl_hom.csv"), newline="") as data:
        rows = list(csv.DictReader(data))
    events = [float(row["HC7984"]) for row in rows]
    populations = [float(row["PO7984"]) for row in rows]
    smoothed = empirical_bayes(events, populations)
    # esda's docstring (Empirical_Bayes), its first ten rates.
    documented = [
        2.36718950e-05,
        4.54539167e-05,
        4.78114019e-05,
        2.76907146e-05,
        6.58989323e-05,
        3.66494122e-05,
        5.79952721e-05,
        2.03064590e-05,
        3.31152999e-05,
        3.02748380e-05,
    ]
    assert list(smoothed.rates[:10]) == pytest.approx(documented, rel=1e-8)
    assert list(smoothed.rates) == pytest.approx(marshall(events, populations), rel=1e-12)
    assert len(rows) == 78 and not smoothed.pooled


def test_no_difference_beyond_chance_gives_every_district_the_overall_rate() -> None:
    # 1 among 200 and 25 among 10 000: s² = 1,2015e-7 − 4,998e-7 < 0.
    events, populations = [1, 25], [200, 10_000]
    smoothed = empirical_bayes(events, populations)
    assert smoothed.pooled and smoothed.variance == pytest.approx(-3.7967e-7, rel=1e-4)
    assert smoothed.rates == (26 / 10_200, 26 / 10_200)
    assert list(smoothed.rates) == pytest.approx(marshall(events, populations), rel=1e-12)
    # esda itself does not clip s²: its weights turn negative and push the small district past
    # the overall rate (2,55 per 1 000) to the other side, 2,47, and the large one to 2,40.
    from esda.smoothing import Empirical_Bayes

    raw = Empirical_Bayes(np.array([[1], [25]]), np.array([[200], [10_000]])).r.ravel()
    assert [round(1000 * r, 2) for r in raw] == [2.47, 2.4]


def test_equal_rates_no_events_one_district_and_none() -> None:
    equal = empirical_bayes([2, 20], [1000, 10_000])  # 2 per 1 000 each: s² = −m / b̄
    assert equal.pooled and equal.rates == (0.002, 0.002)
    nothing = empirical_bayes([0, 0, 0], [200, 5000, 10_000])  # esda answers NaN (0 / 0)
    assert nothing.pooled and nothing.rates == (0.0, 0.0, 0.0) and nothing.variance == 0.0
    assert empirical_bayes([3], [1500]).rates == (0.002,)  # alone: the overall rate is its own
    assert empirical_bayes([], []).rates == ()


@pytest.mark.parametrize(
    ("events", "populations"), [([1, 2], [100, 0]), ([1, -1], [100, 100]), ([1], [100, 200])]
)
def test_a_population_of_zero_a_negative_count_or_unequal_lengths_are_refused(
    events: list[int], populations: list[int]
) -> None:
    with pytest.raises(ValueError):
        empirical_bayes(events, populations)

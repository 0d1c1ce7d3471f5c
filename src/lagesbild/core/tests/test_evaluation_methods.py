"""WDD with weights and harm, ranked PAI/PEI/RRI, Gi/Gi* variants and General G.

Published values: the R package ptools (tests/testthat/test-wdd.R, test-pai.R) and esda
(esda/tests/test_getisord.py and its docstrings). Independent computations: esda itself on
the same weights, and sums written out by hand.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from esda.getisord import G, G_Local
from libpysal.weights import W
from numpy.testing import assert_allclose

from lagesbild.core.stats.evaluation import AreaWeights, DifferenceEstimate, wdd, wdd_harm
from lagesbild.core.stats.hotspots import general_g, local_g, ranked_pai

# esda's six points with DistanceBand(threshold=15).
NB = {0: [1, 3], 1: [0, 3, 4], 2: [4], 3: [0, 1, 4], 4: [1, 2, 3, 5], 5: [4]}
Y = [2, 3, 3.2, 5, 8, 7]


# --- WDD (ptools) ---


def _figures(d: DifferenceEstimate) -> np.ndarray:
    """Estimate, SE, z and interval, as ptools returns them."""
    return np.array([d.estimate, d.se, d.z, d.ci_low, d.ci_high], dtype=float)


def test_wdd_reproduces_the_papers_estimate_and_interval() -> None:
    r = wdd((207, 110), (308, 318), (178, 157), (150, 140))
    assert r.total.estimate == -118 and r.total.se == pytest.approx(math.sqrt(1568))
    assert round(r.total.z or 0, 2) == -2.98
    assert (round(r.total.ci_low or 0), round(r.total.ci_high or 0)) == (-196, -40)


def test_wdd_local_displacement_and_total_parts_as_published() -> None:
    assert wdd((20, 10), (20, 20)).local.estimate == -10
    assert wdd((20, 20), (20, 20), (20, 10), (20, 20)).displacement.estimate == -10  # type: ignore[union-attr]
    assert wdd((20, 10), (20, 20), (20, 10), (20, 20)).total.estimate == -20


def test_wdd_with_time_weights_as_published() -> None:
    r = wdd((80, 20), (100, 50), time_weights=(2, 1))
    assert r.total.estimate == -20 and r.total.variance == pytest.approx(115)


def test_wdd_with_area_weights_as_published() -> None:
    r = wdd(
        (207, 110),
        (308, 318),
        (178, 157),
        (150, 140),
        area_weights=AreaWeights(treated=1.2, control=0.9, buffer=1.5, buffer_control=1.6),
    )
    assert_allclose(
        _figures(r.total),
        np.array([-99.69444444, 35.4280755, -2.813995483, -169.1321965, -30.25669241]),
        rtol=1e-8,
    )


def test_wdd_harm_combines_crime_types_as_published() -> None:
    pairs = [
        ((130, 74), (133, 91)),
        ((327, 202), (388, 305)),
        ((398, 190), (148, 97)),
        ((144, 92), (86, 64)),
        ((183, 96), (94, 67)),
    ]
    local = [wdd(t, c).local for t, c in pairs]
    h = wdd_harm(local, [3, 2, 5, 7, 10])
    assert_allclose(
        _figures(h),
        np.array([-1721.0, 304.10360077, -5.65925558, -2317.03210507, -1124.96789493]),
        rtol=1e-7,
    )


def test_wdd_accepts_fractional_counts_and_weights_them_as_poisson() -> None:
    r = wdd((10.5, 4.25), (8.0, 8.0))
    assert r.total.estimate == pytest.approx(-6.25)
    assert r.total.variance == pytest.approx(10.5 + 4.25 + 16.0)


def test_wdd_refuses_negative_counts_and_weights() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        wdd((-1, 3), (2, 2))
    with pytest.raises(ValueError, match="time weights"):
        wdd((1, 3), (2, 2), time_weights=(0, 1))
    with pytest.raises(ValueError, match="harm weight"):
        wdd_harm([wdd((1, 3), (2, 2)).local], [1, 2])


# --- ranked PAI, PEI, RRI (ptools) ---


def test_ranked_pai_reproduces_the_published_check() -> None:
    steps = ranked_pai([6, 3, 0], [3, 2, 1])
    assert [s.pai for s in steps] == [2.0, 1.5, 1.0]
    assert [s.pei for s in steps] == [1.0, 1.0, 1.0]
    rri = np.array([s.rri for s in steps], dtype=float)
    assert_allclose(rri, np.cumsum([3, 2, 1]) / np.cumsum([6, 3, 0]))


def test_ranked_pai_with_a_poor_ranking_and_unequal_areas_by_hand() -> None:
    observed, predicted, area = [1, 6, 3, 0], [8, 4, 4, 0], [1.0, 2.0, 1.0, 4.0]
    steps = ranked_pai(observed, predicted, area)
    # Density 8, 2, 4, 0 -> units 0, 2, 1, 3; total 10 reports on 8 area units.
    assert [s.unit for s in steps] == [0, 2, 1, 3]
    assert steps[0].pai == pytest.approx((1 / 10) / (1 / 8))
    # Best single unit by observed density: unit 2 (3 per area unit) -> PAI 2.4.
    assert steps[0].pei == pytest.approx(0.8 / 2.4)
    assert steps[1].pai == pytest.approx((4 / 10) / (2 / 8))
    assert steps[-1].pai == pytest.approx(1.0) and steps[-1].rri == pytest.approx(1.6)


def test_ranked_pai_breaks_ties_against_the_prediction() -> None:
    steps = ranked_pai([5, 1], [2, 2])
    assert steps[0].unit == 1 and steps[0].pai == pytest.approx((1 / 6) / (1 / 2))


def test_ranked_pai_without_reports_has_no_indices() -> None:
    steps = ranked_pai([0, 0], [1, 2])
    assert all(s.pai is None and s.pei is None and s.rri is None for s in steps)


# --- Getis-Ord local G and General G (esda) ---


def _esda_w() -> W:
    return W({i: list(v) for i, v in NB.items()}, id_order=list(NB), silence_warnings=True)


@pytest.mark.parametrize(
    ("star", "row", "published"),
    [
        (False, False, [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941]),
        (True, False, [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]),
        (False, True, [-0.62074534, -0.01780611, 1.31558703, -0.12824171, 0.28843496, 1.77833941]),
        (True, True, [-0.62488094, -0.09144599, 0.41150696, -0.09144599, 0.24690418, 1.28024388]),
    ],
)
def test_local_g_reproduces_esdas_published_z_scores(
    star: bool, row: bool, published: list[float]
) -> None:
    assert_allclose(local_g(Y, NB, star=star, row_standardised=row).z, published, atol=1e-7)


@pytest.mark.parametrize("star", [False, True])
@pytest.mark.parametrize("transform", ["B", "R"])
def test_local_g_matches_esda_on_a_random_grid(star: bool, transform: str) -> None:
    rng = np.random.default_rng(7)
    side = 8
    nb = {
        r * side + c: [
            (r + dr) * side + c + dc
            for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
            if 0 <= r + dr < side and 0 <= c + dc < side
        ]
        for r in range(side)
        for c in range(side)
    }
    y = rng.poisson(3, side * side).astype(float)
    ours = local_g(y, nb, star=star, row_standardised=transform == "R")
    w = W(nb, id_order=list(nb), silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = G_Local(y, w, transform=transform, star=star, permutations=0)
    assert_allclose(ours.g, theirs.Gs, rtol=1e-10)
    assert_allclose(ours.expected, theirs.EGs, rtol=1e-10)
    assert_allclose(ours.variance, theirs.VGs, rtol=1e-10)
    assert_allclose(ours.z, theirs.Zs, rtol=1e-9, atol=1e-12)


def test_general_g_reproduces_esdas_published_values_and_moments() -> None:
    ours = general_g(Y, NB)
    assert ours.g == pytest.approx(0.55709779, abs=1e-8)
    assert ours.p_one_sided == pytest.approx(0.172936, abs=1e-6)
    w = _esda_w()
    w.transform = "B"
    theirs = G(np.asarray(Y), w, permutations=0)
    assert_allclose([ours.expected, ours.variance, ours.z], [theirs.EG, theirs.VG, theirs.z_norm])


def test_general_g_by_hand_on_four_units_in_a_row() -> None:
    nb = {0: [1], 1: [0, 2], 2: [1, 3], 3: [2]}
    y = np.array([1.0, 2.0, 3.0, 4.0])
    g = general_g(y, nb)
    # Σ_{i~j} y_i y_j over ordered pairs = 2 (2 + 6 + 12); Σ_{i≠j} y_i y_j = 10² - 30.
    assert g.g == pytest.approx(40 / 70)
    assert g.expected == pytest.approx(6 / 12)


def test_general_g_refuses_too_few_units_and_self_neighbours() -> None:
    with pytest.raises(ValueError, match="four"):
        general_g([1, 2, 3], {0: [1], 1: [0, 2], 2: [1]})
    with pytest.raises(ValueError, match="itself"):
        local_g([1, 2, 3, 4], {0: [0]})

"""Tests for lagesbild.core.stats.etest."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from lagesbild.core.stats.etest import e_test


def _pmf(x: int, mu: float) -> float:
    return math.exp(x * math.log(mu) - mu - math.lgamma(x + 1)) if mu > 0 else float(x == 0)


def _t_squared(x1: int, x2: int, n1: int, n2: int) -> Fraction:
    # Exact rational T^2, with T(0, 0) = 0.
    if x1 + x2 == 0:
        return Fraction(0)
    diff = Fraction(x1, n1) - Fraction(x2, n2)
    return diff * diff * (n1 + n2) / (x1 + x2)


def _brute_force(k1: int, k2: int, n1: int = 1, n2: int = 1, top: int = 120) -> float:
    """Independent double loop over 0..top with exact rational comparison."""
    lam = (k1 + k2) / (n1 + n2)
    t_obs = _t_squared(k1, k2, n1, n2)
    total = 0.0
    for x1 in range(top + 1):
        for x2 in range(top + 1):
            if _t_squared(x1, x2, n1, n2) >= t_obs:
                total += _pmf(x1, n1 * lam) * _pmf(x2, n2 * lam)
    return total


def test_e_test_6_vs_2_reproduces_the_published_0_1749() -> None:
    # ptools tests/testthat/test-etest.R: round(e_test(6, 2), 4) == 0.1749.
    assert_allclose(e_test(6, 2).p_value, 0.1749, atol=1e-4)


def test_e_test_0_vs_3_reproduces_the_published_0_0884() -> None:
    # ptools tests/testthat/test-etest.R, tolerance 0.0005.
    assert_allclose(e_test(0, 3).p_value, 0.0884, atol=5e-4)


def test_100_to_85_is_not_significant_with_p_about_0_27() -> None:
    r = e_test(100, 85)
    assert_allclose(r.p_value, 0.27, atol=5e-3)
    assert not r.significant


def test_swapping_the_counts_gives_the_same_p_value() -> None:
    assert_allclose(e_test(6, 2).p_value, e_test(2, 6).p_value, rtol=1e-12)


def test_both_counts_zero_gives_p_one() -> None:
    r = e_test(0, 0)
    assert r.p_value == 1.0 and r.statistic == 0.0 and not r.significant


def test_equal_rates_give_p_one() -> None:
    assert e_test(20, 10, 4, 2).p_value == 1.0
    assert e_test(20, 20).p_value == 1.0


def test_exposures_scale_rates_so_3_vs_0_over_2_and_2_matches_3_vs_0() -> None:
    assert_allclose(e_test(3, 0, 2, 2).p_value, e_test(3, 0).p_value, rtol=1e-9)


def test_statistic_is_rate_difference_over_root_pooled_rate() -> None:
    r = e_test(6, 2)
    assert_allclose(r.statistic, 4 / math.sqrt(4), rtol=1e-12)
    assert (r.rate1, r.rate2) == (6.0, 2.0)


@pytest.mark.parametrize(
    ("k1", "k2", "n1", "n2"),
    [
        (6, 2, 1, 1),
        (0, 3, 1, 1),
        (1, 0, 1, 1),
        (9, 4, 1, 1),
        (5, 12, 2, 3),
        (7, 7, 1, 2),
        (15, 3, 1, 1),
    ],
)
def test_e_test_matches_an_independent_brute_force_double_loop(
    k1: int, k2: int, n1: int, n2: int
) -> None:
    assert_allclose(e_test(k1, k2, n1, n2).p_value, _brute_force(k1, k2, n1, n2), atol=1e-10)


def test_large_counts_agree_with_the_normal_approximation() -> None:
    # z = 500 / sqrt(19500); two-sided normal p = 3.43e-4. The E-test is close.
    assert_allclose(e_test(10_000, 9_500).p_value, 3.43e-4, rtol=0.02)


def test_invalid_counts_and_exposures_are_rejected() -> None:
    with pytest.raises(ValueError):
        e_test(-1, 3)
    with pytest.raises(ValueError):
        e_test(2.5, 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        e_test(3, 3, 0.0, 1.0)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60))
def test_p_value_is_a_probability_and_symmetric(k1: int, k2: int) -> None:
    p = e_test(k1, k2).p_value
    assert 0.0 <= p <= 1.0
    assert_allclose(p, e_test(k2, k1).p_value, atol=1e-12)
